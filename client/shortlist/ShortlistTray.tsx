/**
 * The Link Worker's tray: the chosen services, the client's language, and — once made — the
 * printable page, the text for a message and the link. No client name or detail is asked for.
 * Labels come from the shortlist catalogue (English until the UI's own language switch lands).
 */
import { createSignal, For, Show } from 'solid-js';
import catalogue from '../../i18n/messages/shortlist.js';
import { messagesIn } from '../../i18n/define.js';
import { ApiError } from '../api.js';
import { COMMON_LANGUAGES, languageName } from '../ui/wording.js';
import { shortlistApi, type Shortlist } from './shortlistApi.js';
import { clearTray, SHORTLIST_MAX, toggleInTray, trayItems } from './tray.js';
import './shortlist.css';

const t = messagesIn(catalogue, 'en');
const LANGUAGE_KEY = 'gapmap.shortlist.language';

/** "Bengali — বাংলা": the Link Worker reads the first, the client recognises the second. */
function bothNames(code: string): string {
  const english = languageName(code);
  let own: string;
  try {
    own = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? '';
  } catch {
    own = '';
  }
  return own && own.toLowerCase() !== english.toLowerCase() && own !== code
    ? `${english} — ${own}`
    : english;
}

const choices = COMMON_LANGUAGES.slice().sort((a, b) =>
  a === 'en' ? -1 : b === 'en' ? 1 : languageName(a).localeCompare(languageName(b)),
);

export function ShortlistTray() {
  const [language, setLanguage] = createSignal(localStorage.getItem(LANGUAGE_KEY) ?? 'bn');
  const [made, setMade] = createSignal<Shortlist | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);

  async function make() {
    setBusy(true);
    setError(null);
    try {
      localStorage.setItem(LANGUAGE_KEY, language());
      const list = await shortlistApi.create(
        trayItems().map((x) => x.id),
        language(),
      );
      setMade(list);
      setStatus(
        t('ready', {
          date: new Date(list.expiresAt).toLocaleDateString('en-GB', {
            day: 'numeric',
            month: 'long',
            year: 'numeric',
          }),
        }),
      );
    } catch (err) {
      setError(
        t('failed', {
          message:
            err instanceof ApiError
              ? `${err.message} ${Object.values(err.fields).join('; ')}`.trim()
              : String(err),
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  async function copy(value: string) {
    try {
      await navigator.clipboard.writeText(value);
      setStatus(t('copied'));
    } catch {
      setStatus(t('copyFailed'));
    }
  }

  function startAgain() {
    clearTray();
    setMade(null);
    setStatus('');
  }

  return (
    <aside class="shortlist-tray no-print" aria-labelledby="shortlist-title">
      <h2 id="shortlist-title">{t('trayTitle')}</h2>
      <Show
        when={!made()}
        fallback={
          <div class="shortlist-made">
            <p class="shortlist-actions">
              <a class="button" href={made()!.url} target="_blank" rel="noopener">
                {t('openPage')}
              </a>{' '}
              <button type="button" class="secondary" onClick={() => void copy(made()!.text)}>
                {t('copyText')}
              </button>{' '}
              <button type="button" class="secondary" onClick={() => void copy(made()!.url)}>
                {t('copyLink')}
              </button>
            </p>
            <label for="shortlist-text">{t('textLabel')}</label>
            <textarea
              id="shortlist-text"
              readonly
              rows={8}
              lang={language()}
              dir="auto"
              value={made()!.text}
            />
            <p>
              <button type="button" class="secondary" onClick={startAgain}>
                {t('startAgain')}
              </button>
            </p>
          </div>
        }
      >
        <Show when={trayItems().length} fallback={<p class="hint">{t('trayEmpty')}</p>}>
          <p class="hint">{t('trayCount', { count: trayItems().length })}</p>
          <ol class="shortlist-items">
            <For each={trayItems()}>
              {(item) => (
                <li>
                  <span>{item.name}</span>{' '}
                  <button
                    type="button"
                    class="link"
                    aria-label={`${t('removeFromShortlist')}: ${item.name}`}
                    onClick={() => toggleInTray(item)}
                  >
                    ×
                  </button>
                </li>
              )}
            </For>
          </ol>
          <Show when={trayItems().length >= SHORTLIST_MAX}>
            <p class="hint">{t('trayFull')}</p>
          </Show>
          <div class="field">
            <label for="shortlist-language">{t('languageLabel')}</label>
            <select
              id="shortlist-language"
              value={language()}
              onChange={(e) => setLanguage(e.currentTarget.value)}
            >
              <For each={choices}>{(c) => <option value={c}>{bothNames(c)}</option>}</For>
            </select>
          </div>
          <p class="hint">{t('privacyNote')}</p>
          <button type="button" onClick={() => void make()} disabled={busy()}>
            {busy() ? t('making') : t('make')}
          </button>
        </Show>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <p role="status" class="hint">
        {status()}
      </p>
    </aside>
  );
}
