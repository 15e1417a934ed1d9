import { A, useLocation } from '@solidjs/router';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import messages from '../../i18n/messages/shell.js';
import { roleLabel } from '../auth/accounts.js';
import { SignOutButton } from '../auth/SignOutButton.jsx';
import { session } from '../session.js';
import { useMessages } from '../i18n/language.js';
import { LanguageSwitch } from './LanguageSwitch.jsx';
import { navigablePages } from './navigation.js';

const t = useMessages(messages);

/**
 * Product name, the navigation the signed-in role may use, and the session indicator. On a
 * phone the navigation and the session fold behind one "Menu" button, so the header takes one
 * line instead of a quarter of the screen; the menu closes again after a page is chosen.
 */
export function Header() {
  const nav = () => navigablePages(session.latest);
  const [open, setOpen] = createSignal(false);
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => setOpen(false),
      { defer: true },
    ),
  );
  return (
    <header class="app-header">
      <A href="/" class="brand" aria-label={t('brandHome')}>
        Gapmap
      </A>
      <button
        type="button"
        class="menu-toggle"
        aria-expanded={open()}
        aria-controls="main-menu"
        onClick={() => setOpen(!open())}
      >
        <span aria-hidden="true">☰</span> {t('menu')}
      </button>
      <div id="main-menu" class="main-menu" classList={{ open: open() }}>
        <nav aria-label={t('mainNavigation')}>
          <ul>
            <For each={nav()}>
              {(p) => (
                <li>
                  <A href={p.path} end={p.path === '/'}>
                    {p.nav ? t(p.nav.label) : ''}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <LanguageSwitch />
        <div class="session" aria-live="polite">
          <Show when={session.latest} fallback={<A href="/sign-in">{t('signIn')}</A>}>
            {(user) => (
              <>
                <A href="/account" class="who" title={t('yourAccount')}>
                  <span class="visually-hidden">{t('signedInAs')}</span>
                  <bdi>{user().name}</bdi> <span class="role">({roleLabel(user().role)})</span>
                </A>
                <SignOutButton />
              </>
            )}
          </Show>
        </div>
      </div>
    </header>
  );
}
