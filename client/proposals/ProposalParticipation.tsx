/** The people around a proposal: members and their boundaries, interest, partners, backing, comments. */
import { createAsync } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { hasRole } from '../session.js';
import {
  COMMITMENT_LABELS,
  pounds,
  proposalsApi,
  type Commitment,
  type Proposal,
} from './proposalsApi.js';
import { getOrganisations } from '../ui/referenceData.js';
import { FieldError } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { formatDate, formatNumber } from '../ui/wording.js';
import messages from '../../i18n/messages/codesign.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

export function ProposalParticipation(props: {
  proposal: Proposal;
  onChanged: () => void;
  onError: (m: string) => void;
}) {
  const id = () => props.proposal.id;
  const [comments, { refetch: reloadComments }] = createResource(id, (pid) =>
    proposalsApi.comments(pid),
  );
  const organisations = createAsync(async () =>
    hasRole('link_worker', 'organiser') ? getOrganisations().catch(() => []) : [],
  );
  const commentState = createFormState();
  const open = () => props.proposal.stage !== 'closed';

  async function act(run: () => Promise<unknown>, done?: () => void) {
    try {
      await run();
      done?.();
      props.onChanged();
    } catch (e) {
      props.onError(
        e instanceof ApiError
          ? e.status === 429
            ? t('alreadySaid')
            : e.message
          : t('somethingWrong'),
      );
    }
  }

  function join(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const hours = String(form.get('hours') ?? '').trim();
    void act(() =>
      proposalsApi.join(id(), form.get('commitment') as Commitment, hours ? Number(hours) : null),
    );
  }

  async function comment(e: SubmitEvent) {
    e.preventDefault();
    const el = e.currentTarget as HTMLFormElement;
    const body = String(new FormData(el).get('body') ?? '');
    const proposalId = id();
    await commentState.send(
      async () => {
        await proposalsApi.comment(proposalId, body);
        el.reset();
        commentState.clear();
        await reloadComments();
      },
      t('commentFailed'),
      (err) =>
        err.fields.body
          ? t('personalData', { what: err.fields.body.replace(/_/g, ' ') })
          : t('commentFailed'),
    );
  }

  function partner(e: SubmitEvent) {
    e.preventDefault();
    const el = e.currentTarget as HTMLFormElement;
    const form = new FormData(el);
    void act(
      () =>
        proposalsApi.partner(
          id(),
          String(form.get('organisationId')),
          String(form.get('note') ?? ''),
        ),
      () => el.reset(),
    );
  }

  function back(e: SubmitEvent) {
    e.preventDefault();
    const el = e.currentTarget as HTMLFormElement;
    const form = new FormData(el);
    void act(
      () =>
        proposalsApi.back(
          id(),
          Math.round(Number(form.get('pounds')) * 100),
          String(form.get('period')),
        ),
      () => el.reset(),
    );
  }

  return (
    <>
      <section class="cd-section" aria-labelledby="members-heading">
        <h2 id="members-heading">
          {t('peopleHeading', { count: formatNumber(props.proposal.members.length) })}
        </h2>
        <p>
          {t('commitmentsLine', {
            advise: formatNumber(props.proposal.commitments.advise),
            refer: formatNumber(props.proposal.commitments.refer),
            coHost: formatNumber(props.proposal.commitments.co_host),
            hours: formatNumber(props.proposal.commitments.hoursPerMonth),
            interest: props.proposal.interestCount.display,
          })}
        </p>
        <ul>
          <For each={props.proposal.members}>
            {(m) => (
              <li>
                {m.name} — {COMMITMENT_LABELS[m.commitment]}
                {m.hoursPerMonth !== null
                  ? `, ${t('upToHours', { hours: formatNumber(m.hoursPerMonth) })}`
                  : ''}
              </li>
            )}
          </For>
        </ul>
        <Show when={open() && hasRole('link_worker', 'organiser')}>
          <form class="cd-row" onSubmit={join} aria-label={t('joinForm')}>
            <div class="field">
              <label for="commitment">
                {props.proposal.myMembership ? t('changeCommitment') : t('joinAs')}
              </label>
              <select
                id="commitment"
                name="commitment"
                value={props.proposal.myMembership ?? 'advise'}
              >
                <For each={Object.entries(COMMITMENT_LABELS)}>
                  {([v, l]) => <option value={v}>{l}</option>}
                </For>
              </select>
            </div>
            <div class="field">
              <label for="hours">{t('hoursLabel')}</label>
              <input id="hours" name="hours" type="number" min="0" max="200" inputmode="numeric" />
            </div>
            <button type="submit">{props.proposal.myMembership ? t('update') : t('join')}</button>
          </form>
          <Show when={props.proposal.myMembership}>
            <button
              type="button"
              class="secondary"
              onClick={() => void act(() => proposalsApi.leave(id()))}
            >
              {t('leave')}
            </button>
          </Show>
        </Show>
        <Show when={open() && hasRole('link_worker')}>
          <p>
            <button
              type="button"
              class="secondary"
              onClick={() => void act(() => proposalsApi.interest(id()))}
            >
              {t('wouldReferButton')}
            </button>{' '}
            <span class="hint">{t('anonymous')}</span>
          </p>
        </Show>
      </section>

      <section class="cd-section" aria-labelledby="partners-heading">
        <h2 id="partners-heading">{t('partnersHeading')}</h2>
        <ul>
          <For each={props.proposal.partners} fallback={<li class="hint">{t('noPartners')}</li>}>
            {(x) => (
              <li>
                <strong>{x.organisationName}</strong>
                {x.note ? ` — ${x.note}` : ''}
              </li>
            )}
          </For>
        </ul>
        <Show when={open() && (organisations()?.length ?? 0) > 0}>
          <form class="cd-row" onSubmit={partner} aria-label={t('suggestPartner')}>
            <div class="field">
              <label for="partner-org">{t('organisation')}</label>
              <select id="partner-org" name="organisationId" required>
                <For each={organisations()}>{(o) => <option value={o.id}>{o.name}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="partner-note">{t('partnerNote')}</label>
              <input id="partner-note" name="note" maxlength="500" />
            </div>
            <button type="submit" class="secondary">
              {t('suggest')}
            </button>
          </form>
        </Show>
      </section>

      <section class="cd-section" aria-labelledby="backing-heading">
        <h2 id="backing-heading">{t('backingHeading')}</h2>
        <ul>
          <For each={props.proposal.backings} fallback={<li class="hint">{t('noPledges')}</li>}>
            {(b) => (
              <li>
                {t('pledgeLine', {
                  amount: pounds(b.amountPence),
                  period: b.period,
                  funder: b.funderName,
                })}
              </li>
            )}
          </For>
        </ul>
        <Show when={open() && hasRole('funder')}>
          <form class="cd-row" onSubmit={back} aria-label={t('pledgeForm')}>
            <div class="field">
              <label for="pledge">{t('amountLabel')}</label>
              <input id="pledge" name="pounds" type="number" min="1" step="1" required />
            </div>
            <div class="field">
              <label for="period">{t('period')}</label>
              <input
                id="period"
                name="period"
                required
                maxlength="60"
                placeholder={t('periodPlaceholder')}
              />
            </div>
            <button type="submit">{t('pledge')}</button>
          </form>
        </Show>
      </section>

      <section class="cd-section" aria-labelledby="comments-heading">
        <h2 id="comments-heading">{t('commentsHeading')}</h2>
        <ul class="cd-list">
          <For each={comments()?.items} fallback={<li class="hint">{t('noComments')}</li>}>
            {(c) => (
              <li class="cd-card">
                <p>{c.body}</p>
                <p class="hint">
                  {c.authorName}, {formatDate(c.createdAt)}
                </p>
              </li>
            )}
          </For>
        </ul>
        <Show when={open()}>
          <form class="cd-form" onSubmit={(e) => void comment(e)}>
            <div class="field">
              <label for="comment-body">{t('addComment')}</label>
              <span class="hint" id="comment-hint">
                {t('commentHint')}
              </span>
              <FieldError id="comment-error" message={commentState.error()} alert />
              <textarea
                id="comment-body"
                name="body"
                required
                maxlength="2000"
                aria-describedby={`comment-hint${commentState.error() ? ' comment-error' : ''}`}
              />
            </div>
            <button type="submit">{t('postComment')}</button>
          </form>
        </Show>
      </section>
    </>
  );
}
