/** /account: who you are signed in as, and changing your password (which signs out your other devices). */
import { createSignal, Show } from 'solid-js';
import { session } from '../session.js';
import { changePassword, roleLabel } from './accounts.js';
import { Field, FormError } from './Field.jsx';
import { createFormState } from './formState.js';
import { RequireRole } from './RequireRole.jsx';
import './auth.css';

const MIN_PASSWORD = 12;

function AccountPanel() {
  const state = createFormState();
  const [done, setDone] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const current = String(form.get('currentPassword') ?? '');
    const next = String(form.get('newPassword') ?? '');
    const confirm = String(form.get('confirm') ?? '');
    setDone(false);
    state.clear();
    const local: Record<string, string> = {};
    if (next.length < MIN_PASSWORD) local.newPassword = `Use at least ${MIN_PASSWORD} characters`;
    else if (next !== confirm) local.confirm = 'The two new passwords are not the same';
    if (state.refuse(local)) return;
    await state.send(async () => {
      await changePassword(current, next);
      formEl.reset();
      setDone(true);
    }, 'Could not reach Gapmap. Try again.');
  }

  return (
    <section class="page auth-page" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <Show when={session.latest}>
        {(u) => (
          <dl>
            <dt>Name</dt><dd>{u().name}</dd>
            <dt>Email</dt><dd>{u().email}</dd>
            <dt>Role</dt><dd>{roleLabel(u().role)}</dd>
          </dl>
        )}
      </Show>
      <h2>Change your password</h2>
      <p class="hint">Your other devices will be signed out; this one stays signed in.</p>
      <Show when={done()}><p class="form-ok" role="status">Your password has been changed.</p></Show>
      <form onSubmit={submit} novalidate>
        <FormError message={state.error()} ref={state.errorRef} />
        <Field id="current-password" name="currentPassword" label="Current password" type="password" autocomplete="current-password" required error={state.fields().currentPassword} />
        <Field id="new-password" name="newPassword" label="New password" type="password" autocomplete="new-password" required
          hint={`At least ${MIN_PASSWORD} characters.`} error={state.fields().newPassword} />
        <Field id="confirm-password" name="confirm" label="Type the new password again" type="password" autocomplete="new-password" required error={state.fields().confirm} />
        <button type="submit" disabled={state.busy()}>{state.busy() ? 'Changing…' : 'Change password'}</button>
      </form>
    </section>
  );
}

export default function AccountPage() {
  return (
    <RequireRole roles="signed-in">
      <AccountPanel />
    </RequireRole>
  );
}
