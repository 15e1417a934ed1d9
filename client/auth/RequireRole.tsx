/**
 * Wraps a page that needs a role: signed out → a link to sign in (coming back here after);
 * wrong role → says so. The server checks every request anyway; this only keeps the UI honest.
 * Usage: `<RequireRole roles={['organiser']}>…</RequireRole>` (admin always passes).
 */
import { A, useLocation } from '@solidjs/router';
import { Match, Switch, type JSX } from 'solid-js';
import { session, type Role } from '../session.js';
import authMessages from '../../i18n/messages/auth.js';
import commonMessages from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(authMessages);
const tCommon = useMessages(commonMessages);

export function RequireRole(props: { roles: Role[] | 'signed-in'; children: JSX.Element }) {
  const location = useLocation();
  const allowed = () => {
    const user = session.latest;
    return (
      !!user &&
      (props.roles === 'signed-in' || user.role === 'admin' || props.roles.includes(user.role))
    );
  };
  return (
    <Switch>
      <Match when={session.loading && session.latest === undefined}>
        <p class="page" role="status">
          {tCommon('loading')}
        </p>
      </Match>
      <Match when={!session.latest}>
        <section class="page">
          <h1>{t('signInToContinue')}</h1>
          <p>
            <A href={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>{t('signInLink')}</A>
            {t('toUseThisPage')}
          </p>
        </section>
      </Match>
      <Match when={!allowed()}>
        <section class="page">
          <h1>{t('notYourRole')}</h1>
          <p>
            {t('otherRoles')} <A href="/">{t('backToStart')}</A>
          </p>
        </section>
      </Match>
      <Match when={allowed()}>{props.children}</Match>
    </Switch>
  );
}
