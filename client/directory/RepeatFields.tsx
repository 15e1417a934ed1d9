/** The repeating parts of the service form: venues and sessions, with errors by API path. */
import { For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { FieldError } from '../ui/Field.jsx';
import type { LocationDraft, ScheduleDraft, ServiceDraft } from './serviceForm.js';
import messages from '../../i18n/messages/serviceForm.js';
import { useMessages } from '../i18n/language.js';
import { formatNumber, weekdayName } from '../ui/wording.js';

const t = useMessages(messages);
const ISO_DAYS = [1, 2, 3, 4, 5, 6, 7];

interface Props {
  draft: ServiceDraft;
  setDraft: SetStoreFunction<ServiceDraft>;
  index: number;
  errors: Record<string, string>;
}

export function LocationFields(props: Props) {
  const l = () => props.draft.locations[props.index] as LocationDraft;
  const key = (k: string) => `locations.${props.index}.${k}`;
  const id = (k: string) => `loc-${props.index}-${k}`;
  const set = (k: keyof LocationDraft, v: string | boolean) =>
    props.setDraft('locations', props.index, k, v as never);
  const input = (k: keyof LocationDraft, label: string, extra: Record<string, string> = {}) => (
    <div class="field">
      <label for={id(k)}>{label}</label>
      <FieldError id={`err-${key(k)}`} message={props.errors[key(k)]} />
      <input
        id={id(k)}
        value={l()[k] as string}
        onInput={(e) => set(k, e.currentTarget.value)}
        aria-invalid={props.errors[key(k)] ? 'true' : undefined}
        aria-describedby={props.errors[key(k)] ? `err-${key(k)}` : undefined}
        {...extra}
      />
    </div>
  );
  return (
    <div class="repeat" role="group" aria-label={t('venueN', { n: formatNumber(props.index + 1) })}>
      <FieldError id={`err-${key('id')}`} message={props.errors[key('id')]} />
      <div class="row">
        {input('name', t('venueName'))}
        {input('address', t('address'))}
        {input('postcode', t('postcode'), { autocomplete: 'postal-code' })}
        {input('district', t('district'))}
      </div>
      <div class="row">
        {input('lat', t('latitude'), { inputmode: 'decimal' })}
        {input('lng', t('longitude'), { inputmode: 'decimal' })}
        {input('bookingInfo', t('bookingInfo'))}
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={l().bookable}
          onChange={(e) => set('bookable', e.currentTarget.checked)}
        />{' '}
        {t('bookable')}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={l().confidential}
          onChange={(e) => set('confidential', e.currentTarget.checked)}
        />{' '}
        {t('confidential')}
      </label>
      <Show when={l().confidential && l().id}>
        <p class="hint">{t('confidentialKept')}</p>
      </Show>
      <p>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            props.setDraft('locations', (ls) => ls.filter((_, i) => i !== props.index))
          }
        >
          {t('removeVenue', { n: formatNumber(props.index + 1) })}
        </button>
      </p>
    </div>
  );
}

export function ScheduleFields(props: Props) {
  const s = () => props.draft.schedules[props.index] as ScheduleDraft;
  const key = (k: string) => `schedules.${props.index}.${k}`;
  const id = (k: string) => `sch-${props.index}-${k}`;
  const set = (k: keyof ScheduleDraft, v: string) => props.setDraft('schedules', props.index, k, v);
  const err = (k: string) => ({
    'aria-invalid': props.errors[key(k)] ? ('true' as const) : undefined,
    'aria-describedby': props.errors[key(k)] ? `err-${key(k)}` : undefined,
  });
  return (
    <div
      class="repeat row"
      role="group"
      aria-label={t('sessionN', { n: formatNumber(props.index + 1) })}
    >
      <div class="field">
        <label for={id('day')}>{t('day')}</label>
        <FieldError id={`err-${key('day')}`} message={props.errors[key('day')]} />
        <select
          id={id('day')}
          value={s().day}
          onChange={(e) => set('day', e.currentTarget.value)}
          {...err('day')}
        >
          <For each={ISO_DAYS}>{(d) => <option value={String(d)}>{weekdayName(d)}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for={id('start')}>{t('starts')}</label>
        <FieldError id={`err-${key('start')}`} message={props.errors[key('start')]} />
        <input
          id={id('start')}
          type="time"
          value={s().start}
          onInput={(e) => set('start', e.currentTarget.value)}
          {...err('start')}
        />
      </div>
      <div class="field">
        <label for={id('end')}>{t('ends')}</label>
        <FieldError id={`err-${key('end')}`} message={props.errors[key('end')]} />
        <input
          id={id('end')}
          type="time"
          value={s().end}
          onInput={(e) => set('end', e.currentTarget.value)}
          {...err('end')}
        />
      </div>
      <div class="field">
        <label for={id('frequency')}>{t('howOften')}</label>
        <select
          id={id('frequency')}
          value={s().frequency}
          onChange={(e) => set('frequency', e.currentTarget.value)}
        >
          <option value="weekly">{t('everyWeek')}</option>
          <option value="fortnightly">{t('everyOtherWeek')}</option>
          <option value="monthly">{t('onceAMonth')}</option>
        </select>
      </div>
      <div class="field">
        <label for={id('location')}>{t('venue')}</label>
        <FieldError
          id={`err-${key('locationIndex')}`}
          message={props.errors[key('locationIndex')]}
        />
        <select
          id={id('location')}
          value={s().location}
          onChange={(e) => set('location', e.currentTarget.value)}
        >
          <For each={props.draft.locations}>
            {(l, i) => (
              <option value={String(i())}>
                {l.name || t('venueN', { n: formatNumber(i() + 1) })}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field">
        <label for={id('validFrom')}>{t('validFrom')}</label>
        <FieldError id={`err-${key('validFrom')}`} message={props.errors[key('validFrom')]} />
        <input
          id={id('validFrom')}
          type="date"
          value={s().validFrom}
          onInput={(e) => set('validFrom', e.currentTarget.value)}
        />
      </div>
      <p>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            props.setDraft('schedules', (ss) => ss.filter((_, i) => i !== props.index))
          }
        >
          {t('removeSession', { n: formatNumber(props.index + 1) })}
        </button>
      </p>
    </div>
  );
}
