/**
 * Referrals with their status, history and the next steps the reader may take. Used by the
 * organiser's inbox and the Link Worker's "my referrals"; the server decides which moves each
 * reader may make (allowedMoves), so the buttons are always the legal ones. "Not a fit" and
 * "No response" ask for a short reason first; the last move can be undone for 10 minutes.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import {
  formatDateTime, listReferrals, MOVE_LABELS, moveReferral, PREFERENCE_LABELS, REASON_LABELS, reasonLabel, STATUS_LABELS,
  undoReferralMove, type Referral, type ReferralStatus,
} from './referralsApi.js';
import { CodeActions } from './CodeActions.jsx';

const FINAL: ReferralStatus[] = ['attended', 'not_a_fit', 'no_response', 'withdrawn'];

export function StatusBadge(props: { status: ReferralStatus }) {
  return <span class="cd-status" data-status={props.status} data-final={FINAL.includes(props.status) ? 'true' : 'false'}>{STATUS_LABELS[props.status]}</span>;
}

function ContactBlock(props: { r: Referral }) {
  return (
    <Show
      when={props.r.contact}
      fallback={<Show when={props.r.contactErased}><p class="hint">Contact details were deleted 30 days after the referral ended.</p></Show>}
    >
      {(c) => (
        <div class="cd-contact-view" aria-label={`Contact for referral ${props.r.code}`}>
          <strong>Contact (given with consent):</strong>
          <ul>
            <Show when={c().name}>{(n) => <li>Name: {n()}</li>}</Show>
            <Show when={c().phone}>{(p) => <li>Phone: <a href={`tel:${p().replace(/[^+\d]/g, '')}`}>{p()}</a></li>}</Show>
            <Show when={c().email}>{(e) => <li>Email: <a href={`mailto:${e()}`}>{e()}</a></li>}</Show>
            <Show when={c().preferred}>{(p) => <li>Would rather get {PREFERENCE_LABELS[p()]}</li>}</Show>
          </ul>
        </div>
      )}
    </Show>
  );
}

function ReasonChooser(props: { r: Referral; status: ReferralStatus; onChoose: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = createSignal('');
  const [missing, setMissing] = createSignal(false);
  const name = `reason-${props.r.id}`;
  return (
    <form class="cd-reason" onSubmit={(e) => { e.preventDefault(); if (reason()) props.onChoose(reason()); else setMissing(true); }}>
      <fieldset>
        <legend>Why is referral {props.r.code} “{STATUS_LABELS[props.status]}”?</legend>
        <Show when={missing()}><p class="field-error" role="alert">Error: choose a reason.</p></Show>
        <For each={Object.entries(REASON_LABELS[props.status] ?? {})}>
          {([value, label]) => (
            <label class="cd-radio"><input type="radio" name={name} value={value} checked={reason() === value} onChange={() => { setReason(value); setMissing(false); }} /> {label}</label>
          )}
        </For>
      </fieldset>
      <div class="cd-actions">
        <button type="submit">Save “{STATUS_LABELS[props.status]}”</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>Cancel</button>
      </div>
    </form>
  );
}

export function ReferralList(props: { emptyText: string; onMoved?: () => void }) {
  const [items, setItems] = createSignal<Referral[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<{ text: string; referral: Referral | null } | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [choosing, setChoosing] = createSignal<{ id: string; status: ReferralStatus } | null>(null);

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

  const undoable = (r: Referral) => r.undoableUntil !== null && Date.parse(r.undoableUntil) > Date.now();

  async function move(r: Referral, to: ReferralStatus, reason?: string) {
    if (REASON_LABELS[to] && !reason) {
      setChoosing({ id: r.id, status: to });
      return;
    }
    setChoosing(null);
    try {
      await moveReferral(r, to, reason);
      await load();
      const why = reasonLabel(to, reason ?? null);
      setNotice({ text: `Referral ${r.code} is now: ${STATUS_LABELS[to]}${why ? ` (${why})` : ''}.`, referral: items().find((i) => i.id === r.id) ?? null });
      setError(null);
      props.onMoved?.();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${e.status === 409 ? ' The list has been reloaded.' : ''}` : 'Could not update the referral.');
      await load();
    }
  }

  async function undo(r: Referral) {
    try {
      const back = await undoReferralMove(r);
      await load();
      setNotice({ text: `Undone: referral ${r.code} is back to ${STATUS_LABELS[back.status]}.`, referral: null });
      setError(null);
      props.onMoved?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not undo the move.');
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
        <Show when={notice()}>
          {(n) => (
            <div class="cd-ok">
              <p>{n().text}</p>
              <Show when={n().referral && undoable(n().referral!) ? n().referral : null}>
                {(r) => <button type="button" class="secondary" onClick={() => void undo(r())}>Undo<span class="visually-hidden"> the move of referral {r().code}</span></button>}
              </Show>
            </div>
          )}
        </Show>
        <Show when={error()}>{(m) => <p class="cd-error" role="alert">{m()}</p>}</Show>
      </div>
      <Show when={!loading() || items().length} fallback={<p role="status">Loading referrals…</p>}>
        <Show when={items().length} fallback={<p>{props.emptyText}</p>}>
          <ul class="cd-list" aria-label="Referrals">
            <For each={items()}>
              {(r) => (
                <li class="cd-card" data-status={r.status}>
                  <h2><span class="cd-code">{r.code}</span> to {r.serviceName}</h2>
                  <p>
                    Status: <StatusBadge status={r.status} />
                    <Show when={reasonLabel(r.status, r.reason)}>{(why) => <> — {why()}</>}</Show>
                    {' '}· sent {formatDateTime(r.createdAt)}
                  </p>
                  <Show when={r.mine}><CodeActions code={r.code} serviceName={r.serviceName} /></Show>
                  <Show when={r.note}>{(note) => <p><strong>Note:</strong> {note()}</p>}</Show>
                  <ContactBlock r={r} />
                  <details>
                    <summary>History ({r.history.length} step{r.history.length === 1 ? '' : 's'})</summary>
                    <ol class="cd-history">
                      <For each={r.history}>
                        {(h) => (
                          <li>
                            {STATUS_LABELS[h.status]}
                            <Show when={reasonLabel(h.status, h.reason)}>{(why) => <> ({why()})</>}</Show>
                            {' '}— <time datetime={h.at}>{formatDateTime(h.at)}</time>
                          </li>
                        )}
                      </For>
                    </ol>
                  </details>
                  <Show when={r.allowedMoves.length || undoable(r)}>
                    <div class="cd-actions" role="group" aria-label={`Update referral ${r.code}`}>
                      <For each={r.allowedMoves}>
                        {(m) => (
                          <button type="button" class={m === 'withdrawn' ? 'secondary' : undefined} onClick={() => void move(r, m)}>
                            {MOVE_LABELS[m]}<span class="visually-hidden"> referral {r.code}</span>
                          </button>
                        )}
                      </For>
                      <Show when={undoable(r)}>
                        <button type="button" class="secondary" onClick={() => void undo(r)}>
                          Undo last move<span class="visually-hidden"> of referral {r.code}</span>
                        </button>
                      </Show>
                    </div>
                  </Show>
                  <Show when={choosing()?.id === r.id ? choosing() : null}>
                    {(c) => <ReasonChooser r={r} status={c().status} onChoose={(reason) => void move(r, c().status, reason)} onCancel={() => setChoosing(null)} />}
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
