/** /sign-in: email and password; the server's message on failure; then on to where the user was going. */
import { useNavigate, useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { session } from '../session.js';
import { logIn, safeNext } from './accounts.js';
import { Field, FormError } from './Field.jsx';
import { createFormState } from './formState.js';
import './auth.css';

export default function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const state = createFormState();

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    state.clear();
    await state.send(async () => {
      await logIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      navigate(safeNext(params.next), { replace: true });
    }, 'Could not reach Gapmap. Check your connection and try again.');
  }

  return (
    <section class="page auth-page" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <Show when={session.latest}>
        {(u) => <p class="form-ok" role="status">You are signed in as {u().name}. Signing in here switches account.</p>}
      </Show>
      <p class="hint">Accounts are by invitation. If you have an invitation link, open it to set your password.</p>
      <form onSubmit={submit} novalidate aria-describedby={state.error() ? 'sign-in-error' : undefined}>
        <div id="sign-in-error">
          <FormError message={state.error()} ref={state.errorRef} />
        </div>
        <Field id="email" name="email" label="Email" type="email" autocomplete="username" required error={state.fields().email} />
        <Field id="password" name="password" label="Password" type="password" autocomplete="current-password" required error={state.fields().password} />
        <button type="submit" disabled={state.busy()}>{state.busy() ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </section>
  );
}
