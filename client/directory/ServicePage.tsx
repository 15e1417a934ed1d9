/** /services/:id — one service in full: schedule, venues, calendar link, and the organiser's actions. */
import { shareService } from './shareService.js';
import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { session } from '../session.js';
import { directoryApi, placeText, whenText, type Service } from './directoryApi.js';
import { accessibilityList, formatDate } from '../ui/wording.js';
import { ServiceCard } from './ServiceCard.jsx';
import './directory.css';
import messages from '../../i18n/messages/servicePage.js';
import services from '../../i18n/messages/services.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);
const tServices = useMessages(services);

function ServiceDetail(props: { id: string }) {
  const navigate = useNavigate();
  const [service, { mutate }] = createResource(
    () => props.id,
    (id) => directoryApi.get(id),
  );
  const [message, setMessage] = createSignal<string | null>(null);

  const canManage = (s: Service) => {
    const user = session.latest;
    return (
      !!user &&
      (user.role === 'admin' ||
        (user.role === 'organiser' && user.organisationId === s.organisationId))
    );
  };
  const venueName = (s: Service, id: string | null) => {
    const l = s.locations.find((x) => x.id === id);
    return l ? placeText(l) : null;
  };

  async function verify(s: Service) {
    try {
      mutate(await directoryApi.verify(s.id));
      setMessage(t('markedChecked'));
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : t('couldNotCheck'));
    }
  }

  async function remove(s: Service) {
    if (!window.confirm(t('confirmRemove', { name: s.name }))) return;
    try {
      await directoryApi.remove(s.id);
      navigate('/directory/mine');
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : t('couldNotRemove'));
    }
  }

  return (
    <section class="page">
      <Show when={service.error}>
        <p class="error" role="alert">
          {service.error instanceof ApiError && service.error.status === 404
            ? t('notInDirectory')
            : t('couldNotLoad')}
        </p>
      </Show>
      <Show when={service()}>
        {(s) => (
          <>
            <p class="no-print">
              <A href="/directory">{t('back')}</A>
            </p>
            <ServiceCard service={s()} />
            <Show when={s().description}>
              <h2>{t('about')}</h2>
              <p style={{ 'white-space': 'pre-line' }}>{s().description}</p>
            </Show>
            <h2>{tServices('when')}</h2>
            <Show when={s().schedules.length} fallback={<p>{t('noSessions')}</p>}>
              <ul>
                <For each={s().schedules}>
                  {(r) => (
                    <li>
                      {whenText(r)}
                      {venueName(s(), r.locationId) ? ` — ${venueName(s(), r.locationId)}` : ''}
                      {r.validFrom ? ` ${t('fromDate', { date: formatDate(r.validFrom) })}` : ''}
                      {r.validTo ? ` ${t('untilDate', { date: formatDate(r.validTo) })}` : ''}
                    </li>
                  )}
                </For>
              </ul>
              <p>
                <a href={directoryApi.calendarUrl(s().id)}>{t('addToCalendar')}</a>
              </p>
            </Show>
            <h2>{tServices('where')}</h2>
            <ul>
              <For each={s().locations}>
                {(l) => (
                  <li>
                    {placeText(l)}
                    <Show when={l.bookable}>
                      {' '}
                      —{' '}
                      {l.bookingInfo
                        ? t('roomsBookableInfo', { info: l.bookingInfo })
                        : t('roomsBookable')}
                    </Show>
                    <Show when={l.accessibility.length}>
                      {' '}
                      — {accessibilityList(l.accessibility)}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <p class="hint">
              {s().lastVerifiedAt
                ? t('lastChecked', { date: formatDate(s().lastVerifiedAt!) })
                : t('neverChecked')}
              {s().referralUrl ? ' ' : ''}
              {/* Only web and mail links are ever rendered (the server refuses others; older rows may hold one). */}
              <Show when={/^(https?|mailto):/i.test(s().referralUrl ?? '') && s().referralUrl}>
                {(u) => (
                  <a href={u()} rel="noopener noreferrer" target="_blank">
                    {t('referralForm')}
                  </a>
                )}
              </Show>
            </p>
            <p class="no-print">
              <Show
                when={session.latest?.role === 'link_worker' || session.latest?.role === 'admin'}
              >
                <A class="button" href={`/refer/${s().id}`}>
                  {t('referSomeone')}
                </A>{' '}
              </Show>
              <Show when={s().status === 'active'}>
                <button
                  type="button"
                  class="secondary"
                  onClick={async () => setMessage(await shareService(s().id, s().name))}
                >
                  {tServices('copyForMessage')}
                </button>{' '}
              </Show>
              <Show when={canManage(s())}>
                <A class="button" href={`/services/${s().id}/edit`}>
                  {t('edit')}
                </A>{' '}
                <button type="button" class="secondary" onClick={() => verify(s())}>
                  {t('markAsChecked')}
                </button>{' '}
                <button type="button" class="secondary" onClick={() => remove(s())}>
                  {t('remove')}
                </button>
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
  return (
    <RequireRole roles="signed-in">
      <ServiceDetail id={params.id} />
    </RequireRole>
  );
}
