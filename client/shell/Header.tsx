import { A, useLocation } from '@solidjs/router';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { ROLE_LABELS } from '../auth/accounts.js';
import { SignOutButton } from '../auth/SignOutButton.jsx';
import { session } from '../session.js';
import { navigablePages } from './navigation.js';

/**
 * Product name, the navigation the signed-in role may use, and the session indicator. On a
 * phone the navigation and the session fold behind one "Menu" button, so the header takes one
 * line instead of a quarter of the screen; the menu closes again after a page is chosen.
 */
export function Header() {
  const nav = () => navigablePages(session.latest);
  const [open, setOpen] = createSignal(false);
  const location = useLocation();
  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }));
  return (
    <header class="app-header">
      <A href="/" class="brand" aria-label="Gapmap home">Gapmap</A>
      <button type="button" class="menu-toggle" aria-expanded={open()} aria-controls="main-menu" onClick={() => setOpen(!open())}>
        <span aria-hidden="true">☰</span> Menu
      </button>
      <div id="main-menu" class="main-menu" classList={{ open: open() }}>
        <nav aria-label="Main">
          <ul>
            <For each={nav()}>{(p) => <li><A href={p.path} end={p.path === '/'}>{p.nav?.label}</A></li>}</For>
          </ul>
        </nav>
        <div class="session" aria-live="polite">
          <Show when={session.latest} fallback={<A href="/sign-in">Sign in</A>}>
            {(user) => (
              <>
                <A href="/account" class="who" title="Your account">
                  <span class="visually-hidden">Signed in as </span>
                  {user().name} <span class="role">({ROLE_LABELS[user().role]})</span>
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
