/** /admin/audit (admin): the audit log, newest first, filterable by kind of record and action, a page at a time. */
import { createSignal, For, Show } from 'solid-js';
import { api, type Page } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../auth/auth.css';
import './admin.css';
import messages from '../../i18n/messages/audit.js';
import { useMessages } from '../i18n/language.js';
import { createPagedList } from '../ui/pagedList.js';
import { LoadMore } from '../ui/LoadMore.jsx';
import { formatDateTime, formatNumber } from '../ui/wording.js';
import { ACTION_LABELS, actionLabel, detailsInWords, ENTITY_LABELS } from './auditWords.js';
import type { AuditEntry } from '../../server/audit/schemas.js';

export type { AuditEntry } from '../../server/audit/schemas.js';

const ENTITIES = [
  '',
  'user',
  'invite',
  'session',
  'service',
  'organisation',
  'referral',
  'proposal',
  'taxonomy',
  'setting',
  'area',
  'need_flag',
];
const PAGE_SIZE = 50;
const t = useMessages(messages);

function AuditPanel() {
  const [entity, setEntity] = createSignal('');
  const [action, setAction] = createSignal('');
  const entries = createPagedList(
    (cursor, signal) =>
      api.get<Page<AuditEntry>>('/api/v1/audit', {
        query: { limit: PAGE_SIZE, entity: entity(), action: action().trim(), cursor },
        signal,
      }),
    { failed: () => t('couldNotLoad') },
  );

  return (
    <section class="page" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('title')}</h1>
      <p class="hint">{t('intro')}</p>
      <form
        class="admin-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void entries.reload();
        }}
      >
        <div class="field">
          <label for="audit-entity">{t('kindOfRecord')}</label>
          <select
            id="audit-entity"
            value={entity()}
            onChange={(e) => setEntity(e.currentTarget.value)}
          >
            <For each={ENTITIES}>
              {(k) => <option value={k}>{k ? (ENTITY_LABELS[k] ?? k) : t('any')}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="audit-action">{t('action')}</label>
          <select
            id="audit-action"
            value={action()}
            onChange={(e) => setAction(e.currentTarget.value)}
          >
            <option value="">{t('any')}</option>
            <For each={Object.entries(ACTION_LABELS)}>
              {([value, label]) => <option value={value}>{label}</option>}
            </For>
          </select>
        </div>
        <button type="submit">{t('filter')}</button>
      </form>
      <Show when={entries.error()}>
        {(m) => (
          <p class="form-error" role="alert">
            {m()}
          </p>
        )}
      </Show>
      <p class="hint" aria-live="polite">
        {entries.loading()
          ? t('loading')
          : t(entries.hasMore() ? 'entriesShownMore' : 'entriesShown', {
              count: formatNumber(entries.items().length),
            })}
      </p>
      <div class="table-scroll">
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('record')}</th>
              <th scope="col">{t('by')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={entries.items()}>
              {(e) => (
                <tr>
                  <td>
                    <time datetime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
                  </td>
                  <td>{actionLabel(e.action)}</td>
                  <td title={e.entityId ?? undefined}>
                    {e.entityName
                      ? t('recordNamed', {
                          kind: ENTITY_LABELS[e.entity] ?? e.entity,
                          name: e.entityName,
                        })
                      : e.entityId
                        ? t('recordGone', { kind: ENTITY_LABELS[e.entity] ?? e.entity })
                        : (ENTITY_LABELS[e.entity] ?? e.entity)}
                  </td>
                  <td title={e.userId ?? undefined}>
                    {e.userName ?? (e.userId ? t('removedAccount') : t('automatic'))}
                  </td>
                  <td>{detailsInWords(e.details)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <LoadMore list={entries} label={t('showMore', { count: formatNumber(PAGE_SIZE) })} />
    </section>
  );
}

export default function AuditPage() {
  return (
    <RequireRole roles={['admin']}>
      <AuditPanel />
    </RequireRole>
  );
}
