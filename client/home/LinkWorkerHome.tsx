/** A Link Worker's start page: the three things they do most, their referrals and this week's news. */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { api, type Page } from '../api.js';
import { type Referral } from '../referrals/referralsApi.js';
import { StatusBadge } from '../referrals/ReferralList.jsx';
import { ReferralNotices } from '../referrals/ReferralNotices.jsx';
import '../referrals/codesign.css';
import { HomePanel, PageLink, When } from './HomePanel.jsx';
import messages from '../../i18n/messages/home.js';
import { formatNumber } from '../ui/wording.js';
import { useMessages } from '../i18n/language.js';
import type { Digest } from '../../server/digest/schemas.js';

const t = useMessages(messages);

type DigestCounts = Pick<Digest, 'counts'>;

export function LinkWorkerHome() {
  return (
    <div class="home-grid">
      <div class="home-wide">
        <ReferralNotices />
      </div>
      <section class="home-panel home-primary" aria-labelledby="lw-do">
        <h2 id="lw-do">{t('quickActions')}</h2>
        <ul class="home-actions-list">
          <li>
            <PageLink path="/flag" class="button">
              {t('flagNeed')}
            </PageLink>
          </li>
          <li>
            <PageLink path="/directory" class="button secondary">
              {t('findService')}
            </PageLink>
          </li>
          <li>
            <PageLink path="/map" class="button secondary">
              {t('openMap')}
            </PageLink>
          </li>
        </ul>
        <p class="hint">{t('flagPrivacy')}</p>
      </section>
      <HomePanel
        id="lw-referrals"
        title={t('myReferrals')}
        load={() => api.get<Page<Referral>>('/api/v1/referrals', { query: { limit: 5 } })}
        actions={<PageLink path="/referrals">{t('allMyReferrals')}</PageLink>}
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>{t('noReferrals')}</p>}>
            <table class="home-table">
              <caption class="visually-hidden">{t('latestReferrals')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('code')}</th>
                  <th scope="col">{t('service')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('sent')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={page.items}>
                  {(r) => (
                    <tr>
                      <td>
                        <code>{r.code}</code>
                      </td>
                      <td>
                        <A href={`/services/${r.serviceId}`}>{r.serviceName}</A>
                      </td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td>
                        <When at={r.createdAt} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </HomePanel>
      <HomePanel
        id="lw-digest"
        title={t('thisWeek')}
        load={() => api.get<DigestCounts>('/api/v1/digest')}
        actions={<PageLink path="/updates">{t('readDigest')}</PageLink>}
      >
        {(d) => (
          <ul class="home-figures">
            <li>{t('newServices', { count: formatNumber(d.counts.newServices) })}</li>
            <li>{t('changedServices', { count: formatNumber(d.counts.changedServices) })}</li>
            <li>{t('endedServices', { count: formatNumber(d.counts.endedServices) })}</li>
            <li>{t('newProposals', { count: formatNumber(d.counts.newProposals) })}</li>
            <li>{t('referralUpdates', { count: formatNumber(d.counts.referralUpdates) })}</li>
          </ul>
        )}
      </HomePanel>
    </div>
  );
}
