/**
 * Flag a need: built for a phone held in one hand, in three taps — a need (most used first),
 * a postcode, Flag. Barriers and the rest are optional. After flagging, the flag can be undone
 * for 24 hours. Only a hexagon of about 0.7 km² and the week are kept, never the postcode.
 */
import { onDay, weekOf } from '../releases/weeks.js';
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { tagName, taxonomy, taxonomyTree } from '../map/taxonomy.js';
import { BARRIERS } from '../barriers.js';
import { AGE_BANDS, myRecentFlags, PERSONAL_DATA, popularTags, undoFlag, type OwnFlag } from './flagApi.js';
import './flag.css';
import { session } from '../session.js';
import { sendOrQueue, WaitingFlags } from './WaitingFlags.jsx';
import { COMMON_LANGUAGES, fieldInWords, formatDate, formatDateTime, languageName } from '../ui/wording.js';

const LANGUAGE_CHOICES = [...COMMON_LANGUAGES].sort((a, b) => languageName(a).localeCompare(languageName(b)));

const OFFLINE_WORDS = {
  queued: 'No connection: saved on this device and will be sent when you are back online (it counts in the week it was made):',
};

// The last place typed, for this tab only (never stored): Link Workers flag several needs from one surgery.
const [lastPostcode, setLastPostcode] = createSignal('');

export default function FlagPage() {
  return (
    <RequireRole roles={['link_worker']}>
      <FlagForm />
    </RequireRole>
  );
}

function Toggle(props: { pressed: boolean; onToggle: () => void; children: string; id?: string }) {
  return (
    <button type="button" class="chip" id={props.id} aria-pressed={props.pressed} onClick={() => props.onToggle()}>
      <span aria-hidden="true">{props.pressed ? '✓ ' : ''}</span>
      {props.children}
    </button>
  );
}

function FlagForm() {
  const [popular] = createResource(popularTags);
  const [recent, { refetch }] = createResource(myRecentFlags);
  const [tags, setTags] = createSignal<string[]>([]);
  const [barriers, setBarriers] = createSignal<string[]>([]);
  const [postcode, setPostcode] = createSignal(lastPostcode());
  const [ageBand, setAgeBand] = createSignal('');
  const [language, setLanguage] = createSignal('');
  const [note, setNote] = createSignal('');
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  /** The outcome of the last Flag press, by the button: a success, or an error that replaces it. */
  const [outcome, setOutcome] = createSignal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [undoMessage, setUndoMessage] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let outcomeEl: HTMLParagraphElement | undefined;
  let waiting: { refresh(): Promise<void> } | undefined;
  let undoStatus!: HTMLParagraphElement;

  const toggle = (list: () => string[], set: (v: string[]) => void, value: string) =>
    set(list().includes(value) ? list().filter((v) => v !== value) : [...list(), value]);

  const fieldError = (field: string) => {
    const reason = errors()[field];
    if (!reason) return undefined;
    if (field === 'note') return `This note seems to hold ${PERSONAL_DATA[reason] ?? 'personal data'}. Remove it, then flag again.`;
    // The server's reason also tells admins how to fix it; a Link Worker needs what to do now.
    if (field === 'postcode' && reason.startsWith('is not in the postcode table')) return 'We do not know this postcode. Check it, or give just its first part (like E2 7).';
    return reason;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    const missing: Record<string, string> = {};
    if (!tags().length) missing.tags = 'Choose at least one need.';
    if (!postcode().trim()) missing.postcode = 'Give the postcode (or just its first part, like E2 7).';
    setErrors(missing);
    if (Object.keys(missing).length) {
      setOutcome({ kind: 'error', text: `Not flagged yet: ${Object.keys(missing).map((k) => (k === 'tags' ? 'choose a need' : 'give the postcode')).join(' and ')}.` });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const input = {
        tags: tags(), postcode: postcode().trim(), barriers: barriers(),
        ageBand: ageBand() || undefined, language: language().trim() || undefined, note: note().trim() || undefined,
      };
      const outcome = await sendOrQueue(session.latest?.id ?? '', input, tags().map(tagName).join(', '));
      setLastPostcode(postcode().trim());
      if (outcome.sent) {
        const created = outcome.created;
        setOutcome({ kind: 'ok', text: `Flagged: ${tags().map(tagName).join(', ')}, ${weekOf(created.week)}. It will count in the figures published on ${onDay(created.countsFrom)}; until then you can undo it below (for 24 hours).` });
      } else {
        setOutcome({ kind: 'ok', text: `${OFFLINE_WORDS.queued} ${tags().map(tagName).join(', ')}, ${weekOf(outcome.queued.week)}.` });
        void waiting?.refresh();
      }
      setTags([]);
      setBarriers([]);
      setNote('');
      setErrors({});
      void refetch();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setErrors(err.fields);
        setOutcome({ kind: 'error', text: `Not flagged: check ${Object.keys(err.fields).map(fieldInWords).join(', ')} above.` });
      } else setOutcome({ kind: 'error', text: err instanceof ApiError ? `Not flagged: ${err.message}` : 'Not flagged: the flag could not be sent. Check your connection and try again.' });
    } finally {
      setBusy(false);
      queueMicrotask(() => outcomeEl?.focus());
    }
  };

  const undo = async (flag: OwnFlag) => {
    try {
      await undoFlag(flag.id);
      setUndoMessage(`Undone: ${flag.tags.map(tagName).join(', ')}.`);
    } catch (err) {
      setUndoMessage(err instanceof ApiError ? err.message : 'The flag could not be undone.');
    }
    void refetch();
    undoStatus.focus();
  };

  const describedBy = (field: string) => (errors()[field] ? `flag-${field}-error` : undefined);

  return (
    <section class="page flag-page">
      <h1>Flag an unmet need</h1>
      <p class="hint">Anonymous: about a need, never a person. We keep only a hexagon about 1 km across and the week.</p>
      <form onSubmit={submit} novalidate>
        <fieldset aria-describedby={describedBy('tags')}>
          <legend>What did they need?</legend>
          <Show when={errors().tags}>{(m) => <p class="field-error" id="flag-tags-error">Error: {m()}</p>}</Show>
          <div class="chips">
            <For each={popular.latest?.items ?? []}>
              {(t) => <Toggle pressed={tags().includes(t.slug)} onToggle={() => toggle(tags, setTags, t.slug)}>{t.name}</Toggle>}
            </For>
          </div>
          <details class="more-tags">
            <summary>More needs</summary>
            <For each={taxonomyTree(taxonomy.latest ?? [])}>
              {(group) => (
                <div role="group" aria-label={group.term.name}>
                  <p class="group-name">{group.term.name}</p>
                  <div class="chips">
                    <For each={group.children}>
                      {(t) => <Toggle pressed={tags().includes(t.slug)} onToggle={() => toggle(tags, setTags, t.slug)}>{t.name}</Toggle>}
                    </For>
                  </div>
                </div>
              )}
            </For>
          </details>
        </fieldset>

        <div class="field">
          <label for="flag-postcode">Postcode</label>
          <span class="hint" id="flag-postcode-hint">Where the person lives or the surgery; the first part (E2 7) is enough. Never stored.</span>
          <Show when={fieldError('postcode')}>{(m) => <span class="field-error" id="flag-postcode-error">Error: {m()}</span>}</Show>
          <input id="flag-postcode" autocomplete="off" autocapitalize="characters" spellcheck={false} value={postcode()}
            aria-invalid={errors().postcode ? 'true' : undefined} aria-describedby={['flag-postcode-hint', describedBy('postcode')].filter(Boolean).join(' ')}
            onInput={(e) => setPostcode(e.currentTarget.value)} />
        </div>

        <fieldset>
          <legend>What stood in the way? <span class="hint">(optional)</span></legend>
          <div class="chips">
            <For each={BARRIERS}>{(b) => <Toggle pressed={barriers().includes(b.value)} onToggle={() => toggle(barriers, setBarriers, b.value)}>{b.label}</Toggle>}</For>
          </div>
        </fieldset>

        <details class="more-details">
          <summary>Age, language and a note (optional)</summary>
          <div class="field">
            <label for="flag-age">Age band</label>
            <select id="flag-age" value={ageBand()} onChange={(e) => setAgeBand(e.currentTarget.value)}>
              <option value="">Not given</option>
              <For each={AGE_BANDS}>{(a) => <option value={a}>{a}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="flag-language">Language needed</label>
            <select id="flag-language" value={language()} onChange={(e) => setLanguage(e.currentTarget.value)}>
              <option value="">Not given</option>
              <For each={LANGUAGE_CHOICES}>{(code) => <option value={code}>{languageName(code)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="flag-note">Note</label>
            <span class="hint" id="flag-note-hint">
              Up to 280 characters about the need. No names, NHS numbers, phone numbers, emails, full postcodes or
              dates of birth: a note that looks like personal data is refused and not kept.
            </span>
            <Show when={fieldError('note')}>{(m) => <span class="field-error" id="flag-note-error">Error: {m()}</span>}</Show>
            <textarea id="flag-note" maxlength="280" rows="3" value={note()} aria-invalid={errors().note ? 'true' : undefined}
              aria-describedby={['flag-note-hint', describedBy('note')].filter(Boolean).join(' ')} onInput={(e) => setNote(e.currentTarget.value)} />
            <span class="hint" aria-live="polite">{280 - note().length} characters left</span>
          </div>
        </details>

        <Show when={Object.entries(errors()).filter(([k]) => !['tags', 'postcode', 'note'].includes(k)).length}>
          <p class="field-error">Error: {Object.entries(errors()).filter(([k]) => !['tags', 'postcode', 'note'].includes(k)).map(([k, v]) => `${fieldInWords(k)}: ${v}`).join('; ')}</p>
        </Show>
        <div class="flag-submit-bar">
          <button type="submit" class="flag-submit" disabled={busy()}>{busy() ? 'Flagging…' : 'Flag this need'}</button>
        </div>
        <Show when={outcome()}>
          {(o) => (
            <Show
              when={o().kind === 'error'}
              fallback={<p class="flag-status" role="status" tabindex="-1" ref={outcomeEl}>{o().text}</p>}
            >
              <p class="flag-error" role="alert" tabindex="-1" ref={outcomeEl}><span aria-hidden="true">⚠ </span>{o().text}</p>
            </Show>
          )}
        </Show>
      </form>

      <WaitingFlags userId={session.latest?.id ?? ''} onSent={() => void refetch()} ref={(w) => (waiting = w)} />

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Your flags in the last 24 hours</h2>
        <p class="flag-status" role="status" tabindex="-1" ref={undoStatus}>{undoMessage()}</p>
        <Show when={(recent.latest?.items ?? []).length} fallback={<p class="hint">None yet.</p>}>
          <ul class="recent-flags">
            <For each={recent.latest?.items ?? []}>
              {(f) => (
                <li>
                  <span>{f.tags.map(tagName).join(', ')} <span class="hint">· {weekOf(f.week)} · {formatDateTime(f.createdAt)} · counts from {onDay(f.countsFrom)}</span></span>
                  <button type="button" class="secondary" onClick={() => undo(f)} aria-label={`Undo flag: ${f.tags.map(tagName).join(', ')}`}>Undo</button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <p><A href="/map">See needs on the map</A> (switch on the Needs layer).</p>
      </section>
    </section>
  );
}
