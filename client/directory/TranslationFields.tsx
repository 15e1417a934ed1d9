/**
 * The organiser's card summary and "how to join" in other languages. Cards, shortlists, the
 * printed catalogue and the ORUK feed use them; where there is none, English is shown, marked.
 */
import { For } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { COMMON_LANGUAGES, formatNumber, languageName } from '../ui/wording.js';
import { Labelled } from '../ui/Field.jsx';
import type { ServiceDraft } from './serviceForm.js';
import messages from '../../i18n/messages/serviceForm.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

const choices = COMMON_LANGUAGES.filter((c) => c !== 'en')
  .slice()
  .sort((a, b) => languageName(a).localeCompare(languageName(b)));

export function TranslationFields(props: {
  draft: ServiceDraft;
  setDraft: SetStoreFunction<ServiceDraft>;
  errors: Record<string, string>;
}) {
  const unused = () =>
    choices.find((c) => !props.draft.translations.some((x) => x.language === c)) ?? 'bn';
  return (
    <fieldset>
      <legend>{t('trLegend')}</legend>
      <p class="hint">{t('trHint')}</p>
      <For each={props.draft.translations}>
        {(tr, i) => {
          const key = (k: string) => `translations.${i()}.${k}`;
          const id = (k: string) => `tr-${i()}-${k}`;
          return (
            <div class="repeat" role="group" aria-label={languageName(tr.language)}>
              <div class="row">
                <Labelled
                  id={id('language')}
                  label={t('trLanguage')}
                  error={props.errors[key('language')]}
                  errorId={`err-${key('language')}`}
                >
                  <select
                    id={id('language')}
                    value={tr.language}
                    onChange={(e) =>
                      props.setDraft('translations', i(), 'language', e.currentTarget.value)
                    }
                  >
                    <For each={choices}>{(c) => <option value={c}>{languageName(c)}</option>}</For>
                  </select>
                </Labelled>
              </div>
              <Labelled
                id={id('summary')}
                label={t('trSummary')}
                error={props.errors[key('summary')]}
                errorId={`err-${key('summary')}`}
                hint={t('charactersLeft', { count: formatNumber(280 - tr.summary.length) })}
              >
                <textarea
                  id={id('summary')}
                  lang={tr.language}
                  dir="auto"
                  maxLength={280}
                  value={tr.summary}
                  onInput={(e) =>
                    props.setDraft('translations', i(), 'summary', e.currentTarget.value)
                  }
                />
              </Labelled>
              <Labelled
                id={id('howToJoin')}
                label={t('trHowToJoin')}
                error={props.errors[key('howToJoin')]}
                errorId={`err-${key('howToJoin')}`}
                hint={t('trHowToJoinHint')}
              >
                <textarea
                  id={id('howToJoin')}
                  lang={tr.language}
                  dir="auto"
                  maxLength={1000}
                  value={tr.howToJoin}
                  onInput={(e) =>
                    props.setDraft('translations', i(), 'howToJoin', e.currentTarget.value)
                  }
                />
              </Labelled>
              <p>
                <button
                  type="button"
                  class="secondary"
                  onClick={() =>
                    props.setDraft('translations', (ts) => ts.filter((_, j) => j !== i()))
                  }
                >
                  {t('trRemove', { name: languageName(tr.language) })}
                </button>
              </p>
            </div>
          );
        }}
      </For>
      <button
        type="button"
        class="secondary"
        onClick={() =>
          props.setDraft('translations', (ts) => [
            ...ts,
            { language: unused(), summary: '', howToJoin: '' },
          ])
        }
      >
        {t('trAdd')}
      </button>
    </fieldset>
  );
}
