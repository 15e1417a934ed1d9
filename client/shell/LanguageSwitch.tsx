/**
 * The language switch of the header: every shipped language in its own name and script. The
 * choice is remembered (client/i18n/language.ts) and the page changes at once, direction included.
 */
import { For } from 'solid-js';
import { isLang, LANGUAGES } from '../../i18n/define.js';
import messages from '../../i18n/messages/shell.js';
import { ownName } from '../../i18n/negotiate.js';
import { chooseLanguage, lang, useMessages } from '../i18n/language.js';

const t = useMessages(messages);

export function LanguageSwitch() {
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t('language')}</span>
      <select
        value={lang()}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isLang(next)) chooseLanguage(next);
        }}
      >
        <For each={LANGUAGES}>
          {(l) => (
            <option value={l} lang={l} selected={l === lang()}>
              {ownName(l)}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}
