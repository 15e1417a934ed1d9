/** An administrator's start page: the admin tools, the privacy threshold in force and recent activity. */
import { For, Show } from 'solid-js';
import { api, type Page } from '../api.js';
import type { AuditEntry } from '../admin/AuditPage.jsx';
import type { PrivacySetting } from '../admin/PrivacyPage.jsx';
import { HomePanel, PageLink, When } from './HomePanel.jsx';
import messages from '../../i18n/messages/home.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);
import { formatNumber } from '../ui/wording.js';

export function AdminHome() {
  return (
    <div class="home-grid">
      <section class="home-panel home-primary" aria-labelledby="admin-tools">
        <h2 id="admin-tools">{t('runWorkspace')}</h2>
        <ul class="home-list">
          <li>
            <PageLink path="/admin/invites">{t('adminInvites')}</PageLink>
          </li>
          <li>
            <PageLink path="/admin/users">{t('adminAccounts')}</PageLink>
          </li>
          <li>
            <PageLink path="/admin/taxonomy">{t('adminTaxonomy')}</PageLink>
          </li>
          <li>
            <PageLink path="/admin/areas">{t('adminAreas')}</PageLink>
          </li>
          <li>
            <PageLink path="/admin/feeds">{t('adminFeeds')}</PageLink>
          </li>
          <li>
            <PageLink path="/admin/privacy">{t('adminPrivacy')}</PageLink>
          </li>
          <li>
            <PageLink path="/admin/audit">{t('adminAudit')}</PageLink>
          </li>
          <li>
            <PageLink path="/dashboard">{t('adminDashboard')}</PageLink>
          </li>
        </ul>
      </section>
      <HomePanel
        id="admin-privacy"
        title={t('privacy')}
        load={() => api.get<PrivacySetting>('/api/v1/settings/privacy')}
      >
        {(s) => (
          <p>
            {t('privacyRule', {
              max: formatNumber(s.threshold - 1),
              threshold: formatNumber(s.threshold),
            })}
            <Show when={s.threshold > s.floor}>
              {t('privacyFloor', { floor: formatNumber(s.floor) })}
            </Show>
          </p>
        )}
      </HomePanel>
      <HomePanel
        id="admin-audit"
        title={t('recentActivity')}
        load={() => api.get<Page<AuditEntry>>('/api/v1/audit', { query: { limit: 8 } })}
        actions={<PageLink path="/admin/audit">{t('wholeAudit')}</PageLink>}
      >
        {(page) => (
          <ul class="home-list">
            <For each={page.items}>
              {(e) => (
                <li>
                  <code>{e.action}</code> on {e.entity}{' '}
                  <span class="hint">
                    <When at={e.createdAt} />
                  </span>
                </li>
              )}
            </For>
          </ul>
        )}
      </HomePanel>
    </div>
  );
}
