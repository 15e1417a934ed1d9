/** An organiser's start page: their services (stale ones flagged), referrals waiting, gap check, proposals. */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { api, type Page } from '../api.js';
import type { Referral } from '../referrals/referralsApi.js';
import { session } from '../session.js';
import { HomePanel, PageLink, When } from './HomePanel.jsx';
import { STAGE_LABELS } from '../proposals/proposalsApi.js';
import messages from '../../i18n/messages/home.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);
import { formatNumber } from '../ui/wording.js';
import type { ProposalSummary } from '../../server/proposals/schemas.js';
import type { Service } from '../../server/services/schemas.js';

type OwnService = Pick<
  Service,
  'id' | 'name' | 'status' | 'accepting' | 'lastVerifiedAt' | 'stale'
>;
type ProposalRow = Pick<ProposalSummary, 'id' | 'title' | 'stage'>;

const STAGE: Record<string, string> = STAGE_LABELS;

export function OrganiserHome() {
  const organisationId = () => session.latest?.organisationId ?? undefined;
  return (
    <div class="home-grid">
      <HomePanel
        id="org-services"
        title={t('yourServices')}
        load={() =>
          api.get<Page<OwnService>>('/api/v1/services', {
            query: { organisationId: organisationId(), limit: 50 },
          })
        }
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>{t('noOwnServices')}</p>}>
            <p class="hint">
              {t('needChecking', {
                stale: formatNumber(page.items.filter((s) => s.stale).length),
                total: formatNumber(page.items.length),
              })}
            </p>
            <ul class="home-list">
              <For each={page.items}>
                {(s) => (
                  <li>
                    <A class="home-item-name" href={`/services/${s.id}`}>
                      {s.name}
                    </A>{' '}
                    <Show when={s.status !== 'active'}>
                      <span class="badge">
                        {s.status === 'paused' ? t('paused') : t('ended')}
                      </span>{' '}
                    </Show>
                    <Show
                      when={s.stale}
                      fallback={
                        <span class="hint">
                          {t('checked')}{' '}
                          <Show when={s.lastVerifiedAt} fallback={t('never')}>
                            {(at) => <When at={at()} />}
                          </Show>
                        </span>
                      }
                    >
                      <span class="badge warn">
                        <span aria-hidden="true">⚠ </span>
                        {t('needsChecking')}
                      </span>{' '}
                      <span class="hint">
                        {t('lastChecked')}{' '}
                        <Show when={s.lastVerifiedAt} fallback={t('never')}>
                          {(at) => <When at={at()} />}
                        </Show>
                      </span>
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
        title={t('toAcknowledge')}
        load={() =>
          api.get<Page<Referral>>('/api/v1/referrals', { query: { status: 'sent', limit: 10 } })
        }
        actions={<PageLink path="/referrals/inbox">{t('allReferrals')}</PageLink>}
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>{t('nothingWaiting')}</p>}>
            <p>
              {t('waiting', {
                count: `${formatNumber(page.items.length)}${page.nextCursor ? '+' : ''}`,
              })}
            </p>
            <ul class="home-list">
              <For each={page.items}>
                {(r) => (
                  <li>
                    {t('referralFor', { code: r.code, service: r.serviceName })}{' '}
                    <When at={r.createdAt} />
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </HomePanel>
      <section class="home-panel" aria-labelledby="org-gap">
        <h2 id="org-gap">{t('planning')}</h2>
        <p>{t('planningText')}</p>
        <PageLink path="/gap-check" class="button">
          {t('runGapCheck')}
        </PageLink>
      </section>
      <HomePanel
        id="org-proposals"
        title={t('proposals')}
        load={() => api.get<Page<ProposalRow>>('/api/v1/proposals', { query: { limit: 5 } })}
        actions={<PageLink path="/proposals">{t('allProposals')}</PageLink>}
      >
        {(page) => (
          <Show when={page.items.length} fallback={<p>{t('noProposals')}</p>}>
            <ul class="home-list">
              <For each={page.items}>
                {(p) => (
                  <li>
                    <A href={`/proposals/${p.id}`}>{p.title}</A>{' '}
                    <span class="badge">{STAGE[p.stage] ?? p.stage}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </HomePanel>
    </div>
  );
}
