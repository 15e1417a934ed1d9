/**
 * Wraps a page that needs a role: signed out → a link to sign in (coming back here after);
 * wrong role → says so. The server checks every request anyway; this only keeps the UI honest.
 * Usage: `<RequireRole roles={['organiser']}>…</RequireRole>` (admin always passes).
 */
import { A, useLocation } from '@solidjs/router';
import { Match, Switch, type JSX } from 'solid-js';
import { session, type Role } from '../session.js';

export function RequireRole(props: { roles: Role[] | 'signed-in'; children: JSX.Element }) {
  const location = useLocation();
  const allowed = () => {
    const user = session.latest;
    return !!user && (props.roles === 'signed-in' || user.role === 'admin' || props.roles.includes(user.role));
  };
  return (
    <Switch>
      <Match when={session.loading && session.latest === undefined}>
        <p class="page" role="status">Loading…</p>
      </Match>
      <Match when={!session.latest}>
        <section class="page">
          <h1>Sign in to continue</h1>
          <p><A href={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>Sign in</A> to use this page.</p>
        </section>
      </Match>
      <Match when={!allowed()}>
        <section class="page">
          <h1>Not available to your role</h1>
          <p>This page is for other roles. <A href="/">Back to the start</A></p>
        </section>
      </Match>
      <Match when={allowed()}>{props.children}</Match>
    </Switch>
  );
}
