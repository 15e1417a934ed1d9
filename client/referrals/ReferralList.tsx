/**
 * Referrals with their status, history and the next steps the reader may take. Used by the
 * organiser's inbox and the Link Worker's "my referrals"; the server decides which moves each
 * reader may make (allowedMoves), so the buttons are always the legal ones.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { formatDateTime, listReferrals, MOVE_LABELS, moveReferral, STATUS_LABELS, type Referral, type ReferralStatus } from './referralsApi.js';

const FINAL: ReferralStatus[] = ['attended', 'not_a_fit', 'no_response', 'withdrawn'];

export function ReferralList(props: { emptyText: string; onMoved?: () => void }) {
  const [items, setItems] = createSignal<Referral[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);

  async function load(more = false) {
    setLoading(true);
    try {
      const page = await listReferrals({ status: status() || undefined, cursor: more ? cursor() : null });
      setItems(more ? [...items(), ...page.items] : page.items);
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not load referrals.');
    } finally {
      setLoading(false);
    }
  }
  void load();

  async function move(r: Referral, to: ReferralStatus) {
    try {
      await moveReferral(r, to);
      setNotice(`Referral ${r.code} is now: ${STATUS_LABELS[to]}.`);
      props.onMoved?.();
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${e.status === 409 ? ' The list has been reloaded.' : ''}` : 'Could not update the referral.');
      await load();
    }
  }

  return (
    <>
      <div class="cd-row">
        <div class="field">
          <label for="referral-status">Show</label>
          <select id="referral-status" value={status()} onChange={(e) => { setStatus(e.currentTarget.value); void load(); }}>
            <option value="">All statuses</option>
            <For each={Object.entries(STATUS_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
          </select>
        </div>
      </div>
      <div aria-live="polite">
        <Show when={notice()}>{(n) => <p class="cd-ok">{n()}</p>}</Show>
        <Show when={error()}>{(m) => <p class="cd-error" role="alert">{m()}</p>}</Show>
      </div>
      <Show when={!loading() || items().length} fallback={<p role="status">Loading referrals…</p>}>
        <Show when={items().length} fallback={<p>{props.emptyText}</p>}>
          <ul class="cd-list" aria-label="Referrals">
            <For each={items()}>
              {(r) => (
                <li class="cd-card">
                  <h2><span class="cd-code">{r.code}</span> to {r.serviceName}</h2>
                  <p>
                    Status: <span class="cd-status" data-final={FINAL.includes(r.status) ? 'true' : 'false'}>{STATUS_LABELS[r.status]}</span>
                    {' '}· sent {formatDateTime(r.createdAt)}
                  </p>
                  <Show when={r.note}>{(note) => <p><strong>Note:</strong> {note()}</p>}</Show>
                  <details>
                    <summary>History ({r.history.length} step{r.history.length === 1 ? '' : 's'})</summary>
                    <ol class="cd-history">
                      <For each={r.history}>{(h) => <li>{STATUS_LABELS[h.status]} — <time datetime={h.at}>{formatDateTime(h.at)}</time></li>}</For>
                    </ol>
                  </details>
                  <Show when={r.allowedMoves.length}>
                    <div class="cd-actions" role="group" aria-label={`Update referral ${r.code}`}>
                      <For each={r.allowedMoves}>
                        {(m) => (
                          <button type="button" class={m === 'withdrawn' ? 'secondary' : undefined} onClick={() => void move(r, m)}>
                            {MOVE_LABELS[m]}<span class="visually-hidden"> referral {r.code}</span>
                          </button>
                        )}
                      </For>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={cursor()}>
            <button type="button" class="secondary" onClick={() => void load(true)}>Show more referrals</button>
          </Show>
        </Show>
      </Show>
    </>
  );
}
