/**
 * /admin/invites: invite someone by email. The link is shown once, right after creating it
 * (the server keeps only a hash of the token), with the pending and past invites below.
 */
import { createAsync } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import {
  createInvite,
  listInvites,
  roleLabel,
  withdrawInvite,
  type Invite,
} from '../auth/accounts.js';
import { Field, FormError, Labelled } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { session, type Role } from '../session.js';
import '../auth/auth.css';
import { createPagedList } from '../ui/pagedList.js';
import { LoadMore } from '../ui/LoadMore.jsx';
import { getOrganisations } from '../ui/referenceData.js';
import { formatDate } from '../ui/wording.js';
import messages from '../../i18n/messages/admin.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

function inviteStatus(i: Invite): string {
  if (i.acceptedAt) return t('inviteAccepted', { date: formatDate(i.acceptedAt) });
  if (Date.parse(i.expiresAt) <= Date.now()) return t('inviteExpired');
  return t('invitePending', { date: formatDate(i.expiresAt) });
}

function InvitesPanel() {
  const isAdmin = () => session.latest?.role === 'admin';
  const roles = (): Role[] =>
    isAdmin() ? ['link_worker', 'organiser', 'funder', 'admin'] : ['organiser'];
  // Organisations for the admin's picker; organisers always invite into their own.
  const organisations = createAsync(async () =>
    isAdmin() ? getOrganisations().catch(() => null) : undefined,
  );
  const invites = createPagedList((cursor) => listInvites(cursor), {
    failed: () => t('invitesCouldNotLoad'),
  });
  const [withdrawError, setWithdrawError] = createSignal<string | null>(null);
  const [link, setLink] = createSignal<string | null>(null);
  const [copied, setCopied] = createSignal(false);
  const state = createFormState();
  let linkBox: HTMLInputElement | undefined;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const organisationId = String(form.get('organisationId') ?? '').trim();
    state.clear();
    setLink(null);
    setCopied(false);
    await state.send(async () => {
      const created = await createInvite({
        email: String(form.get('email') ?? '').trim(),
        role: String(form.get('role')) as Role,
        ...(organisationId ? { organisationId } : {}),
      });
      setLink(`${location.origin}/invite/${created.token}`);
      formEl.reset();
      queueMicrotask(() => linkBox?.focus());
      void invites.reload();
    }, t('couldNotReachTryAgain'));
  }

  async function withdraw(invite: Invite) {
    try {
      await withdrawInvite(invite.id);
      setWithdrawError(null);
      await invites.reload();
    } catch (e) {
      setWithdrawError(e instanceof ApiError ? e.message : t('couldNotWithdraw'));
    }
  }

  async function copy() {
    const value = link();
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      linkBox?.select();
    }
  }

  return (
    <section class="page" aria-labelledby="invites-title">
      <h1 id="invites-title">{t('invitesTitle')}</h1>
      <p class="hint">
        {t('invitesIntro')}
        {isAdmin() ? '' : ` ${t('invitesIntroOrganiser')}`}
      </p>
      <form onSubmit={submit} novalidate aria-label={t('newInvitation')}>
        <FormError message={state.error()} ref={state.errorRef} />
        <Field
          id="invite-email"
          name="email"
          label={t('colEmail')}
          type="email"
          autocomplete="off"
          required
          error={state.fields().email}
        />
        <Labelled id="invite-role" label={t('colRole')} error={state.fields().role}>
          <select
            id="invite-role"
            name="role"
            aria-describedby={state.fields().role ? 'invite-role-error' : undefined}
          >
            <For each={roles()}>{(r) => <option value={r}>{roleLabel(r)}</option>}</For>
          </select>
        </Labelled>
        <Show when={isAdmin()}>
          <Show
            when={organisations()}
            fallback={
              <Field
                id="invite-org"
                name="organisationId"
                label={t('orgIdNeeded')}
                error={state.fields().organisationId}
              />
            }
          >
            {(orgs) => (
              <Labelled
                id="invite-org"
                label={t('orgNeeded')}
                error={state.fields().organisationId}
              >
                <select
                  id="invite-org"
                  name="organisationId"
                  aria-describedby={state.fields().organisationId ? 'invite-org-error' : undefined}
                >
                  <option value="">{t('noneOption')}</option>
                  <For each={orgs()}>{(o) => <option value={o.id}>{o.name}</option>}</For>
                </select>
              </Labelled>
            )}
          </Show>
        </Show>
        <button type="submit" disabled={state.busy()}>
          {state.busy() ? t('creating') : t('createInvitation')}
        </button>
      </form>

      <Show when={link()}>
        {(value) => (
          <div class="form-ok" role="status">
            <p>
              <strong>{t('invitationCreated')}</strong> {t('sendThisLink')}
            </p>
            <div class="invite-link">
              <label for="invite-link" class="visually-hidden">
                {t('invitationLink')}
              </label>
              <input
                id="invite-link"
                readonly
                value={value()}
                ref={(el) => (linkBox = el)}
                onFocus={(e) => e.currentTarget.select()}
              />
              <button type="button" class="secondary" onClick={copy}>
                {copied() ? t('copied') : t('copyLink')}
              </button>
            </div>
          </div>
        )}
      </Show>

      <h2>{t('invitations')}</h2>
      <Show when={withdrawError() ?? invites.error()}>
        {(m) => (
          <p class="error" role="alert">
            {m()}
          </p>
        )}
      </Show>
      <Show when={invites.items().length} fallback={<p>{t('noInvitations')}</p>}>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('colEmail')}</th>
              <th scope="col">{t('colRole')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={invites.items()}>
              {(i) => (
                <tr>
                  <td>{i.email}</td>
                  <td>{roleLabel(i.role)}</td>
                  <td>{inviteStatus(i)}</td>
                  <td>
                    <Show when={!i.acceptedAt && Date.parse(i.expiresAt) > Date.now()}>
                      <button type="button" class="secondary" onClick={() => withdraw(i)}>
                        {t('withdraw')}
                        <span class="visually-hidden">
                          {' '}
                          {t('invitationFor', { email: i.email })}
                        </span>
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <LoadMore list={invites} label={t('moreInvitations')} />
    </section>
  );
}

export default function InvitesPage() {
  return (
    <RequireRole roles={['organiser']}>
      <InvitesPanel />
    </RequireRole>
  );
}
