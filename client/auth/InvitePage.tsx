/** /invite/:token: who the invitation is for, then a name and a password to create the account. */
import { useNavigate, useParams } from '@solidjs/router';
import { createResource, Match, Switch } from 'solid-js';
import { ApiError } from '../api.js';
import { acceptInvite, previewInvite, roleLabel } from './accounts.js';
import { Field, FormError } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { MIN_PASSWORD, NewPasswordFields, newPasswordProblems } from './NewPasswordFields.jsx';
import './auth.css';
import authMessages from '../../i18n/messages/auth.js';
import commonMessages from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(authMessages);
const tCommon = useMessages(commonMessages);

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
    const local: Record<string, string> = {
      ...(name ? {} : { name: t('enterName') }),
      ...newPasswordProblems(password, confirm, 'password', t('passwordsDiffer')),
    };
    if (state.refuse(local)) return;
    await state.send(async () => {
      await acceptInvite(params.token, name, password);
      navigate('/', { replace: true });
    }, tCommon('offline'));
  }

  return (
    <section class="page auth-page" aria-labelledby="invite-title">
      <h1 id="invite-title">{t('inviteTitle')}</h1>
      <Switch>
        <Match when={invite.loading}>
          <p role="status">{t('checkingInvite')}</p>
        </Match>
        <Match when={invite.error}>
          <div class="form-error" role="alert">
            {invite.error instanceof ApiError && invite.error.status === 410
              ? t('inviteExpired', { message: invite.error.message })
              : t('inviteInvalid')}
          </div>
          <p>
            <a href="/sign-in">{t('goToSignIn')}</a>
          </p>
        </Match>
        <Match when={invite()}>
          {(inv) => (
            <>
              <p>
                {inv().organisationName
                  ? t('invitedAsFor', {
                      role: roleLabel(inv().role),
                      organisation: inv().organisationName ?? '',
                    })
                  : t('invitedAs', { role: roleLabel(inv().role) })}{' '}
                {t('accountEmail', { email: inv().email })}
              </p>
              <form onSubmit={submit} novalidate>
                <FormError message={state.error()} ref={state.errorRef} />
                <Field
                  id="name"
                  name="name"
                  label={t('yourName')}
                  autocomplete="name"
                  required
                  maxlength={120}
                  error={state.fields().name}
                />
                <NewPasswordFields
                  ids={['password', 'confirm']}
                  name="password"
                  label={t('choosePassword')}
                  hint={t('choosePasswordHint', { count: MIN_PASSWORD })}
                  confirmLabel={t('typeAgain')}
                  errors={state.fields()}
                />
                <button type="submit" disabled={state.busy()}>
                  {state.busy() ? t('creatingAccount') : t('createAccount')}
                </button>
              </form>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
