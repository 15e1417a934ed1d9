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
import {
  AGE_BANDS,
  myRecentFlags,
  PERSONAL_DATA,
  popularTags,
  undoFlag,
  type OwnFlag,
} from './flagApi.js';
import './flag.css';
import { session } from '../session.js';
import { sendOrQueue, WaitingFlags } from './WaitingFlags.jsx';
import { FieldError, Labelled } from '../ui/Field.jsx';
import {
  COMMON_LANGUAGES,
  fieldInWords,
  formatDateTime,
  formatNumber,
  languageName,
} from '../ui/wording.js';
import messages from '../../i18n/messages/flag.js';
import common from '../../i18n/messages/common.js';
import { locale, useMessages } from '../i18n/language.js';

const t = useMessages(messages);
const tCommon = useMessages(common);

/** Languages by their names in the chosen language. */
const languageChoices = () =>
  [...COMMON_LANGUAGES].sort((a, b) => languageName(a).localeCompare(languageName(b), locale()));

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
    <button
      type="button"
      class="chip"
      id={props.id}
      aria-pressed={props.pressed}
      onClick={() => props.onToggle()}
    >
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
    if (field === 'note') return t('noteRefused', { what: PERSONAL_DATA[reason] ?? t('piiAny') });
    // The server's reason also tells admins how to fix it; a Link Worker needs what to do now.
    if (field === 'postcode' && reason.startsWith('is not in the postcode table'))
      return t('unknownPostcode');
    return reason;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    const missing: Record<string, string> = {};
    if (!tags().length) missing.tags = t('chooseNeed');
    if (!postcode().trim()) missing.postcode = t('givePostcode');
    setErrors(missing);
    if (Object.keys(missing).length) {
      setOutcome({
        kind: 'error',
        text:
          missing.tags && missing.postcode
            ? t('notYetBoth')
            : missing.tags
              ? t('notYetNeed')
              : t('notYetPostcode'),
      });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const input = {
        tags: tags(),
        postcode: postcode().trim(),
        barriers: barriers(),
        ageBand: ageBand() || undefined,
        language: language().trim() || undefined,
        note: note().trim() || undefined,
      };
      const outcome = await sendOrQueue(
        session.latest?.id ?? '',
        input,
        tags().map(tagName).join(', '),
      );
      setLastPostcode(postcode().trim());
      if (outcome.sent) {
        const created = outcome.created;
        setOutcome({
          kind: 'ok',
          text: t('flagged', {
            needs: tags().map(tagName).join(', '),
            week: weekOf(created.week),
            day: onDay(created.countsFrom),
          }),
        });
      } else {
        setOutcome({
          kind: 'ok',
          text: t('queued', {
            needs: tags().map(tagName).join(', '),
            week: weekOf(outcome.queued.week),
          }),
        });
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
        setOutcome({
          kind: 'error',
          text: t('notFlaggedCheck', {
            fields: Object.keys(err.fields).map(fieldInWords).join(', '),
          }),
        });
      } else
        setOutcome({
          kind: 'error',
          text:
            err instanceof ApiError
              ? t('notFlaggedBecause', { message: err.message })
              : t('notFlaggedOffline'),
        });
    } finally {
      setBusy(false);
      queueMicrotask(() => outcomeEl?.focus());
    }
  };

  const undo = async (flag: OwnFlag) => {
    try {
      await undoFlag(flag.id);
      setUndoMessage(t('undone', { needs: flag.tags.map(tagName).join(', ') }));
    } catch (err) {
      setUndoMessage(err instanceof ApiError ? err.message : t('undoFailed'));
    }
    void refetch();
    undoStatus.focus();
  };

  const describedBy = (field: string) => (errors()[field] ? `flag-${field}-error` : undefined);

  return (
    <section class="page flag-page">
      <h1>{t('title')}</h1>
      <p class="hint">{t('anonymous')}</p>
      <form onSubmit={submit} novalidate>
        <fieldset aria-describedby={describedBy('tags')}>
          <legend>{t('whatNeed')}</legend>
          <FieldError id="flag-tags-error" message={errors().tags} />
          <div class="chips">
            <For each={popular.latest?.items ?? []}>
              {(t) => (
                <Toggle
                  pressed={tags().includes(t.slug)}
                  onToggle={() => toggle(tags, setTags, t.slug)}
                >
                  {t.name}
                </Toggle>
              )}
            </For>
          </div>
          <details class="more-tags">
            <summary>{t('moreNeeds')}</summary>
            <For each={taxonomyTree(taxonomy.latest ?? [])}>
              {(group) => (
                <div role="group" aria-label={group.term.name}>
                  <p class="group-name">{group.term.name}</p>
                  <div class="chips">
                    <For each={group.children}>
                      {(t) => (
                        <Toggle
                          pressed={tags().includes(t.slug)}
                          onToggle={() => toggle(tags, setTags, t.slug)}
                        >
                          {t.name}
                        </Toggle>
                      )}
                    </For>
                  </div>
                </div>
              )}
            </For>
          </details>
        </fieldset>

        <Labelled
          id="flag-postcode"
          label={t('postcode')}
          hint={t('postcodeHint')}
          error={fieldError('postcode')}
        >
          <input
            id="flag-postcode"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            value={postcode()}
            aria-invalid={errors().postcode ? 'true' : undefined}
            aria-describedby={['flag-postcode-hint', describedBy('postcode')]
              .filter(Boolean)
              .join(' ')}
            onInput={(e) => setPostcode(e.currentTarget.value)}
          />
        </Labelled>

        <fieldset>
          <legend>
            {t('whatInWay')} <span class="hint">{t('optional')}</span>
          </legend>
          <div class="chips">
            <For each={BARRIERS}>
              {(b) => (
                <Toggle
                  pressed={barriers().includes(b.value)}
                  onToggle={() => toggle(barriers, setBarriers, b.value)}
                >
                  {b.label}
                </Toggle>
              )}
            </For>
          </div>
        </fieldset>

        <details class="more-details">
          <summary>{t('moreDetails')}</summary>
          <div class="field">
            <label for="flag-age">{t('ageBand')}</label>
            <select
              id="flag-age"
              value={ageBand()}
              onChange={(e) => setAgeBand(e.currentTarget.value)}
            >
              <option value="">{t('notGiven')}</option>
              <For each={AGE_BANDS}>{(a) => <option value={a}>{a}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="flag-language">{t('languageNeeded')}</label>
            <select
              id="flag-language"
              value={language()}
              onChange={(e) => setLanguage(e.currentTarget.value)}
            >
              <option value="">{t('notGiven')}</option>
              <For each={languageChoices()}>
                {(code) => <option value={code}>{languageName(code)}</option>}
              </For>
            </select>
          </div>
          <Labelled
            id="flag-note"
            label={t('note')}
            hint={t('noteHint')}
            error={fieldError('note')}
          >
            <textarea
              id="flag-note"
              maxlength="280"
              rows="3"
              value={note()}
              aria-invalid={errors().note ? 'true' : undefined}
              aria-describedby={['flag-note-hint', describedBy('note')].filter(Boolean).join(' ')}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
            <span class="hint" aria-live="polite">
              {t('charactersLeft', { count: formatNumber(280 - note().length) })}
            </span>
          </Labelled>
        </details>

        <Show
          when={
            Object.entries(errors()).filter(([k]) => !['tags', 'postcode', 'note'].includes(k))
              .length
          }
        >
          <p class="field-error">
            {tCommon('errorPrefix', {
              message: Object.entries(errors())
                .filter(([k]) => !['tags', 'postcode', 'note'].includes(k))
                .map(([k, v]) => `${fieldInWords(k)}: ${v}`)
                .join('; '),
            })}
          </p>
        </Show>
        <div class="flag-submit-bar">
          <button type="submit" class="flag-submit" disabled={busy()}>
            {busy() ? t('flagging') : t('flagThis')}
          </button>
        </div>
        <Show when={outcome()}>
          {(o) => (
            <Show
              when={o().kind === 'error'}
              fallback={
                <p class="flag-status" role="status" tabindex="-1" ref={outcomeEl}>
                  {o().text}
                </p>
              }
            >
              <p class="flag-error" role="alert" tabindex="-1" ref={outcomeEl}>
                <span aria-hidden="true">⚠ </span>
                {o().text}
              </p>
            </Show>
          )}
        </Show>
      </form>

      <WaitingFlags
        userId={session.latest?.id ?? ''}
        onSent={() => void refetch()}
        ref={(w) => (waiting = w)}
      />

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t('recent')}</h2>
        <p class="flag-status" role="status" tabindex="-1" ref={undoStatus}>
          {undoMessage()}
        </p>
        <Show
          when={(recent.latest?.items ?? []).length}
          fallback={<p class="hint">{t('noneYet')}</p>}
        >
          <ul class="recent-flags">
            <For each={recent.latest?.items ?? []}>
              {(f) => (
                <li>
                  <span>
                    {f.tags.map(tagName).join(', ')}{' '}
                    <span class="hint">
                      · {weekOf(f.week)} · {formatDateTime(f.createdAt)} ·{' '}
                      {t('countsFrom', { day: onDay(f.countsFrom) })}
                    </span>
                  </span>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => undo(f)}
                    aria-label={t('undoLabel', { needs: f.tags.map(tagName).join(', ') })}
                  >
                    {t('undo')}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <p>
          <A href="/map">{t('seeOnMap')}</A>
          {t('switchOnNeeds')}
        </p>
      </section>
    </section>
  );
}
