/** /sign-in: email and password; the server's message on failure; then on to where the user was going. */
import { useNavigate, useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { session } from '../session.js';
import { logIn, safeNext } from './accounts.js';
import { Field, FormError } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import './auth.css';
import authMessages from '../../i18n/messages/auth.js';
import commonMessages from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(authMessages);
const tCommon = useMessages(commonMessages);

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
    }, tCommon('offline'));
  }

  return (
    <section class="page auth-page" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signInTitle')}</h1>
      <Show when={session.latest}>
        {(u) => (
          <p class="form-ok" role="status">
            {t('alreadySignedIn', { name: u().name })}
          </p>
        )}
      </Show>
      <p class="hint">{t('byInvitation')}</p>
      <form
        onSubmit={submit}
        novalidate
        aria-describedby={state.error() ? 'sign-in-error' : undefined}
      >
        <div id="sign-in-error">
          <FormError message={state.error()} ref={state.errorRef} />
        </div>
        <Field
          id="email"
          name="email"
          label={t('email')}
          type="email"
          autocomplete="username"
          required
          error={state.fields().email}
        />
        <Field
          id="password"
          name="password"
          label={t('password')}
          type="password"
          autocomplete="current-password"
          required
          error={state.fields().password}
        />
        <button type="submit" disabled={state.busy()}>
          {state.busy() ? t('signingIn') : t('signInButton')}
        </button>
      </form>
    </section>
  );
}
