/** An administrator's start page: the admin tools, the privacy threshold in force and recent activity. */
import { For, Show } from 'solid-js';
import { api, type Page } from '../api.js';
import type { AuditEntry } from '../admin/AuditPage.jsx';
import type { PrivacySetting } from '../admin/PrivacyPage.jsx';
import { HomePanel, PageLink, When } from './HomePanel.jsx';

export function AdminHome() {
  return (
    <div class="home-grid">
      <section class="home-panel home-primary" aria-labelledby="admin-tools">
        <h2 id="admin-tools">Run the workspace</h2>
        <ul class="home-list">
          <li><PageLink path="/admin/invites">Invite people</PageLink></li>
          <li><PageLink path="/admin/users">Accounts</PageLink></li>
          <li><PageLink path="/admin/taxonomy">Need taxonomy</PageLink></li>
          <li><PageLink path="/admin/areas">Import boundaries</PageLink></li>
          <li><PageLink path="/admin/feeds">Open Referral UK feeds</PageLink></li>
          <li><PageLink path="/admin/privacy">Privacy threshold</PageLink></li>
          <li><PageLink path="/admin/audit">Audit log</PageLink></li>
          <li><PageLink path="/dashboard">Funder dashboard</PageLink></li>
        </ul>
      </section>
      <HomePanel id="admin-privacy" title="Privacy" load={() => api.get<PrivacySetting>('/api/v1/settings/privacy')}>
        {(s) => (
          <p>
            Counts from 1 to {s.threshold - 1} are shown as “&lt;{s.threshold}”; larger ones are rounded to the nearest 5.
            <Show when={s.threshold > s.floor}> (The deployment's floor is {s.floor}.)</Show>
          </p>
        )}
      </HomePanel>
      <HomePanel
        id="admin-audit"
        title="Recent activity"
        load={() => api.get<Page<AuditEntry>>('/api/v1/audit', { query: { limit: 8 } })}
        actions={<PageLink path="/admin/audit">The whole audit log</PageLink>}
      >
        {(page) => (
          <ul class="home-list">
            <For each={page.items}>{(e) => <li><code>{e.action}</code> on {e.entity} <span class="hint"><When at={e.createdAt} /></span></li>}</For>
          </ul>
        )}
      </HomePanel>
    </div>
  );
}
