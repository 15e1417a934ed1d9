/**
 * The landing page: what Gapmap is, and the pages this visitor can use now. Links come from the
 * page registry (client/routes.tsx), so the home page only ever offers pages that exist and that
 * the visitor's role may open. Role-specific dashboards replace parts of this later.
 */
import { A } from '@solidjs/router';
import { For, Match, Show, Switch } from 'solid-js';
import shell from '../../i18n/messages/shell.js';
import { useMessages } from '../i18n/language.js';
import { session, type Role } from '../session.js';
import { navigablePages } from '../shell/navigation.js';
import { AdminHome } from './AdminHome.jsx';
import { FunderHome } from './FunderHome.jsx';
import { LinkWorkerHome } from './LinkWorkerHome.jsx';
import { OrganiserHome } from './OrganiserHome.jsx';
import './home.css';
import messages from '../../i18n/messages/home.js';

const tShell = useMessages(shell);

const t = useMessages(messages);

/** What each role is for, in the words of the design (DESIGN.md, "Roles"). */
const ROLE_PURPOSE = {
  link_worker: 'purposeLinkWorker',
  organiser: 'purposeOrganiser',
  funder: 'purposeFunder',
  admin: 'purposeAdmin',
} as const satisfies Record<Role, keyof typeof messages.en>;

/** Signed in: the role's own home. Signed out (or while the session loads): the public landing. */
export default function HomePage() {
  return (
    <Show when={session.latest} fallback={<Landing />}>
      {(u) => (
        <div class="page home">
          <h1>{t('welcome', { name: u().name })}</h1>
          <p class="lead">{t(ROLE_PURPOSE[u().role])}</p>
          <Switch>
            <Match when={u().role === 'link_worker'}>
              <LinkWorkerHome />
            </Match>
            <Match when={u().role === 'organiser'}>
              <OrganiserHome />
            </Match>
            <Match when={u().role === 'funder'}>
              <FunderHome />
            </Match>
            <Match when={u().role === 'admin'}>
              <AdminHome />
            </Match>
          </Switch>
        </div>
      )}
    </Show>
  );
}

function Landing() {
  const user = () => session.latest;
  const destinations = () => navigablePages(user()).filter((p) => p.path !== '/');
  return (
    <div class="page home">
      <section class="home-intro" aria-labelledby="home-title">
        <h1 id="home-title">{t('landingTitle')}</h1>
        <p class="lead">{t('landingLead')}</p>
        <p>{t('landingPrivacy')}</p>
      </section>

      <Show when={user()}>
        {(u) => (
          <section aria-labelledby="home-role">
            <h2 id="home-role">{t('signedInAs', { name: u().name })}</h2>
            <p>{t(ROLE_PURPOSE[u().role])}</p>
          </section>
        )}
      </Show>

      <section aria-labelledby="home-next">
        <h2 id="home-next">{t('whatYouCanDo')}</h2>
        <ul class="home-destinations">
          <For each={destinations()}>
            {(page) => (
              <li>
                <A href={page.path}>{page.nav ? tShell(page.nav.label) : null}</A>
                <Show when={page.nav?.description}>
                  {(d) => <span class="hint"> — {tShell(d())}</span>}
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={!user()}>
          <p>
            {t('whoSignsIn')} <A href="/sign-in">{t('signInLink')}</A>
          </p>
        </Show>
      </section>
    </div>
  );
}
