import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { pages } from '../routes.jsx';
import { session, type SessionUser } from '../session.js';

function visible(roles: NonNullable<(typeof pages)[number]['nav']>['roles'], user: SessionUser | null | undefined): boolean {
  if (roles === 'public') return true;
  if (!user) return false;
  if (roles === 'signed-in') return true;
  return user.role === 'admin' || roles.includes(user.role);
}

/** Product name, the navigation the signed-in role may use, and the session indicator. */
export function Header() {
  const nav = () =>
    pages
      .filter((p) => p.nav && visible(p.nav.roles, session.latest))
      .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0));
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
          {(user) => <span class="who">{user().name} <span class="role">({user().role.replace('_', ' ')})</span></span>}
        </Show>
      </div>
    </header>
  );
}
