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
import { formatDate } from '../ui/wording.js';

const WORDS = {
  claimsTitle: 'Claims of listings',
  claimsIntro: 'An organisation asks to take over a listing made by someone else. Approving moves the service (and the venues only it uses) to that organisation.',
  noClaims: 'No claims are waiting.',
  approve: 'Approve',
  reject: 'Reject',
  approved: (s: string, o: string) => `Approved: ${s} now belongs to ${o}.`,
  rejected: (s: string) => `Rejected: ${s} stays where it is.`,
  staleTitle: 'Not checked for six months',
  staleIntro: 'Listed services nobody has confirmed for six months, longest first. Their key contacts are mailed a check link every few weeks until someone answers.',
  noStale: 'Every listed service has been checked in the last six months.',
  never: 'Never',
  notAsked: 'Not yet',
  needsChanges: 'Said it needs changes',
  more: 'Show more',
};

interface Claim {
  id: string; serviceId: string; serviceName: string; ownerOrganisationName: string; organisationName: string;
  requestedByName: string | null; status: 'pending' | 'approved' | 'rejected'; createdAt: string;
}
interface StaleListing {
  id: string; name: string; organisationName: string; lastVerifiedAt: string | null; checkRemindedAt: string | null; changesRequestedAt: string | null;
}

function ClaimsPanel() {
  const [claims, { refetch }] = createResource(() => api.get<Page<Claim>>('/api/v1/claims', { query: { status: 'pending', limit: 100 } }));
  const [message, setMessage] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  async function decide(c: Claim, status: 'approved' | 'rejected') {
    setBusy(true);
    try {
      await api.patch(`/api/v1/claims/${c.id}`, { status });
      setMessage(status === 'approved' ? WORDS.approved(c.serviceName, c.organisationName) : WORDS.rejected(c.serviceName));
      await refetch();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'Could not reach Gapmap.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="claims-title">
      <h1 id="claims-title">{WORDS.claimsTitle}</h1>
      <p>{WORDS.claimsIntro}</p>
      <p role="status" aria-live="polite">{message()}</p>
      <Show when={claims()} fallback={<p role="status">Loading…</p>}>
        {(page) => (
          <Show when={page().items.length} fallback={<p>{WORDS.noClaims}</p>}>
            <div class="table-scroll">
              <table class="admin-table">
                <thead><tr><th scope="col">Service</th><th scope="col">Listed by</th><th scope="col">Claimed by</th><th scope="col">Asked</th><th scope="col">Decision</th></tr></thead>
                <tbody>
                  <For each={page().items}>
                    {(c) => (
                      <tr>
                        <td><A href={`/services/${c.serviceId}`}>{c.serviceName}</A></td>
                        <td>{c.ownerOrganisationName}</td>
                        <td>{c.organisationName}{c.requestedByName ? ` (${c.requestedByName})` : ''}</td>
                        <td><time datetime={c.createdAt}>{formatDate(c.createdAt)}</time></td>
                        <td>
                          <button type="button" disabled={busy()} onClick={() => void decide(c, 'approved')} aria-label={`${WORDS.approve} the claim of ${c.serviceName} by ${c.organisationName}`}>{WORDS.approve}</button>{' '}
                          <button type="button" class="secondary" disabled={busy()} onClick={() => void decide(c, 'rejected')} aria-label={`${WORDS.reject} the claim of ${c.serviceName} by ${c.organisationName}`}>{WORDS.reject}</button>
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
  const [items, setItems] = createSignal<StaleListing[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loaded, setLoaded] = createSignal(false);
  async function load(more = false) {
    const page = await api.get<Page<StaleListing>>('/api/v1/listings/stale', { query: { limit: 100, cursor: more ? cursor() : undefined } });
    setItems(more ? [...items(), ...page.items] : page.items);
    setCursor(page.nextCursor);
    setLoaded(true);
  }
  void load();
  return (
    <section class="page" aria-labelledby="stale-title">
      <h2 id="stale-title">{WORDS.staleTitle}</h2>
      <p>{WORDS.staleIntro}</p>
      <Show when={loaded()} fallback={<p role="status">Loading…</p>}>
        <Show when={items().length} fallback={<p>{WORDS.noStale}</p>}>
          <div class="table-scroll">
            <table class="admin-table">
              <thead><tr><th scope="col">Service</th><th scope="col">Organisation</th><th scope="col">Last checked</th><th scope="col">Key contact asked</th></tr></thead>
              <tbody>
                <For each={items()}>
                  {(s) => (
                    <tr>
                      <td><A href={`/services/${s.id}`}>{s.name}</A>{s.changesRequestedAt ? ` — ${WORDS.needsChanges}` : ''}</td>
                      <td>{s.organisationName}</td>
                      <td>{s.lastVerifiedAt ? formatDate(s.lastVerifiedAt) : WORDS.never}</td>
                      <td>{s.checkRemindedAt ? formatDate(s.checkRemindedAt) : WORDS.notAsked}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={cursor()}><button type="button" class="secondary" onClick={() => void load(true)}>{WORDS.more}</button></Show>
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
