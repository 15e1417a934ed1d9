/**
 * The organiser's card summary and "how to join" in other languages. Cards, shortlists, the
 * printed catalogue and the ORUK feed use them; where there is none, English is shown, marked.
 */
import { For } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { COMMON_LANGUAGES, languageName } from '../ui/wording.js';
import { Labelled } from './FieldError.jsx';
import type { ServiceDraft } from './serviceForm.js';

const WORDS = {
  legend: 'The card in other languages',
  hint: 'Write the summary and how to join in the languages your group speaks with people. Where there is none, the English is shown, marked "In English".',
  language: 'Language',
  summary: 'Summary in this language',
  left: (n: number) => `${n} characters left.`,
  howToJoin: 'How to join, in this language',
  howToJoinHint: 'For example: "Just turn up on Tuesday morning", or who to ask for.',
  add: 'Add a language',
  remove: (name: string) => `Remove the ${name} text`,
};

const choices = COMMON_LANGUAGES.filter((c) => c !== 'en').slice().sort((a, b) => languageName(a).localeCompare(languageName(b)));

export function TranslationFields(props: { draft: ServiceDraft; setDraft: SetStoreFunction<ServiceDraft>; errors: Record<string, string> }) {
  const unused = () => choices.find((c) => !props.draft.translations.some((t) => t.language === c)) ?? 'bn';
  return (
    <fieldset>
      <legend>{WORDS.legend}</legend>
      <p class="hint">{WORDS.hint}</p>
      <For each={props.draft.translations}>
        {(t, i) => {
          const key = (k: string) => `translations.${i()}.${k}`;
          const id = (k: string) => `tr-${i()}-${k}`;
          return (
            <div class="repeat" role="group" aria-label={languageName(t.language)}>
              <div class="row">
                <Labelled id={id('language')} label={WORDS.language} name={key('language')} errors={props.errors}>
                  <select id={id('language')} value={t.language} onChange={(e) => props.setDraft('translations', i(), 'language', e.currentTarget.value)}>
                    <For each={choices}>{(c) => <option value={c}>{languageName(c)}</option>}</For>
                  </select>
                </Labelled>
              </div>
              <Labelled id={id('summary')} label={WORDS.summary} name={key('summary')} errors={props.errors} hint={WORDS.left(280 - t.summary.length)}>
                <textarea id={id('summary')} lang={t.language} dir="auto" maxLength={280} value={t.summary} onInput={(e) => props.setDraft('translations', i(), 'summary', e.currentTarget.value)} />
              </Labelled>
              <Labelled id={id('howToJoin')} label={WORDS.howToJoin} name={key('howToJoin')} errors={props.errors} hint={WORDS.howToJoinHint}>
                <textarea id={id('howToJoin')} lang={t.language} dir="auto" maxLength={1000} value={t.howToJoin} onInput={(e) => props.setDraft('translations', i(), 'howToJoin', e.currentTarget.value)} />
              </Labelled>
              <p><button type="button" class="secondary" onClick={() => props.setDraft('translations', (ts) => ts.filter((_, j) => j !== i()))}>{WORDS.remove(languageName(t.language))}</button></p>
            </div>
          );
        }}
      </For>
      <button type="button" class="secondary" onClick={() => props.setDraft('translations', (ts) => [...ts, { language: unused(), summary: '', howToJoin: '' }])}>{WORDS.add}</button>
    </fieldset>
  );
}
