/** A Link Worker's start page: the three things they do most, their referrals and this week's news. */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { api, type Page } from '../api.js';
import { type Referral } from '../referrals/referralsApi.js';
import { StatusBadge } from '../referrals/ReferralList.jsx';
import { ReferralNotices } from '../referrals/ReferralNotices.jsx';
import '../referrals/codesign.css';
import { HomePanel, PageLink, When } from './HomePanel.jsx';

interface DigestCounts {
  counts: { newServices: number; changedServices: number; endedServices: number; newProposals: number; referralUpdates: number };
}

export function LinkWorkerHome() {
  return (
    <div class="home-grid">
      <div class="home-wide"><ReferralNotices /></div>
      <section class="home-panel home-primary" aria-labelledby="lw-do">
        <h2 id="lw-do">Quick actions</h2>
        <ul class="home-actions-list">
          <li><PageLink path="/flag" class="button">Flag a need</PageLink></li>
          <li><PageLink path="/directory" class="button secondary">Find a service</PageLink></li>
          <li><PageLink path="/map" class="button secondary">Open the map</PageLink></li>
        </ul>
        <p class="hint">A flag takes three taps and records no name, address or full postcode.</p>
      </section>
      <HomePanel
        id="lw-referrals"
        title="My referrals"
        load={() => api.get<Page<Referral>>('/api/v1/referrals', { query: { limit: 5 } })}
        actions={<PageLink path="/referrals">All my referrals</PageLink>}
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>No referrals yet. Refer from any service card.</p>}>
            <table class="home-table">
              <caption class="visually-hidden">Your latest referrals</caption>
              <thead><tr><th scope="col">Code</th><th scope="col">Service</th><th scope="col">Status</th><th scope="col">Sent</th></tr></thead>
              <tbody>
                <For each={page.items}>
                  {(r) => (
                    <tr>
                      <td><code>{r.code}</code></td>
                      <td><A href={`/services/${r.serviceId}`}>{r.serviceName}</A></td>
                      <td><StatusBadge status={r.status} /></td>
                      <td><When at={r.createdAt} /></td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </HomePanel>
      <HomePanel id="lw-digest" title="This week" load={() => api.get<DigestCounts>('/api/v1/digest')} actions={<PageLink path="/updates">Read the weekly digest</PageLink>}>
        {(d) => (
          <ul class="home-figures">
            <li><strong>{d.counts.newServices}</strong> new services</li>
            <li><strong>{d.counts.changedServices}</strong> changed services</li>
            <li><strong>{d.counts.endedServices}</strong> ended services</li>
            <li><strong>{d.counts.newProposals}</strong> new proposals to co-design</li>
            <li><strong>{d.counts.referralUpdates}</strong> updates on your referrals</li>
          </ul>
        )}
      </HomePanel>
    </div>
  );
}
