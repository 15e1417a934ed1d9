/**
 * Flags waiting to be sent (made with no signal): the list under the flag form, and the sending.
 * Sends when the connection returns (the `online` event), when the page opens, and every 30
 * seconds while something waits; each send carries the flag's own Idempotency-Key, so a retry
 * never stores it twice. A flag the server refuses (its week was published meanwhile) stays in
 * the list with the reason, until the person removes it.
 */
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { weekOf } from '../releases/weeks.js';
import { fieldInWords, formatDateTime } from '../ui/wording.js';
import {
  londonWeekOf,
  newIdempotencyKey,
  putQueued,
  queuedFlags,
  removeQueued,
  type QueuedFlag,
} from '../offline/flagQueue.js';
import { flagNeed, type NeedInput } from './flagApi.js';
import messages from '../../i18n/messages/flag.js';
import { useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

/** Words read when shown, in the chosen language (i18n/messages/flag.ts). */
const WORDS = {
  get heading() {
    return t('waitingHeading');
  },
  get hint() {
    return t('waitingHint');
  },
  get sendNow() {
    return t('sendNow');
  },
  get remove() {
    return t('remove');
  },
  published: (week: string) => t('waitingPublished', { week: weekOf(week) }),
  refused: (fields: string) => t('waitingRefused', { fields }),
  sent: (n: number) =>
    n === 1 ? t('waitingSentOne') : t('waitingSent', { count: formatNumber(n) }),
};

const RETRY_MS = 30_000;

export type SendOutcome =
  | { sent: true; created: { id: string; week: string; countsFrom: string } }
  | { sent: false; queued: QueuedFlag<NeedInput> };

/**
 * Sends a new flag with its own key and week; with no connection (or a reply that never came) it
 * is queued instead. A refusal (422 and other API errors) is thrown as before, and not queued.
 */
export async function sendOrQueue(
  userId: string,
  input: NeedInput,
  label: string,
  now = new Date(),
): Promise<SendOutcome> {
  const queued: QueuedFlag<NeedInput> = {
    key: newIdempotencyKey(),
    userId,
    input: { ...input, week: londonWeekOf(now) },
    label,
    week: londonWeekOf(now),
    createdAt: now.toISOString(),
  };
  if (navigator.onLine) {
    try {
      return { sent: true, created: await flagNeed(queued.input, queued.key) };
    } catch (err) {
      if (err instanceof ApiError) throw err;
      // A network failure: the flag may or may not have arrived; its key makes the retry safe.
    }
  }
  await putQueued(queued);
  return { sent: false, queued };
}

export function WaitingFlags(props: {
  userId: string;
  onSent?: () => void;
  ref?: (api: { refresh(): Promise<void> }) => void;
}) {
  const [items, setItems] = createSignal<QueuedFlag<NeedInput>[]>([]);
  const [status, setStatus] = createSignal('');
  let sending = false;

  const refresh = async () => setItems(await queuedFlags<NeedInput>(props.userId));

  const sendWaiting = async () => {
    if (sending || !navigator.onLine) return;
    sending = true;
    let sent = 0;
    try {
      for (const flag of await queuedFlags<NeedInput>(props.userId)) {
        if (flag.refused) continue;
        try {
          await flagNeed(flag.input, flag.key);
          await removeQueued(flag.key);
          sent += 1;
        } catch (err) {
          if (!(err instanceof ApiError)) break; // still no connection: try again later
          if (err.status === 422) {
            const fields = err.fields;
            await putQueued({
              ...flag,
              refused: fields.week
                ? WORDS.published(flag.week)
                : WORDS.refused(Object.keys(fields).map(fieldInWords).join(', ') || t('it')),
            });
          } else break; // signed out, rate-limited or a server fault: kept, tried again later
        }
      }
    } finally {
      sending = false;
      await refresh();
      if (sent) {
        setStatus(WORDS.sent(sent));
        props.onSent?.();
      }
    }
  };

  onMount(() => {
    props.ref?.({
      refresh: async () => {
        await refresh();
        void sendWaiting();
      },
    });
    void refresh().then(sendWaiting);
    const online = () => void sendWaiting();
    window.addEventListener('online', online);
    const timer = setInterval(() => {
      if (items().some((f) => !f.refused)) void sendWaiting();
    }, RETRY_MS);
    onCleanup(() => {
      window.removeEventListener('online', online);
      clearInterval(timer);
    });
  });

  const remove = async (key: string) => {
    await removeQueued(key);
    await refresh();
  };

  return (
    <section aria-labelledby="waiting-heading" class="waiting-flags">
      <p class="flag-status" role="status">
        {status()}
      </p>
      <Show when={items().length}>
        <h2 id="waiting-heading">{WORDS.heading}</h2>
        <p class="hint">{WORDS.hint}</p>
        <ul class="recent-flags">
          <For each={items()}>
            {(f) => (
              <li data-state={f.refused ? 'refused' : 'waiting'}>
                <span>
                  {f.label}{' '}
                  <span class="hint">
                    · {weekOf(f.week)} · made {formatDateTime(f.createdAt)}
                  </span>
                  <Show when={f.refused}>
                    {(reason) => (
                      <span class="flag-error" role="alert">
                        <span aria-hidden="true">⚠ </span>
                        {reason()}
                      </span>
                    )}
                  </Show>
                </span>
                <Show when={f.refused}>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => remove(f.key)}
                    aria-label={`${WORDS.remove}: ${f.label}`}
                  >
                    {WORDS.remove}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={items().some((f) => !f.refused)}>
          <button type="button" class="secondary" onClick={() => void sendWaiting()}>
            {WORDS.sendNow}
          </button>
        </Show>
      </Show>
    </section>
  );
}
