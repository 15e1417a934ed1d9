/** /refer/:serviceId — the "Refer" action a service card links to: an optional note, then the code. */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { api, ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { createReferral } from './referralsApi.js';
import { CodeActions } from './CodeActions.jsx';
import { ContactFields, createContactState } from './ContactFields.jsx';
import './codesign.css';

interface ServiceCard {
  id: string;
  name: string;
  summary: string;
  accepting: 'open' | 'waitlist' | 'full';
}

function ReferForm() {
  const params = useParams<{ serviceId: string }>();
  const [service] = createResource(() => params.serviceId, (id) => api.get<ServiceCard>(`/api/v1/services/${id}`));
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
      const contactFields = err instanceof ApiError ? Object.fromEntries(Object.entries(err.fields).filter(([k]) => k.startsWith('contact.'))) : {};
      if (err instanceof ApiError && err.fields.note) setNoteError(`This looks like personal data (${err.fields.note.replace(/_/g, ' ')}). Remove it: the note goes to the provider.`);
      else if (Object.keys(contactFields).length) {
        setContactErrors(contactFields);
        setError('Check the contact details below.');
      } else setError(err instanceof ApiError ? err.message : 'Could not send the referral.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page cd-form">
      <h1>Refer someone</h1>
      <Show when={service.error}><p class="cd-error" role="alert">This service could not be found.</p></Show>
      <Show when={service()}>
        {(s) => (
          <>
            <p><strong>{s().name}</strong>: {s().summary}</p>
            <Show when={s().accepting !== 'open'}><p class="cd-error">This service says it is {s().accepting === 'full' ? 'full' : 'running a waiting list'} at the moment.</p></Show>
          </>
        )}
      </Show>
      <Show
        when={code()}
        fallback={
          <form onSubmit={submit}>
            <Show when={error()}>{(m) => <p class="cd-error" role="alert">{m()}</p>}</Show>
            <div class="field">
              <label for="referral-note">Note for the provider (optional)</label>
              <span class="hint" id="referral-note-hint">Up to 280 characters. No names, phone numbers, emails, postcodes, dates of birth or NHS numbers.</span>
              <Show when={noteError()}>{(m) => <span class="field-error" id="referral-note-error" role="alert">Error: {m()}</span>}</Show>
              <textarea id="referral-note" maxlength="280" value={note()} onInput={(e) => setNote(e.currentTarget.value)}
                aria-describedby={`referral-note-hint${noteError() ? ' referral-note-error' : ''}`} aria-invalid={noteError() ? 'true' : undefined} />
            </div>
            <ContactFields state={contact} errors={contactErrors()} />
            <button type="submit" disabled={busy() || !service()}>Send referral</button>
          </form>
        }
      >
        {(c) => (
          <div class="cd-ok" role="status">
            <p>Referral sent. Give the person this code:</p>
            <p class="cd-code" aria-label={`Referral code ${c().split('').join(' ')}`}>{c()}</p>
            <CodeActions code={c()} serviceName={service()?.name} />
            <p>The organisation has been told. Follow its status in <A href="/referrals">My referrals</A>.</p>
          </div>
        )}
      </Show>
    </section>
  );
}

export default function ReferPage() {
  return <RequireRole roles={['link_worker']}><ReferForm /></RequireRole>;
}
