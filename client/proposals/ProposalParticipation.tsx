/** The people around a proposal: members and their boundaries, interest, partners, backing, comments. */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, ApiError, type Page } from '../api.js';
import { hasRole } from '../session.js';
import { COMMITMENT_LABELS, pounds, proposalsApi, type Commitment, type Proposal } from './proposalsApi.js';

export function ProposalParticipation(props: { proposal: Proposal; onChanged: () => void; onError: (m: string) => void }) {
  const id = () => props.proposal.id;
  const [comments, { refetch: reloadComments }] = createResource(id, (pid) => proposalsApi.comments(pid));
  const [organisations] = createResource(() => hasRole('link_worker', 'organiser'), async (ok) =>
    ok ? (await api.get<Page<{ id: string; name: string }>>('/api/v1/organisations', { query: { limit: 500 } })).items : []);
  const [commentError, setCommentError] = createSignal<string | null>(null);
  const open = () => props.proposal.stage !== 'closed';

  async function act(run: () => Promise<unknown>, done?: () => void) {
    try {
      await run();
      done?.();
      props.onChanged();
    } catch (e) {
      props.onError(e instanceof ApiError ? (e.status === 429 ? 'You have already said so today — thank you.' : e.message) : 'Something went wrong.');
    }
  }

  function join(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const hours = String(form.get('hours') ?? '').trim();
    void act(() => proposalsApi.join(id(), form.get('commitment') as Commitment, hours ? Number(hours) : null));
  }

  async function comment(e: SubmitEvent) {
    e.preventDefault();
    const el = e.currentTarget as HTMLFormElement;
    const body = String(new FormData(el).get('body') ?? '');
    try {
      await proposalsApi.comment(id(), body);
      el.reset();
      setCommentError(null);
      await reloadComments();
    } catch (err) {
      setCommentError(err instanceof ApiError && err.fields.body ? `This looks like personal data (${err.fields.body.replace(/_/g, ' ')}); remove it.` : 'Could not post the comment.');
    }
  }

  function partner(e: SubmitEvent) {
    e.preventDefault();
    const el = e.currentTarget as HTMLFormElement;
    const form = new FormData(el);
    void act(() => proposalsApi.partner(id(), String(form.get('organisationId')), String(form.get('note') ?? '')), () => el.reset());
  }

  function back(e: SubmitEvent) {
    e.preventDefault();
    const el = e.currentTarget as HTMLFormElement;
    const form = new FormData(el);
    void act(() => proposalsApi.back(id(), Math.round(Number(form.get('pounds')) * 100), String(form.get('period'))), () => el.reset());
  }

  return (
    <>
      <section class="cd-section" aria-labelledby="members-heading">
        <h2 id="members-heading">People ({props.proposal.members.length})</h2>
        <p>{props.proposal.commitments.advise} advise · {props.proposal.commitments.refer} refer · {props.proposal.commitments.co_host} co-host · {props.proposal.commitments.hoursPerMonth} hours a month offered · {props.proposal.interestCount.display} Link Workers would refer</p>
        <ul><For each={props.proposal.members}>{(m) => <li>{m.name} — {COMMITMENT_LABELS[m.commitment]}{m.hoursPerMonth !== null ? `, up to ${m.hoursPerMonth} h/month` : ''}</li>}</For></ul>
        <Show when={open() && hasRole('link_worker', 'organiser')}>
          <form class="cd-row" onSubmit={join} aria-label="Join this proposal">
            <div class="field">
              <label for="commitment">{props.proposal.myMembership ? 'Change my commitment' : 'Join as'}</label>
              <select id="commitment" name="commitment" value={props.proposal.myMembership ?? 'advise'}>
                <For each={Object.entries(COMMITMENT_LABELS)}>{([v, l]) => <option value={v}>{l}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="hours">Hours a month (your limit)</label>
              <input id="hours" name="hours" type="number" min="0" max="200" inputmode="numeric" />
            </div>
            <button type="submit">{props.proposal.myMembership ? 'Update' : 'Join'}</button>
          </form>
          <Show when={props.proposal.myMembership}><button type="button" class="secondary" onClick={() => void act(() => proposalsApi.leave(id()))}>Leave</button></Show>
        </Show>
        <Show when={open() && hasRole('link_worker')}>
          <p><button type="button" class="secondary" onClick={() => void act(() => proposalsApi.interest(id()))}>I would refer people to this</button> <span class="hint">Anonymous: only the count is kept.</span></p>
        </Show>
      </section>

      <section class="cd-section" aria-labelledby="partners-heading">
        <h2 id="partners-heading">Partners to talk to</h2>
        <ul><For each={props.proposal.partners} fallback={<li class="hint">None suggested yet.</li>}>{(x) => <li><strong>{x.organisationName}</strong>{x.note ? ` — ${x.note}` : ''}</li>}</For></ul>
        <Show when={open() && (organisations()?.length ?? 0) > 0}>
          <form class="cd-row" onSubmit={partner} aria-label="Suggest a partner">
            <div class="field">
              <label for="partner-org">Organisation</label>
              <select id="partner-org" name="organisationId" required><For each={organisations()}>{(o) => <option value={o.id}>{o.name}</option>}</For></select>
            </div>
            <div class="field"><label for="partner-note">Who to talk to, and why</label><input id="partner-note" name="note" maxlength="500" /></div>
            <button type="submit" class="secondary">Suggest</button>
          </form>
        </Show>
      </section>

      <section class="cd-section" aria-labelledby="backing-heading">
        <h2 id="backing-heading">Backing</h2>
        <ul><For each={props.proposal.backings} fallback={<li class="hint">No pledges yet.</li>}>{(b) => <li>{pounds(b.amountPence)} for {b.period} — {b.funderName}</li>}</For></ul>
        <Show when={open() && hasRole('funder')}>
          <form class="cd-row" onSubmit={back} aria-label="Pledge backing">
            <div class="field"><label for="pledge">Amount (£)</label><input id="pledge" name="pounds" type="number" min="1" step="1" required /></div>
            <div class="field"><label for="period">Period</label><input id="period" name="period" required maxlength="60" placeholder="12 months" /></div>
            <button type="submit">Pledge</button>
          </form>
        </Show>
      </section>

      <section class="cd-section" aria-labelledby="comments-heading">
        <h2 id="comments-heading">Comments</h2>
        <ul class="cd-list"><For each={comments()?.items} fallback={<li class="hint">No comments yet.</li>}>{(c) => <li class="cd-card"><p>{c.body}</p><p class="hint">{c.authorName}, {new Date(c.createdAt).toLocaleDateString('en-GB')}</p></li>}</For></ul>
        <Show when={open()}>
          <form class="cd-form" onSubmit={(e) => void comment(e)}>
            <div class="field">
              <label for="comment-body">Add a comment</label>
              <span class="hint" id="comment-hint">About the idea, never about a person.</span>
              <Show when={commentError()}>{(m) => <span class="field-error" id="comment-error" role="alert">Error: {m()}</span>}</Show>
              <textarea id="comment-body" name="body" required maxlength="2000" aria-describedby={`comment-hint${commentError() ? ' comment-error' : ''}`} />
            </div>
            <button type="submit">Post comment</button>
          </form>
        </Show>
      </section>
    </>
  );
}
