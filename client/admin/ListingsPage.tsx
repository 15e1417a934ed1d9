/**
 * /admin/listings (admin): listings that stay true. Claims waiting for a decision (approve moves
 * the service to the claimant's organisation) and the report of listings nobody has confirmed for
 * six months, with when their key contact was last asked.
 */
import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, ApiError, type Page } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../auth/auth.css';
import './admin.css';
import { createPagedList } from '../ui/pagedList.js';
import { LoadMore } from '../ui/LoadMore.jsx';
import { formatDate } from '../ui/wording.js';
import messages from '../../i18n/messages/admin.js';
import { useMessages } from '../i18n/language.js';
import type { Claim, StaleListing } from '../../server/listings/schemas.js';

const t = useMessages(messages);

function ClaimsPanel() {
  const [claims, { refetch }] = createResource(() =>
    api.get<Page<Claim>>('/api/v1/claims', { query: { status: 'pending', limit: 100 } }),
  );
  const [message, setMessage] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function decide(c: Claim, status: 'approved' | 'rejected') {
    setBusy(true);
    try {
      await api.patch(`/api/v1/claims/${c.id}`, { status });
      setMessage(
        status === 'approved'
          ? t('claimApproved', { service: c.serviceName, organisation: c.organisationName })
          : t('claimRejected', { service: c.serviceName }),
      );
      await refetch();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : t('couldNotReach'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="claims-title">
      <h1 id="claims-title">{t('claimsTitle')}</h1>
      <p>{t('claimsIntro')}</p>
      <p role="status" aria-live="polite">
        {message()}
      </p>
      <Show when={claims()} fallback={<p role="status">{t('loading')}</p>}>
        {(page) => (
          <Show when={page().items.length} fallback={<p>{t('noClaims')}</p>}>
            <div class="table-scroll">
              <table class="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('colService')}</th>
                    <th scope="col">{t('colListedBy')}</th>
                    <th scope="col">{t('colClaimedBy')}</th>
                    <th scope="col">{t('colAsked')}</th>
                    <th scope="col">{t('colDecision')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(c) => (
                      <tr>
                        <td>
                          <A href={`/services/${c.serviceId}`}>{c.serviceName}</A>
                        </td>
                        <td>{c.ownerOrganisationName}</td>
                        <td>
                          {c.organisationName}
                          {c.requestedByName ? ` (${c.requestedByName})` : ''}
                        </td>
                        <td>
                          <time datetime={c.createdAt}>{formatDate(c.createdAt)}</time>
                        </td>
                        <td>
                          <button
                            type="button"
                            disabled={busy()}
                            onClick={() => void decide(c, 'approved')}
                            aria-label={t('approveClaim', {
                              service: c.serviceName,
                              organisation: c.organisationName,
                            })}
                          >
                            {t('approve')}
                          </button>{' '}
                          <button
                            type="button"
                            class="secondary"
                            disabled={busy()}
                            onClick={() => void decide(c, 'rejected')}
                            aria-label={t('rejectClaim', {
                              service: c.serviceName,
                              organisation: c.organisationName,
                            })}
                          >
                            {t('reject')}
                          </button>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}

function StalePanel() {
  const stale = createPagedList(
    (cursor, signal) =>
      api.get<Page<StaleListing>>('/api/v1/listings/stale', {
        query: { limit: 100, cursor },
        signal,
      }),
    { failed: () => t('couldNotReach') },
  );
  return (
    <section class="page" aria-labelledby="stale-title">
      <h2 id="stale-title">{t('staleTitle')}</h2>
      <p>{t('staleIntro')}</p>
      <Show when={stale.loaded()} fallback={<p role="status">{t('loading')}</p>}>
        <Show when={stale.items().length} fallback={<p>{t('noStale')}</p>}>
          <div class="table-scroll">
            <table class="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('colService')}</th>
                  <th scope="col">{t('colOrganisation')}</th>
                  <th scope="col">{t('colLastChecked')}</th>
                  <th scope="col">{t('colContactAsked')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={stale.items()}>
                  {(s) => (
                    <tr>
                      <td>
                        <A href={`/services/${s.id}`}>{s.name}</A>
                        {s.changesRequestedAt ? ` — ${t('needsChanges')}` : ''}
                      </td>
                      <td>{s.organisationName}</td>
                      <td>{s.lastVerifiedAt ? formatDate(s.lastVerifiedAt) : t('never')}</td>
                      <td>{s.checkRemindedAt ? formatDate(s.checkRemindedAt) : t('notAsked')}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <LoadMore list={stale} label={t('showMore')} />
        </Show>
      </Show>
    </section>
  );
}

export default function ListingsPage() {
  return (
    <RequireRole roles={['admin']}>
      <ClaimsPanel />
      <StalePanel />
    </RequireRole>
  );
}
