/** /refer/:serviceId — the "Refer" action a service card links to: an optional note, then the code. */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { api, ApiError } from '../api.js';
import messages from '../../i18n/messages/referrals.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { useMessages } from '../i18n/language.js';
import { createReferral } from './referralsApi.js';
import { CodeActions } from './CodeActions.jsx';
import { ContactFields, createContactState } from './ContactFields.jsx';
import './codesign.css';
import type { Service } from '../../server/services/schemas.js';
import { around } from '../ui/around.jsx';

const t = useMessages(messages);

type ServiceCard = Pick<Service, 'id' | 'name' | 'summary' | 'accepting'>;

function ReferForm() {
  const params = useParams<{ serviceId: string }>();
  const [service] = createResource(
    () => params.serviceId,
    (id) => api.get<ServiceCard>(`/api/v1/services/${id}`),
  );
  const [note, setNote] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [noteError, setNoteError] = createSignal<string | null>(null);
  const [code, setCode] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const contact = createContactState();
  const [contactErrors, setContactErrors] = createSignal<Record<string, string>>({});

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNoteError(null);
    setContactErrors({});
    try {
      setCode((await createReferral(params.serviceId, note(), contact.value())).code);
    } catch (err) {
      const contactFields =
        err instanceof ApiError
          ? Object.fromEntries(Object.entries(err.fields).filter(([k]) => k.startsWith('contact.')))
          : {};
      if (err instanceof ApiError && err.fields.note)
        setNoteError(t('notePersonal', { what: err.fields.note.replace(/_/g, ' ') }));
      else if (Object.keys(contactFields).length) {
        setContactErrors(contactFields);
        setError(t('checkContact'));
      } else setError(err instanceof ApiError ? err.message : t('sendFailed'));
    } finally {
      setBusy(false);
    }
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
            <Show when={error()}>
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
              <Show when={noteError()}>
                {(m) => (
                  <span class="field-error" id="referral-note-error" role="alert">
                    {t('errorMessage', { message: m() })}
                  </span>
                )}
              </Show>
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
            <button type="submit" disabled={busy() || !service()}>
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
