/** One result card: what a Link Worker needs in seconds, and "copy for a message". */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { tagName } from '../map/taxonomy.js';
import { ApiError } from '../api.js';
import { hasRole, session } from '../session.js';
import { accessibilityList, formatDate, languageList } from '../ui/wording.js';
import { ShortlistToggle } from '../shortlist/ShortlistToggle.jsx';
import { ACCEPTING_LABEL, ageText, costText, directoryApi, FORMAT_LABEL, ROUTE_LABEL, summaryIn, whenText, type Service } from './directoryApi.js';
import { distanceText, shareService } from './shareService.js';

const WORDS = {
  inEnglish: 'In English',
  inEnglishTitle: 'The organiser has not written this in the language you searched for',
  staleTitle: 'Nobody has confirmed these details in the last 6 months',
  notCheckedSince: (date: string) => `Not checked since ${date}`,
  neverChecked: 'Never checked',
  needsChanges: 'Being updated',
  needsChangesTitle: 'Its organisation said these details need changes',
  claim: 'Claim this listing',
  claimSent: 'Claim sent: an admin will decide and move it to your organisation.',
};

/** `language`: the directory's language filter; the card shows the organiser's summary in it when there is one. */
export function ServiceCard(props: { service: Service; language?: string }) {
  const s = () => props.service;
  const summary = () => summaryIn(s(), props.language ?? '');
  const [copied, setCopied] = createSignal<string | null>(null);
  const [claimed, setClaimed] = createSignal<string | null>(null);
  const user = () => session.latest;

  const copy = async () => setCopied(await shareService(s().id, s().name));
  // An organiser of another organisation may ask to take the listing over (e.g. an imported one).
  const canClaim = () => user()?.role === 'organiser' && !!user()?.organisationId && user()?.organisationId !== s().organisationId;
  const claim = async () => {
    try {
      await directoryApi.claim(s().id);
      setClaimed(WORDS.claimSent);
    } catch (err) {
      setClaimed(err instanceof ApiError ? err.message : String(err));
    }
  };

  const eligibility = () =>
    [ageText(s()), s().asylumSeekersWelcome && 'Asylum seekers and refugees welcome', s().noIdNeeded && 'No ID or GP registration needed',
      s().nrpfOk && 'No recourse to public funds is fine', s().noExperienceNeeded && 'No experience needed', s().bringFriend && 'Bring a friend or carer']
      .filter((x): x is string => !!x);

  return (
    <article class="service-card" aria-labelledby={`svc-${s().id}`}>
      <header>
        <h3 id={`svc-${s().id}`}><A href={`/services/${s().id}`}>{s().name}</A></h3>
        <p class="org">{s().organisationName}</p>
        <p class="badges">
          <span class={`badge accepting-${s().accepting}`}>{ACCEPTING_LABEL[s().accepting]}</span>
          <Show when={s().status !== 'active'}><span class="badge status">{s().status === 'paused' ? 'Paused' : 'Ended'}</span></Show>
          <Show when={s().stale}><span class="badge stale" title={WORDS.staleTitle}>{s().lastVerifiedAt ? WORDS.notCheckedSince(formatDate(s().lastVerifiedAt!)) : WORDS.neverChecked}</span></Show>
          <Show when={s().changesRequestedAt}><span class="badge stale" title={WORDS.needsChangesTitle}>{WORDS.needsChanges}</span></Show>
          <Show when={s().distanceKm !== undefined}><span class="badge distance">{distanceText(s().distanceKm!)}</span></Show>
        </p>
      </header>
      <p class="summary" lang={summary().lang}>
        {summary().text}
        <Show when={summary().inEnglish}> <span class="badge in-english" title={WORDS.inEnglishTitle}>{WORDS.inEnglish}</span></Show>
      </p>
      <dl class="facts">
        <dt>Cost</dt><dd>{costText(s().cost)}</dd>
        <dt>Format</dt><dd>{FORMAT_LABEL[s().format]}{s().format === 'course' && s().courseWeeks ? ` (${s().courseWeeks} weeks)` : ''}</dd>
        <Show when={s().schedules.length}><dt>When</dt><dd>{s().schedules.map(whenText).join('; ')}</dd></Show>
        <dt>Where</dt>
        <dd>{s().locations.map((l) => (l.confidential ? `Confidential (${l.district ?? 'area withheld'})` : l.name)).join('; ') || 'Not given'}</dd>
        <Show when={s().accessibility.length}><dt>Access</dt><dd>{accessibilityList(s().accessibility)}</dd></Show>
        <dt>Languages</dt><dd>{languageList(s().languages) || 'Not given'}</dd>
        <dt>How to refer</dt><dd>{ROUTE_LABEL[s().referralRoute]}{s().referralEmail ? ` — ${s().referralEmail}` : ''}</dd>
        <Show when={eligibility().length}><dt>Who for</dt><dd>{eligibility().join('; ')}</dd></Show>
      </dl>
      <Show when={s().tags.length}>
        <ul class="tags" aria-label="Tags"><For each={s().tags}>{(t) => <li>{tagName(t)}</li>}</For></ul>
      </Show>
      <p class="actions no-print">
        <button type="button" class="secondary" onClick={copy}>Copy for a message</button>{' '}
        <Show when={hasRole('link_worker')}><A class="button secondary" href={`/refer/${s().id}`}>Refer</A>{' '}</Show>
        <Show when={hasRole('link_worker') && s().status === 'active'}><ShortlistToggle id={s().id} name={s().name} />{' '}</Show>
        <Show when={canClaim() && !claimed()}><button type="button" class="secondary" onClick={claim}>{WORDS.claim}</button>{' '}</Show>
        <span role="status" class="hint">{claimed() ?? copied()}</span>
      </p>
    </article>
  );
}
