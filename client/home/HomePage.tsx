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

const tShell = useMessages(shell);

/** What each role is for, in the words of the design (DESIGN.md, "Roles"). */
const ROLE_PURPOSE: Record<Role, string> = {
  link_worker:
    'Flag the needs you could not meet in a few taps, find what already runs nearby, refer people with an anonymous code and see what happened to each referral.',
  organiser:
    "Keep your organisation's services up to date, check for a gap before you launch a group, and reply to referrals quickly.",
  funder: 'See where provision is missing: coverage and gap maps, rankings and trends, always at a coarse resolution and with small numbers suppressed.',
  admin: 'Run the workspace: invitations, the need taxonomy, boundary imports, privacy settings and the audit log.',
};

/** Signed in: the role's own home. Signed out (or while the session loads): the public landing. */
export default function HomePage() {
  return (
    <Show when={session.latest} fallback={<Landing />}>
      {(u) => (
        <div class="page home">
          <h1>Welcome, {u().name}</h1>
          <p class="lead">{ROLE_PURPOSE[u().role]}</p>
          <Switch>
            <Match when={u().role === 'link_worker'}><LinkWorkerHome /></Match>
            <Match when={u().role === 'organiser'}><OrganiserHome /></Match>
            <Match when={u().role === 'funder'}><FunderHome /></Match>
            <Match when={u().role === 'admin'}><AdminHome /></Match>
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
        <h1 id="home-title">Unmet needs and community provision, side by side</h1>
        <p class="lead">
          Gapmap helps social prescribing teams see where people's needs are going unmet. Link Workers flag, anonymously,
          the needs they could not find support for; organisers list the groups and services that already run; the map puts
          the two together, so a new group starts where it is needed, not next door to one that already exists.
        </p>
        <p>
          Flags are about needs, never people: no names, addresses or full postcodes are kept, and every count shown is
          rounded and small numbers are hidden.
        </p>
      </section>

      <Show when={user()}>
        {(u) => (
          <section aria-labelledby="home-role">
            <h2 id="home-role">Signed in as {u().name}</h2>
            <p>{ROLE_PURPOSE[u().role]}</p>
          </section>
        )}
      </Show>

      <section aria-labelledby="home-next">
        <h2 id="home-next">What you can do here</h2>
        <ul class="home-destinations">
          <For each={destinations()}>
            {(page) => (
              <li>
                <A href={page.path}>{page.nav ? tShell(page.nav.label) : null}</A>
                <Show when={page.nav?.description}>{(d) => <span class="hint"> — {tShell(d())}</span>}</Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={!user()}>
          <p>
            Link Workers, organisers, funders and administrators <A href="/sign-in">sign in</A> to flag needs, manage
            services and see the gaps. Accounts are by invitation from an administrator or an organiser.
          </p>
        </Show>
      </section>
    </div>
  );
}
