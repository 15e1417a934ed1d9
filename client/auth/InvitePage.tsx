/** /invite/:token: who the invitation is for, then a name and a password to create the account. */
import { useNavigate, useParams } from '@solidjs/router';
import { createResource, Match, Switch } from 'solid-js';
import { ApiError } from '../api.js';
import { acceptInvite, previewInvite, roleLabel } from './accounts.js';
import { Field, FormError } from './Field.jsx';
import { createFormState } from './formState.js';
import './auth.css';

const MIN_PASSWORD = 12;

export default function InvitePage() {
  const params = useParams<{ token: string }>();
  const navigate = useNavigate();
  const [invite] = createResource(() => params.token, previewInvite);
  const state = createFormState();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const confirm = String(form.get('confirm') ?? '');
    state.clear();
    // Checked here only to save a round trip; the server enforces the same rules.
    const local: Record<string, string> = {};
    if (!name) local.name = 'Enter your name';
    if (password.length < MIN_PASSWORD) local.password = `Use at least ${MIN_PASSWORD} characters`;
    else if (password !== confirm) local.confirm = 'The two passwords are not the same';
    if (state.refuse(local)) return;
    await state.send(async () => {
      await acceptInvite(params.token, name, password);
      navigate('/', { replace: true });
    }, 'Could not reach Gapmap. Check your connection and try again.');
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
                You have been invited to Gapmap as <strong>{roleLabel(inv().role)}</strong>
                {inv().organisationName ? <> for <strong>{inv().organisationName}</strong></> : null}. Your account will use the email{' '}
                <strong>{inv().email}</strong>.
              </p>
              <form onSubmit={submit} novalidate>
                <FormError message={state.error()} ref={state.errorRef} />
                <Field id="name" name="name" label="Your name" autocomplete="name" required maxlength={120} error={state.fields().name} />
                <Field id="password" name="password" label="Choose a password" type="password" autocomplete="new-password" required
                  hint={`At least ${MIN_PASSWORD} characters. A few unrelated words work well.`} error={state.fields().password} />
                <Field id="confirm" name="confirm" label="Type the password again" type="password" autocomplete="new-password" required error={state.fields().confirm} />
                <button type="submit" disabled={state.busy()}>{state.busy() ? 'Creating your account…' : 'Create account and sign in'}</button>
              </form>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
