/** /admin/users (admin): every account, with role changes and disable / enable (which signs them out). */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { listAccounts, roleLabel, updateAccount, type Account } from '../auth/accounts.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { session, type Role } from '../session.js';
import { createPagedList } from '../ui/pagedList.js';
import { LoadMore } from '../ui/LoadMore.jsx';
import '../auth/auth.css';
import messages from '../../i18n/messages/admin.js';
import { useMessages } from '../i18n/language.js';

const ROLES: Role[] = ['link_worker', 'organiser', 'funder', 'admin'];
const t = useMessages(messages);

function UsersPanel() {
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [query, setQuery] = createSignal('');
  /** The account whose disabling waits for a second click. */
  const [confirming, setConfirming] = createSignal<string | null>(null);

  const accounts = createPagedList((cursor) => listAccounts(cursor, query()), {
    failed: () => t('usersCouldNotLoad'),
  });

  async function change(
    account: Account,
    patch: Parameters<typeof updateAccount>[1],
    done: string,
  ) {
    try {
      const updated = await updateAccount(account.id, patch);
      accounts.update((items) => items.map((a) => (a.id === updated.id ? updated : a)));
      setMessage({ ok: true, text: done });
    } catch (e) {
      // A fresh copy of the row re-renders it, so a refused role change shows the stored role again.
      accounts.update((items) => items.map((a) => (a.id === account.id ? { ...a } : a)));
      const detail =
        e instanceof ApiError ? (Object.values(e.fields)[0] ?? e.message) : t('couldNotReach');
      setMessage({ ok: false, text: t('namedProblem', { name: account.name, problem: detail }) });
    }
  }

  return (
    <section class="page" aria-labelledby="users-title">
      <h1 id="users-title">{t('usersTitle')}</h1>
      <p class="hint">
        {t('usersIntro')} {t('usersNewFrom')} <a href="/admin/invites">{t('usersInvitations')}</a>.
      </p>
      <form
        class="admin-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void accounts.reload();
        }}
      >
        <div class="field">
          <label for="users-q">{t('findAccount')}</label>
          <input
            id="users-q"
            type="search"
            placeholder={t('nameOrEmail')}
            value={query()}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </div>
        <button type="submit">{t('search')}</button>
      </form>
      <Show when={message() ?? (accounts.error() ? { ok: false, text: accounts.error()! } : null)}>
        {(m) => (
          <p class={m().ok ? 'form-ok' : 'form-error'} role={m().ok ? 'status' : 'alert'}>
            {m().text}
          </p>
        )}
      </Show>
      <Show when={!accounts.items().length}>
        <p>{t('noAccountMatches', { query: query() })}</p>
      </Show>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('colName')}</th>
            <th scope="col">{t('colEmail')}</th>
            <th scope="col">{t('colRole')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={accounts.items()}>
            {(a) => (
              <tr>
                <td>{a.name}</td>
                <td>{a.email}</td>
                <td>
                  <label class="visually-hidden" for={`role-${a.id}`}>
                    {t('roleOf', { name: a.name })}
                  </label>
                  <select
                    id={`role-${a.id}`}
                    disabled={a.id === session.latest?.id}
                    onChange={(e) =>
                      change(
                        a,
                        { role: e.currentTarget.value as Role },
                        t('nowRole', {
                          name: a.name,
                          role: roleLabel(e.currentTarget.value as Role),
                        }),
                      )
                    }
                  >
                    <For each={ROLES}>
                      {(r) => (
                        <option value={r} selected={r === a.role}>
                          {roleLabel(r)}
                        </option>
                      )}
                    </For>
                  </select>
                </td>
                <td>{a.disabled ? t('statusDisabled') : t('statusActive')}</td>
                <td>
                  <Show when={a.id !== session.latest?.id}>
                    <Show
                      when={confirming() === a.id}
                      fallback={
                        <button
                          type="button"
                          class="secondary"
                          onClick={() =>
                            a.disabled
                              ? void change(
                                  a,
                                  { disabled: false },
                                  t('isEnabled', { name: a.name }),
                                )
                              : setConfirming(a.id)
                          }
                        >
                          {a.disabled ? t('enable') : t('disable')}
                          <span class="visually-hidden"> {a.name}</span>
                        </button>
                      }
                    >
                      <div
                        role="group"
                        aria-label={t('confirmDisabling', { name: a.name })}
                        class="confirm"
                      >
                        <p>{t('disableQuestion', { name: a.name })}</p>
                        <button
                          type="button"
                          class="danger"
                          onClick={() => {
                            setConfirming(null);
                            void change(a, { disabled: true }, t('isDisabled', { name: a.name }));
                          }}
                        >
                          {t('yesDisable')}
                          <span class="visually-hidden"> {a.name}</span>
                        </button>{' '}
                        <button type="button" class="secondary" onClick={() => setConfirming(null)}>
                          {t('cancel')}
                        </button>
                      </div>
                    </Show>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <LoadMore list={accounts} label={t('moreAccounts')} />
    </section>
  );
}

export default function UsersPage() {
  return (
    <RequireRole roles={['admin']}>
      <UsersPanel />
    </RequireRole>
  );
}
