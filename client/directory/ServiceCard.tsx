/** One result card: what a Link Worker needs in seconds, and "copy for a message". */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { tagName } from '../map/taxonomy.js';
import { ApiError } from '../api.js';
import { hasRole, session } from '../session.js';
import { accessibilityList, formatDate, languageList } from '../ui/wording.js';
import { ShortlistToggle } from '../shortlist/ShortlistToggle.jsx';
import {
  ACCEPTING_LABEL,
  ageText,
  costText,
  directoryApi,
  FORMAT_LABEL,
  ROUTE_LABEL,
  summaryIn,
  whenText,
  type Service,
} from './directoryApi.js';
import { distanceText, shareService } from './shareService.js';
import services from '../../i18n/messages/services.js';
import { useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(services);

/** Words read when shown, in the chosen language (getters over i18n/messages/services.ts). */
const WORDS = {
  get inEnglish() {
    return t('inEnglish');
  },
  get inEnglishTitle() {
    return t('inEnglishTitle');
  },
  get staleTitle() {
    return t('staleTitle');
  },
  notCheckedSince: (date: string) => t('notCheckedSince', { date }),
  get neverChecked() {
    return t('neverChecked');
  },
  get needsChanges() {
    return t('needsChanges');
  },
  get needsChangesTitle() {
    return t('needsChangesTitle');
  },
  get claim() {
    return t('claim');
  },
  get claimSent() {
    return t('claimSent');
  },
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
  const canClaim = () =>
    user()?.role === 'organiser' &&
    !!user()?.organisationId &&
    user()?.organisationId !== s().organisationId;
  const claim = async () => {
    try {
      await directoryApi.claim(s().id);
      setClaimed(WORDS.claimSent);
    } catch (err) {
      setClaimed(err instanceof ApiError ? err.message : String(err));
    }
  };

  const eligibility = () =>
    [
      ageText(s()),
      s().asylumSeekersWelcome && t('eligibilityAsylum'),
      s().noIdNeeded && t('eligibilityNoId'),
      s().nrpfOk && t('eligibilityNrpf'),
      s().noExperienceNeeded && t('eligibilityNoExperience'),
      s().bringFriend && t('eligibilityFriend'),
    ].filter((x): x is string => !!x);

  return (
    <article class="service-card" aria-labelledby={`svc-${s().id}`}>
      <header>
        <h3 id={`svc-${s().id}`}>
          <A href={`/services/${s().id}`}>{s().name}</A>
        </h3>
        <p class="org">{s().organisationName}</p>
        <p class="badges">
          <span class={`badge accepting-${s().accepting}`}>{ACCEPTING_LABEL[s().accepting]}</span>
          <Show when={s().status !== 'active'}>
            <span class="badge status">{s().status === 'paused' ? t('paused') : t('ended')}</span>
          </Show>
          <Show when={s().stale}>
            <span class="badge stale" title={WORDS.staleTitle}>
              {s().lastVerifiedAt
                ? WORDS.notCheckedSince(formatDate(s().lastVerifiedAt!))
                : WORDS.neverChecked}
            </span>
          </Show>
          <Show when={s().changesRequestedAt}>
            <span class="badge stale" title={WORDS.needsChangesTitle}>
              {WORDS.needsChanges}
            </span>
          </Show>
          <Show when={s().distanceKm !== undefined}>
            <span class="badge distance">{distanceText(s().distanceKm!)}</span>
          </Show>
        </p>
      </header>
      <p class="summary" lang={summary().lang}>
        {summary().text}
        <Show when={summary().inEnglish}>
          {' '}
          <span class="badge in-english" title={WORDS.inEnglishTitle}>
            {WORDS.inEnglish}
          </span>
        </Show>
      </p>
      <dl class="facts">
        <dt>{t('cost')}</dt>
        <dd>{costText(s().cost)}</dd>
        <dt>{t('format')}</dt>
        <dd>
          {s().format === 'course' && s().courseWeeks
            ? t('courseWeeks', {
                format: FORMAT_LABEL[s().format],
                count: formatNumber(s().courseWeeks!),
              })
            : FORMAT_LABEL[s().format]}
        </dd>
        <Show when={s().schedules.length}>
          <dt>{t('when')}</dt>
          <dd>{s().schedules.map(whenText).join('; ')}</dd>
        </Show>
        <dt>{t('where')}</dt>
        <dd>
          {s()
            .locations.map((l) =>
              l.confidential
                ? t('confidentialShort', { district: l.district ?? t('areaWithheld') })
                : l.name,
            )
            .join('; ') || t('notGiven')}
        </dd>
        <Show when={s().accessibility.length}>
          <dt>{t('access')}</dt>
          <dd>{accessibilityList(s().accessibility)}</dd>
        </Show>
        <dt>{t('languages')}</dt>
        <dd>{languageList(s().languages) || t('notGiven')}</dd>
        <dt>{t('howToRefer')}</dt>
        <dd>
          {ROUTE_LABEL[s().referralRoute]}
          {s().referralEmail ? ` — ${s().referralEmail}` : ''}
        </dd>
        <Show when={eligibility().length}>
          <dt>{t('whoFor')}</dt>
          <dd>{eligibility().join('; ')}</dd>
        </Show>
      </dl>
      <Show when={s().tags.length}>
        <ul class="tags" aria-label={t('tags')}>
          <For each={s().tags}>{(tag) => <li>{tagName(tag)}</li>}</For>
        </ul>
      </Show>
      <p class="actions no-print">
        <button type="button" class="secondary" onClick={copy}>
          {t('copyForMessage')}
        </button>{' '}
        <Show when={hasRole('link_worker')}>
          <A class="button secondary" href={`/refer/${s().id}`}>
            {t('refer')}
          </A>{' '}
        </Show>
        <Show when={hasRole('link_worker') && s().status === 'active'}>
          <ShortlistToggle id={s().id} name={s().name} />{' '}
        </Show>
        <Show when={canClaim() && !claimed()}>
          <button type="button" class="secondary" onClick={claim}>
            {WORDS.claim}
          </button>{' '}
        </Show>
        <span role="status" class="hint">
          {claimed() ?? copied()}
        </span>
      </p>
    </article>
  );
}
