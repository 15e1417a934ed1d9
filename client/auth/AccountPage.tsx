/** /account: who you are signed in as, and changing your password (which signs out your other devices). */
import { createSignal, Show } from 'solid-js';
import { session } from '../session.js';
import { changePassword, roleLabel } from './accounts.js';
import { Field, FormError } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { MIN_PASSWORD, NewPasswordFields, newPasswordProblems } from './NewPasswordFields.jsx';
import { RequireRole } from './RequireRole.jsx';
import './auth.css';
import authMessages from '../../i18n/messages/auth.js';
import commonMessages from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(authMessages);
const tCommon = useMessages(commonMessages);

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
    if (state.refuse(newPasswordProblems(next, confirm, 'newPassword', t('newPasswordsDiffer'))))
      return;
    await state.send(async () => {
      await changePassword(current, next);
      formEl.reset();
      setDone(true);
    }, tCommon('offline'));
  }

  return (
    <section class="page auth-page" aria-labelledby="account-title">
      <h1 id="account-title">{t('accountTitle')}</h1>
      <Show when={session.latest}>
        {(u) => (
          <dl>
            <dt>{t('name')}</dt>
            <dd>{u().name}</dd>
            <dt>{t('email')}</dt>
            <dd>{u().email}</dd>
            <dt>{t('role')}</dt>
            <dd>{roleLabel(u().role)}</dd>
          </dl>
        )}
      </Show>
      <h2>{t('changePasswordTitle')}</h2>
      <p class="hint">{t('otherDevices')}</p>
      <Show when={done()}>
        <p class="form-ok" role="status">
          {t('passwordChanged')}
        </p>
      </Show>
      <form onSubmit={submit} novalidate>
        <FormError message={state.error()} ref={state.errorRef} />
        <Field
          id="current-password"
          name="currentPassword"
          label={t('currentPassword')}
          type="password"
          autocomplete="current-password"
          required
          error={state.fields().currentPassword}
        />
        <NewPasswordFields
          ids={['new-password', 'confirm-password']}
          name="newPassword"
          label={t('newPassword')}
          hint={t('newPasswordHint', { count: MIN_PASSWORD })}
          confirmLabel={t('typeNewAgain')}
          errors={state.fields()}
        />
        <button type="submit" disabled={state.busy()}>
          {state.busy() ? t('changing') : t('changePassword')}
        </button>
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
