/** /services/:id — one service in full: schedule, venues, calendar link, and the organiser's actions. */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { session } from '../session.js';
import { directoryApi, placeText, whenText, type Service } from './directoryApi.js';
import { ServiceCard } from './ServiceCard.jsx';
import './directory.css';

function ServiceDetail(props: { id: string }) {
  const navigate = useNavigate();
  const [service, { mutate }] = createResource(() => props.id, (id) => directoryApi.get(id));
  const [message, setMessage] = createSignal<string | null>(null);

  const canManage = (s: Service) => {
    const user = session.latest;
    return !!user && (user.role === 'admin' || (user.role === 'organiser' && user.organisationId === s.organisationId));
  };
  const venueName = (s: Service, id: string | null) => {
    const l = s.locations.find((x) => x.id === id);
    return l ? placeText(l) : null;
  };

  async function verify(s: Service) {
    try {
      mutate(await directoryApi.verify(s.id));
      setMessage('Thank you: marked as checked today.');
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'Could not mark it as checked.');
    }
  }

  async function remove(s: Service) {
    if (!window.confirm(`Remove “${s.name}” from the directory? This cannot be undone.`)) return;
    try {
      await directoryApi.remove(s.id);
      navigate('/directory/mine');
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'Could not remove it.');
    }
  }

  return (
    <section class="page">
      <Show when={service.error}><p class="error" role="alert">{service.error instanceof ApiError && service.error.status === 404 ? 'This service is not in the directory.' : 'Could not load this service.'}</p></Show>
      <Show when={service()}>
        {(s) => (
          <>
            <p class="no-print"><A href="/directory">← Back to the directory</A></p>
            <ServiceCard service={s()} />
            <Show when={s().description}><h2>About</h2><p style={{ 'white-space': 'pre-line' }}>{s().description}</p></Show>
            <h2>When</h2>
            <Show when={s().schedules.length} fallback={<p>No regular sessions listed.</p>}>
              <ul>
                <For each={s().schedules}>
                  {(r) => <li>{whenText(r)}{venueName(s(), r.locationId) ? ` — ${venueName(s(), r.locationId)}` : ''}{r.validFrom ? ` (from ${r.validFrom})` : ''}{r.validTo ? ` (until ${r.validTo})` : ''}</li>}
                </For>
              </ul>
              <p><a href={directoryApi.calendarUrl(s().id)}>Add the sessions to a calendar (.ics)</a></p>
            </Show>
            <h2>Where</h2>
            <ul>
              <For each={s().locations}>
                {(l) => (
                  <li>
                    {placeText(l)}
                    <Show when={l.bookable}> — rooms can be booked{l.bookingInfo ? `: ${l.bookingInfo}` : ''}</Show>
                    <Show when={l.accessibility.length}> — {l.accessibility.join(', ')}</Show>
                  </li>
                )}
              </For>
            </ul>
            <p class="hint">
              {s().lastVerifiedAt ? `Last checked by the organiser on ${new Date(s().lastVerifiedAt!).toLocaleDateString('en-GB')}.` : 'Never checked by the organiser.'}
              {s().referralUrl ? ' ' : ''}
              {/* Only web and mail links are ever rendered (the server refuses others; older rows may hold one). */}
              <Show when={/^(https?|mailto):/i.test(s().referralUrl ?? '') && s().referralUrl}>{(u) => <a href={u()} rel="noopener noreferrer" target="_blank">Referral form</a>}</Show>
            </p>
            <p class="no-print">
              <Show when={session.latest?.role === 'link_worker' || session.latest?.role === 'admin'}>
                <A class="button" href={`/refer/${s().id}`}>Refer someone</A>{' '}
              </Show>
              <Show when={canManage(s())}>
                <A class="button" href={`/services/${s().id}/edit`}>Edit</A>{' '}
                <button type="button" class="secondary" onClick={() => verify(s())}>Still right — mark as checked</button>{' '}
                <button type="button" class="secondary" onClick={() => remove(s())}>Remove</button>
              </Show>
            </p>
            <p role="status">{message()}</p>
          </>
        )}
      </Show>
    </section>
  );
}

export default function ServicePage() {
  const params = useParams<{ id: string }>();
  return <RequireRole roles="signed-in"><ServiceDetail id={params.id} /></RequireRole>;
}
