import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { ROLE_LABELS } from '../auth/accounts.js';
import { SignOutButton } from '../auth/SignOutButton.jsx';
import { session } from '../session.js';
import { navigablePages } from './navigation.js';

/** Product name, the navigation the signed-in role may use, and the session indicator. */
export function Header() {
  const nav = () => navigablePages(session.latest);
  return (
    <header class="app-header">
      <A href="/" class="brand" aria-label="Gapmap home">Gapmap</A>
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
    </header>
  );
}
