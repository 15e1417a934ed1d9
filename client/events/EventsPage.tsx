/** /events: network breakfasts and hub open days, soonest first; organisers announce their own. */
import { createSignal, For, Show } from 'solid-js';
import { api, ApiError, type Page } from '../api.js';
import { Field } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { hasRole } from '../session.js';
import '../referrals/codesign.css';
import { createPagedList } from '../ui/pagedList.js';
import { LoadMore } from '../ui/LoadMore.jsx';
import { formatDate, formatNumber } from '../ui/wording.js';
import messages from '../../i18n/messages/codesign.js';
import { locale, useMessages } from '../i18n/language.js';
import type { NetworkEvent } from '../../server/events/schemas.js';

const t = useMessages(messages);

const when = (e: NetworkEvent) => {
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' });
  const weekday = new Intl.DateTimeFormat(locale(), { weekday: 'long' });
  const start = new Date(e.startsAt);
  return `${weekday.format(start)} ${formatDate(start)}, ${time.format(start)}–${time.format(new Date(e.endsAt))}`;
};

function Events() {
  const events = createPagedList(
    (cursor, signal) =>
      api.get<Page<NetworkEvent>>('/api/v1/events', { query: { limit: 50, cursor }, signal }),
    { failed: () => t('loadEventsFailed') },
  );
  const announce = createFormState();
  /** The page's one status line: the outcome of the last thing done here (attending or announcing). */
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);

  async function attend(e: NetworkEvent, going: boolean) {
    try {
      const answer = going
        ? await api.put<{ going: boolean; comingCount: number | null }>(
            `/api/v1/events/${e.id}/attendance`,
            {},
          )
        : await api.delete<{ going: boolean; comingCount: number | null }>(
            `/api/v1/events/${e.id}/attendance`,
          );
      events.update((items) => items.map((x) => (x.id === e.id ? { ...x, ...answer } : x)));
      setMessage({
        ok: true,
        text: going ? t('youWillCome', { title: e.title }) : t('noLongerDown', { title: e.title }),
      });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : t('saveFailed') });
    }
  }

  async function create(e: SubmitEvent) {
    e.preventDefault();
    const el = e.currentTarget as HTMLFormElement;
    const f = new FormData(el);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    // datetime-local has no zone: read it as the browser's local time and send UTC.
    const iso = (k: string) => (text(k) ? new Date(text(k)).toISOString() : '');
    const announced = await announce.send(async () => {
      await api.post('/api/v1/events', {
        title: text('title'),
        description: text('description'),
        place: text('place'),
        startsAt: iso('startsAt'),
        endsAt: iso('endsAt'),
      });
      el.reset();
      announce.clear();
    }, t('announceFailed'));
    if (!announced) {
      setMessage({ ok: false, text: announce.error() ?? t('announceFailed') });
      return;
    }
    setMessage({ ok: true, text: t('eventAnnounced') });
    await events.reload();
  }

  return (
    <section class="page">
      <h1>{t('eventsTitle')}</h1>
      <p>
        {t('eventsIntro')}{' '}
        <a href="/api/v1/events.ics" rel="external">
          {t('subscribe')}
        </a>
      </p>
      <div aria-live="polite">
        <Show when={message() ?? (events.error() ? { ok: false, text: events.error()! } : null)}>
          {(m) => <p class={m().ok ? 'cd-ok' : 'cd-error'}>{m().text}</p>}
        </Show>
      </div>
      <ul class="cd-list" aria-label={t('upcomingEvents')}>
        <For each={events.items()} fallback={<li>{t('noEvents')}</li>}>
          {(e) => (
            <li class="cd-card">
              <h2>{e.title}</h2>
              <p>
                <time datetime={e.startsAt}>{when(e)}</time> · {e.place}
                {e.organisationName ? ` · ${t('hostedBy', { name: e.organisationName })}` : ''}
              </p>
              <Show when={e.description}>
                <p>{e.description}</p>
              </Show>
              <Show when={e.comingCount !== null}>
                <p>
                  <strong>
                    {e.comingCount === 1
                      ? t('comingOne')
                      : t('comingMany', { count: formatNumber(e.comingCount ?? 0) })}
                  </strong>{' '}
                  <span class="hint">{t('comingPrivate')}</span>
                </p>
              </Show>
              <div class="cd-actions">
                <Show
                  when={e.going}
                  fallback={
                    <button type="button" onClick={() => void attend(e, true)}>
                      {t('illCome')}
                      <span class="visually-hidden"> {t('toEvent', { title: e.title })}</span>
                    </button>
                  }
                >
                  <span class="badge">✓ {t('youreComing')}</span>
                  <button type="button" class="secondary" onClick={() => void attend(e, false)}>
                    {t('cantCome')}
                    <span class="visually-hidden"> {t('toEvent', { title: e.title })}</span>
                  </button>
                </Show>
              </div>
            </li>
          )}
        </For>
      </ul>
      <LoadMore list={events} label={t('showMoreEvents')} />
      <Show when={hasRole('organiser')}>
        <section class="cd-section cd-form" aria-labelledby="new-event">
          <h2 id="new-event">{t('announceHeading')}</h2>
          <form onSubmit={(e) => void create(e)}>
            <Field
              id="ev-title"
              name="title"
              label={t('titleLabel')}
              required
              maxlength="200"
              error={announce.fields().title}
            />
            <Field
              id="ev-place"
              name="place"
              label={t('placeLabel')}
              required
              maxlength="300"
              error={announce.fields().place}
            />
            <div class="cd-row">
              <Field
                id="ev-start"
                name="startsAt"
                label={t('starts')}
                type="datetime-local"
                required
                error={announce.fields().startsAt}
              />
              <Field
                id="ev-end"
                name="endsAt"
                label={t('ends')}
                type="datetime-local"
                required
                error={announce.fields().endsAt}
              />
            </div>
            <div class="field">
              <label for="ev-description">{t('details')}</label>
              <textarea id="ev-description" name="description" maxlength="4000" />
            </div>
            <button type="submit">{t('announce')}</button>
          </form>
        </section>
      </Show>
    </section>
  );
}

export default function EventsPage() {
  return (
    <RequireRole roles="signed-in">
      <Events />
    </RequireRole>
  );
}
