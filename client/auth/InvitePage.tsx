/** /invite/:token: who the invitation is for, then a name and a password to create the account. */
import { useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, Match, Switch } from 'solid-js';
import { ApiError } from '../api.js';
import { acceptInvite, previewInvite, ROLE_LABELS } from './accounts.js';
import { Field, FormError } from './Field.jsx';
import './auth.css';

const MIN_PASSWORD = 12;

export default function InvitePage() {
  const params = useParams<{ token: string }>();
  const navigate = useNavigate();
  const [invite] = createResource(() => params.token, previewInvite);
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const confirm = String(form.get('confirm') ?? '');
    setError(null);
    // Checked here only to save a round trip; the server enforces the same rules.
    const local: Record<string, string> = {};
    if (!name) local.name = 'Enter your name';
    if (password.length < MIN_PASSWORD) local.password = `Use at least ${MIN_PASSWORD} characters`;
    else if (password !== confirm) local.confirm = 'The two passwords are not the same';
    setFields(local);
    if (Object.keys(local).length) {
      setError('Check the fields marked below.');
      queueMicrotask(() => errorBox?.focus());
      return;
    }
    setBusy(true);
    try {
      await acceptInvite(params.token, name, password);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not reach Gapmap. Check your connection and try again.');
      if (err instanceof ApiError) setFields(err.fields);
      queueMicrotask(() => errorBox?.focus());
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page auth-page" aria-labelledby="invite-title">
      <h1 id="invite-title">Accept your invitation</h1>
      <Switch>
        <Match when={invite.loading}>
          <p role="status">Checking your invitation…</p>
        </Match>
        <Match when={invite.error}>
          <div class="form-error" role="alert">
            {invite.error instanceof ApiError && invite.error.status === 410
              ? `${invite.error.message} Ask the person who invited you for a new link.`
              : 'This invitation link is not valid. Check that you copied all of it.'}
          </div>
          <p><a href="/sign-in">Go to sign in</a></p>
        </Match>
        <Match when={invite()}>
          {(inv) => (
            <>
              <p>
                You have been invited to Gapmap as <strong>{ROLE_LABELS[inv().role]}</strong>
                {inv().organisationName ? <> for <strong>{inv().organisationName}</strong></> : null}. Your account will use the email{' '}
                <strong>{inv().email}</strong>.
              </p>
              <form onSubmit={submit} novalidate>
                <FormError message={error()} ref={(el) => (errorBox = el)} />
                <Field id="name" name="name" label="Your name" autocomplete="name" required maxlength={120} error={fields().name} />
                <Field id="password" name="password" label="Choose a password" type="password" autocomplete="new-password" required
                  hint={`At least ${MIN_PASSWORD} characters. A few unrelated words work well.`} error={fields().password} />
                <Field id="confirm" name="confirm" label="Type the password again" type="password" autocomplete="new-password" required error={fields().confirm} />
                <button type="submit" disabled={busy()}>{busy() ? 'Creating your account…' : 'Create account and sign in'}</button>
              </form>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
