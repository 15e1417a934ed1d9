/** One result card: what a Link Worker needs in seconds, and "copy for a message". */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { tagName } from '../map/taxonomy.js';
import { accessibilityList, languageList } from '../ui/wording.js';
import { ACCEPTING_LABEL, ageText, costText, directoryApi, FORMAT_LABEL, ROUTE_LABEL, whenText, type Service } from './directoryApi.js';

export function ServiceCard(props: { service: Service }) {
  const s = () => props.service;
  const [copied, setCopied] = createSignal<string | null>(null);

  async function copy() {
    try {
      const text = await directoryApi.shareText(s().id);
      await navigator.clipboard.writeText(text);
      setCopied('Copied — paste it into your message.');
    } catch {
      setCopied('Could not copy; open the service and copy its details by hand.');
    }
  }

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
          <Show when={s().stale}><span class="badge stale" title="Nobody has confirmed these details in the last 6 months">Not checked in 6 months</span></Show>
          <Show when={s().distanceKm !== undefined}><span class="badge">{s().distanceKm} km away</span></Show>
        </p>
      </header>
      <p class="summary">{s().summary}</p>
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
        <button type="button" class="secondary" onClick={copy}>Copy for a message</button>
        <span role="status" class="hint">{copied()}</span>
      </p>
    </article>
  );
}
