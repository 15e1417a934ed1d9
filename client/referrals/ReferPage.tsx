/** /refer/:serviceId — the "Refer" action a service card links to: an optional note, then the code. */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { api } from '../api.js';
import messages from '../../i18n/messages/referrals.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { useMessages } from '../i18n/language.js';
import { createReferral } from './referralsApi.js';
import { CodeActions } from './CodeActions.jsx';
import { ContactFields, createContactState } from './ContactFields.jsx';
import './codesign.css';
import type { Service } from '../../server/services/schemas.js';
import { around } from '../ui/around.jsx';
import { FieldError } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';

const t = useMessages(messages);

type ServiceCard = Pick<Service, 'id' | 'name' | 'summary' | 'accepting'>;

function ReferForm() {
  const params = useParams<{ serviceId: string }>();
  const [service] = createResource(
    () => params.serviceId,
    (id) => api.get<ServiceCard>(`/api/v1/services/${id}`),
  );
  const [note, setNote] = createSignal('');
  const [code, setCode] = createSignal<string | null>(null);
  const contact = createContactState();
  const state = createFormState();
  /** Personal data in the note is the reason shown first: the contact's errors wait for it. */
  const noteError = () => {
    const what = state.fields().note;
    return what ? t('notePersonal', { what: what.replace(/_/g, ' ') }) : null;
  };
  const contactErrors = () => (state.fields().note ? {} : state.fields());

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    state.clear();
    const [serviceId, text, contactInput] = [params.serviceId, note(), contact.value()];
    await state.send(
      async () => {
        setCode((await createReferral(serviceId, text, contactInput)).code);
      },
      t('sendFailed'),
      // The note's reason is shown beside it; the contact's errors get one line above the form.
      (err) => {
        if (err.fields.note) return null;
        const contactWrong = Object.keys(err.fields).some((k) => k.startsWith('contact.'));
        return contactWrong ? t('checkContact') : err.message;
      },
    );
  }

  return (
    <section class="page cd-form">
      <h1>{t('referTitle')}</h1>
      <Show when={service.error}>
        <p class="cd-error" role="alert">
          {t('serviceNotFound')}
        </p>
      </Show>
      <Show when={service()}>
        {(s) => (
          <>
            <p>
              <strong>{s().name}</strong>: {s().summary}
            </p>
            <Show when={s().accepting !== 'open'}>
              <p class="cd-error">
                {s().accepting === 'full' ? t('serviceFull') : t('serviceWaitlist')}
              </p>
            </Show>
          </>
        )}
      </Show>
      <Show
        when={code()}
        fallback={
          <form onSubmit={submit}>
            <Show when={state.error()}>
              {(m) => (
                <p class="cd-error" role="alert">
                  {m()}
                </p>
              )}
            </Show>
            <div class="field">
              <label for="referral-note">{t('noteLabel')}</label>
              <span class="hint" id="referral-note-hint">
                {t('noteHint')}
              </span>
              <FieldError id="referral-note-error" message={noteError()} alert />
              <textarea
                id="referral-note"
                maxlength="280"
                value={note()}
                onInput={(e) => setNote(e.currentTarget.value)}
                aria-describedby={`referral-note-hint${noteError() ? ' referral-note-error' : ''}`}
                aria-invalid={noteError() ? 'true' : undefined}
              />
            </div>
            <ContactFields state={contact} errors={contactErrors()} />
            <button type="submit" disabled={state.busy() || !service()}>
              {t('sendReferral')}
            </button>
          </form>
        }
      >
        {(c) => (
          <div class="cd-ok" role="status">
            <p>{t('referralSent')}</p>
            <p class="cd-code" aria-label={t('codeAria', { code: c().split('').join(' ') })}>
              {c()}
            </p>
            <CodeActions code={c()} serviceName={service()?.name} />
            <p>{around(t('orgTold'), 'link', <A href="/referrals">{t('myTitle')}</A>)}</p>
          </div>
        )}
      </Show>
    </section>
  );
}

export default function ReferPage() {
  return (
    <RequireRole roles={['link_worker']}>
      <ReferForm />
    </RequireRole>
  );
}
