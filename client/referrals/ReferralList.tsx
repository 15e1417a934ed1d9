/**
 * Referrals with their status, history and the next steps the reader may take. Used by the
 * organiser's inbox and the Link Worker's "my referrals"; the server decides which moves each
 * reader may make (allowedMoves), so the buttons are always the legal ones. "Not a fit" and
 * "No response" ask for a short reason first; the last move can be undone for 10 minutes.
 */
import { createSignal, For, Show } from 'solid-js';
import messages from '../../i18n/messages/referrals.js';
import { ApiError } from '../api.js';
import { useMessages } from '../i18n/language.js';
import { createPagedList } from '../ui/pagedList.js';
import { LoadMore } from '../ui/LoadMore.jsx';
import { formatNumber } from '../ui/wording.js';
import {
  formatDateTime,
  listReferrals,
  MOVE_LABELS,
  moveReferral,
  PREFERENCE_LABELS,
  REASON_LABELS,
  reasonLabel,
  STATUS_LABELS,
  undoReferralMove,
  type Referral,
  type ReferralStatus,
} from './referralsApi.js';
import { CodeActions } from './CodeActions.jsx';

const t = useMessages(messages);

const FINAL: ReferralStatus[] = ['attended', 'not_a_fit', 'no_response', 'withdrawn'];

export function StatusBadge(props: { status: ReferralStatus }) {
  return (
    <span
      class="cd-status"
      data-status={props.status}
      data-final={FINAL.includes(props.status) ? 'true' : 'false'}
    >
      {STATUS_LABELS[props.status]}
    </span>
  );
}

function ContactBlock(props: { r: Referral }) {
  return (
    <Show
      when={props.r.contact}
      fallback={
        <Show when={props.r.contactErased}>
          <p class="hint">{t('contactErased')}</p>
        </Show>
      }
    >
      {(c) => (
        <div class="cd-contact-view" aria-label={t('contactFor', { code: props.r.code })}>
          <strong>{t('contactGiven')}</strong>
          <ul>
            <Show when={c().name}>{(n) => <li>{t('contactNameIs', { name: n() })}</li>}</Show>
            <Show when={c().phone}>
              {(p) => (
                <li>
                  {t('phoneIs')} <a href={`tel:${p().replace(/[^+\d]/g, '')}`}>{p()}</a>
                </li>
              )}
            </Show>
            <Show when={c().email}>
              {(e) => (
                <li>
                  {t('emailIs')} <a href={`mailto:${e()}`}>{e()}</a>
                </li>
              )}
            </Show>
            <Show when={c().preferred}>
              {(p) => <li>{t('wouldRather', { how: PREFERENCE_LABELS[p()] })}</li>}
            </Show>
          </ul>
        </div>
      )}
    </Show>
  );
}

function ReasonChooser(props: {
  r: Referral;
  status: ReferralStatus;
  onChoose: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = createSignal('');
  const [missing, setMissing] = createSignal(false);
  const name = `reason-${props.r.id}`;
  return (
    <form
      class="cd-reason"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason()) props.onChoose(reason());
        else setMissing(true);
      }}
    >
      <fieldset>
        <legend>
          {t('reasonLegend', { code: props.r.code, status: STATUS_LABELS[props.status] })}
        </legend>
        <Show when={missing()}>
          <p class="field-error" role="alert">
            {t('chooseReason')}
          </p>
        </Show>
        <For each={Object.entries(REASON_LABELS[props.status] ?? {})}>
          {([value, label]) => (
            <label class="cd-radio">
              <input
                type="radio"
                name={name}
                value={value}
                checked={reason() === value}
                onChange={() => {
                  setReason(value);
                  setMissing(false);
                }}
              />{' '}
              {label}
            </label>
          )}
        </For>
      </fieldset>
      <div class="cd-actions">
        <button type="submit">{t('saveStatus', { status: STATUS_LABELS[props.status] })}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function ReferralList(props: { emptyText: string; onMoved?: () => void }) {
  const [status, setStatus] = createSignal('');
  const referrals = createPagedList(
    (cursor) => listReferrals({ status: status() || undefined, cursor }),
    { resetOn: status, failed: () => t('loadFailed') },
  );
  /** Why the latest move or undo failed. */
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<{ text: string; referral: Referral | null } | null>(
    null,
  );
  const [choosing, setChoosing] = createSignal<{ id: string; status: ReferralStatus } | null>(null);

  const undoable = (r: Referral) =>
    r.undoableUntil !== null && Date.parse(r.undoableUntil) > Date.now();

  async function move(r: Referral, to: ReferralStatus, reason?: string) {
    if (REASON_LABELS[to] && !reason) {
      setChoosing({ id: r.id, status: to });
      return;
    }
    setChoosing(null);
    try {
      await moveReferral(r, to, reason);
      await referrals.reload();
      const why = reasonLabel(to, reason ?? null);
      setNotice({
        text: why
          ? t('nowStatusWhy', { code: r.code, status: STATUS_LABELS[to], why })
          : t('nowStatus', { code: r.code, status: STATUS_LABELS[to] }),
        referral: referrals.items().find((i) => i.id === r.id) ?? null,
      });
      setError(null);
      props.onMoved?.();
    } catch (e) {
      setError(
        e instanceof ApiError
          ? e.status === 409
            ? t('listReloaded', { message: e.message })
            : e.message
          : t('updateFailed'),
      );
      await referrals.reload();
    }
  }

  async function undo(r: Referral) {
    try {
      const back = await undoReferralMove(r);
      await referrals.reload();
      setNotice({
        text: t('undone', { code: r.code, status: STATUS_LABELS[back.status] }),
        referral: null,
      });
      setError(null);
      props.onMoved?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('undoFailed'));
      await referrals.reload();
    }
  }

  return (
    <>
      <div class="cd-row">
        <div class="field">
          <label for="referral-status">{t('showStatus')}</label>
          <select
            id="referral-status"
            value={status()}
            onChange={(e) => setStatus(e.currentTarget.value)}
          >
            <option value="">{t('allStatuses')}</option>
            <For each={Object.entries(STATUS_LABELS)}>
              {([value, label]) => <option value={value}>{label}</option>}
            </For>
          </select>
        </div>
      </div>
      <div aria-live="polite">
        <Show when={notice()}>
          {(n) => (
            <div class="cd-ok">
              <p>{n().text}</p>
              <Show when={n().referral && undoable(n().referral!) ? n().referral : null}>
                {(r) => (
                  <button type="button" class="secondary" onClick={() => void undo(r())}>
                    {t('undo')}
                    <span class="visually-hidden"> {t('undoMoveOf', { code: r().code })}</span>
                  </button>
                )}
              </Show>
            </div>
          )}
        </Show>
        <Show when={error() ?? referrals.error()}>
          {(m) => (
            <p class="cd-error" role="alert">
              {m()}
            </p>
          )}
        </Show>
      </div>
      <Show
        when={!referrals.loading() || referrals.items().length}
        fallback={<p role="status">{t('loadingReferrals')}</p>}
      >
        <Show when={referrals.items().length} fallback={<p>{props.emptyText}</p>}>
          <ul class="cd-list" aria-label={t('referralsLabel')}>
            <For each={referrals.items()}>
              {(r) => (
                <li class="cd-card" data-status={r.status}>
                  <h2>
                    <span class="cd-code">{r.code}</span>{' '}
                    {t('toService', { service: r.serviceName })}
                  </h2>
                  <p>
                    {t('statusIs')} <StatusBadge status={r.status} />
                    <Show when={reasonLabel(r.status, r.reason)}>
                      {(why) => <> — {why()}</>}
                    </Show> · {t('sentAt', { when: formatDateTime(r.createdAt) })}
                  </p>
                  <Show when={r.mine}>
                    <CodeActions code={r.code} serviceName={r.serviceName} />
                  </Show>
                  <Show when={r.note}>
                    {(note) => (
                      <p>
                        <strong>{t('noteIs')}</strong> {note()}
                      </p>
                    )}
                  </Show>
                  <ContactBlock r={r} />
                  <details>
                    <summary>
                      {t(r.history.length === 1 ? 'historyOne' : 'historyMany', {
                        count: formatNumber(r.history.length),
                      })}
                    </summary>
                    <ol class="cd-history">
                      <For each={r.history}>
                        {(h) => (
                          <li>
                            {STATUS_LABELS[h.status]}
                            <Show when={reasonLabel(h.status, h.reason)}>
                              {(why) => <> ({why()})</>}
                            </Show>{' '}
                            — <time datetime={h.at}>{formatDateTime(h.at)}</time>
                          </li>
                        )}
                      </For>
                    </ol>
                  </details>
                  <Show when={r.allowedMoves.length || undoable(r)}>
                    <div
                      class="cd-actions"
                      role="group"
                      aria-label={t('updateReferral', { code: r.code })}
                    >
                      <For each={r.allowedMoves}>
                        {(m) => (
                          <button
                            type="button"
                            class={m === 'withdrawn' ? 'secondary' : undefined}
                            onClick={() => void move(r, m)}
                          >
                            {MOVE_LABELS[m]}
                            <span class="visually-hidden">
                              {' '}
                              {t('referralCode', { code: r.code })}
                            </span>
                          </button>
                        )}
                      </For>
                      <Show when={undoable(r)}>
                        <button type="button" class="secondary" onClick={() => void undo(r)}>
                          {t('undoLast')}
                          <span class="visually-hidden"> {t('ofReferral', { code: r.code })}</span>
                        </button>
                      </Show>
                    </div>
                  </Show>
                  <Show when={choosing()?.id === r.id ? choosing() : null}>
                    {(c) => (
                      <ReasonChooser
                        r={r}
                        status={c().status}
                        onChoose={(reason) => void move(r, c().status, reason)}
                        onCancel={() => setChoosing(null)}
                      />
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <LoadMore list={referrals} label={t('showMore')} />
        </Show>
      </Show>
    </>
  );
}
