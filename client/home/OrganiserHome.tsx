/** An organiser's start page: their services (stale ones flagged), referrals waiting, gap check, proposals. */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { api, type Page } from '../api.js';
import type { Referral } from '../referrals/referralsApi.js';
import { session } from '../session.js';
import { HomePanel, PageLink, When } from './HomePanel.jsx';
import { STAGE_LABELS } from '../proposals/proposalsApi.js';

interface OwnService {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'ended';
  accepting: 'open' | 'waitlist' | 'full';
  lastVerifiedAt: string | null;
  stale: boolean;
}
interface ProposalRow {
  id: string;
  title: string;
  stage: string;
}

const STAGE: Record<string, string> = STAGE_LABELS;

export function OrganiserHome() {
  const organisationId = () => session.latest?.organisationId ?? undefined;
  return (
    <div class="home-grid">
      <HomePanel
        id="org-services"
        title="Your services"
        load={() => api.get<Page<OwnService>>('/api/v1/services', { query: { organisationId: organisationId(), limit: 50 } })}
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>Your organisation has no services listed yet.</p>}>
            <p class="hint">
              {page.items.filter((s) => s.stale).length} of {page.items.length} need checking: a person should confirm each service
              is still right at least every few months.
            </p>
            <ul class="home-list">
              <For each={page.items}>
                {(s) => (
                  <li>
                    <A class="home-item-name" href={`/services/${s.id}`}>{s.name}</A>{' '}
                    <Show when={s.status !== 'active'}><span class="badge">{s.status === 'paused' ? 'Paused' : 'Ended'}</span> </Show>
                    <Show
                      when={s.stale}
                      fallback={<span class="hint">Checked <Show when={s.lastVerifiedAt} fallback="never">{(at) => <When at={at()} />}</Show></span>}
                    >
                      <span class="badge warn"><span aria-hidden="true">⚠ </span>Needs checking</span>{' '}
                      <span class="hint">last checked <Show when={s.lastVerifiedAt} fallback="never">{(at) => <When at={at()} />}</Show></span>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </HomePanel>
      <HomePanel
        id="org-referrals"
        title="Referrals to acknowledge"
        load={() => api.get<Page<Referral>>('/api/v1/referrals', { query: { status: 'sent', limit: 10 } })}
        actions={<PageLink path="/referrals/inbox">All referrals</PageLink>}
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>Nothing waiting. Every referral has been acknowledged.</p>}>
            <p>{page.items.length}{page.nextCursor ? '+' : ''} waiting for a reply. A quick acknowledgement is what Link Workers value most.</p>
            <ul class="home-list">
              <For each={page.items}>{(r) => <li><code>{r.code}</code> for {r.serviceName}, sent <When at={r.createdAt} /></li>}</For>
            </ul>
          </Show>
        )}
      </HomePanel>
      <section class="home-panel" aria-labelledby="org-gap">
        <h2 id="org-gap">Planning something new?</h2>
        <p>Check what already runs nearby and how much unmet need there is before you launch a group.</p>
        <PageLink path="/gap-check" class="button">Run a gap check</PageLink>
      </section>
      <HomePanel
        id="org-proposals"
        title="Proposals"
        load={() => api.get<Page<ProposalRow>>('/api/v1/proposals', { query: { limit: 5 } })}
        actions={<PageLink path="/proposals">All proposals</PageLink>}
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>No proposals yet.</p>}>
            <ul class="home-list">
              <For each={page.items}>{(p) => <li><A href={`/proposals/${p.id}`}>{p.title}</A> <span class="badge">{STAGE[p.stage] ?? p.stage}</span></li>}</For>
            </ul>
          </Show>
        )}
      </HomePanel>
    </div>
  );
}
