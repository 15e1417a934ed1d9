/** /services/new and /services/:id/edit: the organiser's form, with the server's 422s by each field. */
import { useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { RequireRole } from '../auth/RequireRole.jsx';
import { taxonomy, taxonomyTree } from '../map/taxonomy.js';
import {
  ACCEPTING_LABEL,
  COST_LABEL,
  directoryApi,
  FORMAT_LABEL,
  ROUTE_LABEL,
  type ServiceLocation,
} from './directoryApi.js';

/** English first, then the others by name. */
const languageOptions = [
  'en',
  ...COMMON_LANGUAGES.filter((c) => c !== 'en').sort((a, b) =>
    languageName(a).localeCompare(languageName(b)),
  ),
];
import { FieldError, Labelled } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { LocationFields, ScheduleFields } from './RepeatFields.jsx';
import { TranslationFields } from './TranslationFields.jsx';
import {
  bodyOf,
  draftOf,
  emptyDraft,
  emptyLocation,
  emptySchedule,
  locationDraftOf,
  type ServiceDraft,
} from './serviceForm.js';
import { ChoiceList } from '../ui/ChoiceList.jsx';
import {
  ACCESSIBILITY_FEATURES,
  accessibilityLabel,
  COMMON_LANGUAGES,
  languageName,
} from '../ui/wording.js';
import { session } from '../session.js';
import './directory.css';
import messages from '../../i18n/messages/serviceForm.js';
import services from '../../i18n/messages/services.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);
const tServices = useMessages(services);
const STATUS_LABEL = labelsIn(messages, {
  active: 'statusActive',
  paused: 'statusPaused',
  ended: 'statusEnded',
});

function ServiceForm(props: { id?: string }) {
  const navigate = useNavigate();
  const [draft, setDraft] = createStore<ServiceDraft>(emptyDraft());
  const [version, setVersion] = createSignal<number | null>(null);
  const state = createFormState();
  const errors = state.fields;
  const [conflict, setConflict] = createSignal(false);
  const [reloaded, setReloaded] = createSignal(false);

  // The organisation's venues at its other services, to reuse rather than retype. Confidential
  // ones come back without their address, so they are not offered here.
  const [orgVenues] = createResource(
    () => session()?.organisationId,
    async (organisationId) => {
      const page = await directoryApi.search({ organisationId, limit: 500 });
      const byId = new Map<string, ServiceLocation>();
      for (const svc of page.items)
        for (const l of svc.locations) if (!l.confidential && l.lat !== null) byId.set(l.id, l);
      return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
  );
  const reusable = () =>
    (orgVenues() ?? []).filter((l) => !draft.locations.some((d) => d.id === l.id));
  const reuseVenue = (id: string) => {
    const l = orgVenues()?.find((v) => v.id === id);
    if (!l) return;
    // An untouched blank first venue is replaced rather than left empty.
    setDraft('locations', (ls) => [
      ...ls.filter((d) => d.id || d.name.trim() || d.postcode.trim() || d.lat.trim()),
      locationDraftOf(l),
    ]);
  };

  const [loaded] = createResource(
    () => props.id,
    async (id) => {
      const s = await directoryApi.get(id);
      setDraft(draftOf(s));
      setVersion(s.version);
      return s;
    },
  );

  const text = (key: keyof ServiceDraft) => ({
    value: draft[key] as string,
    onInput: (e: InputEvent) => setDraft(key, (e.currentTarget as HTMLInputElement).value as never),
    'aria-invalid': errors()[key] ? ('true' as const) : undefined,
    'aria-describedby': errors()[key] ? `err-${key}` : undefined,
  });
  const check = (key: keyof ServiceDraft) => ({
    checked: draft[key] as boolean,
    onChange: (e: Event) => setDraft(key, (e.currentTarget as HTMLInputElement).checked as never),
  });
  const toggleTag = (slug: string, on: boolean) =>
    setDraft('tags', (t) => (on ? [...new Set([...t, slug])] : t.filter((x) => x !== slug)));

  async function save(e: SubmitEvent) {
    e.preventDefault();
    setConflict(false);
    setReloaded(false);
    await state.send(
      async () => {
        const body = bodyOf(unwrap(draft));
        const saved = props.id
          ? await directoryApi.update(props.id, { ...body, version: version() })
          : await directoryApi.create(body);
        navigate(`/services/${saved.id}`);
      },
      t('couldNotSave'),
      (err) => {
        if (err.status === 409) {
          setConflict(true);
          return t('conflict');
        }
        const count = Object.keys(err.fields).length;
        return `${err.message}${count ? ` ${t(count > 1 ? 'fieldsToFix' : 'fieldsToFixOne', { count: formatNumber(count) })}` : ''}`;
      },
    );
  }

  async function reload() {
    if (!props.id) return;
    const s = await directoryApi.get(props.id);
    setDraft(draftOf(s));
    setVersion(s.version);
    setConflict(false);
    setReloaded(true);
    state.show(t('reloaded'), {}, false);
  }

  return (
    <section class="page">
      <h1>
        {props.id
          ? loaded()?.name
            ? t('editName', { name: loaded()!.name })
            : t('editService')
          : t('newTitle')}
      </h1>
      <Show when={state.error()}>
        <div
          class={conflict() ? 'conflict' : reloaded() ? 'notice' : 'form-error'}
          role={reloaded() ? 'status' : 'alert'}
          tabindex="-1"
          ref={state.errorRef}
        >
          <p>{state.error()}</p>
          <Show when={conflict()}>
            <button type="button" onClick={reload}>
              {t('reloadLatest')}
            </button>
          </Show>
        </div>
      </Show>
      <form class="service-form" onSubmit={save} novalidate>
        <fieldset>
          <legend>{t('theCard')}</legend>
          <Labelled id="f-name" label={t('name')} error={errors().name} errorId="err-name">
            <input id="f-name" required {...text('name')} />
          </Labelled>
          <Labelled
            id="f-summary"
            label={t('summary')}
            error={errors().summary}
            errorId="err-summary"
            hint={t('summaryHint', { count: formatNumber(280 - draft.summary.length) })}
          >
            <textarea id="f-summary" maxLength={280} required {...text('summary')} />
          </Labelled>
          <Labelled
            id="f-description"
            label={t('description')}
            error={errors().description}
            errorId="err-description"
          >
            <textarea id="f-description" {...text('description')} />
          </Labelled>
          <div class="row">
            <Labelled
              id="f-status"
              label={t('status')}
              error={errors().status}
              errorId="err-status"
            >
              <select id="f-status" {...text('status')}>
                <For each={Object.entries(STATUS_LABEL)}>
                  {([v, l]) => <option value={v}>{l}</option>}
                </For>
              </select>
            </Labelled>
            <Labelled
              id="f-accepting"
              label={t('accepting')}
              error={errors().accepting}
              errorId="err-accepting"
            >
              <select id="f-accepting" {...text('accepting')}>
                <For each={Object.entries(ACCEPTING_LABEL)}>
                  {([v, l]) => <option value={v}>{l}</option>}
                </For>
              </select>
            </Labelled>
            <Labelled
              id="f-capacity"
              label={t('capacity')}
              error={errors().capacity}
              errorId="err-capacity"
            >
              <input id="f-capacity" type="number" min="0" {...text('capacity')} />
            </Labelled>
          </div>
        </fieldset>
        <fieldset aria-describedby={errors().tags ? 'err-tags' : undefined}>
          <legend>{t('needs')}</legend>
          <FieldError id="err-tags" message={errors().tags} />
          <Show when={taxonomy()}>
            {(terms) => (
              <div class="tag-tree">
                <For each={taxonomyTree(terms())}>
                  {(g) => (
                    <details open={g.children.some((c) => draft.tags.includes(c.slug))}>
                      <summary>{g.term.name}</summary>
                      <For each={g.children}>
                        {(c) => (
                          <label class="check">
                            <input
                              type="checkbox"
                              checked={draft.tags.includes(c.slug)}
                              onChange={(e) => toggleTag(c.slug, e.currentTarget.checked)}
                            />{' '}
                            {c.name}
                          </label>
                        )}
                      </For>
                    </details>
                  )}
                </For>
              </div>
            )}
          </Show>
        </fieldset>
        <fieldset>
          <legend>{t('costFormatWho')}</legend>
          <div class="row">
            <Labelled
              id="f-cost"
              label={tServices('cost')}
              error={errors()['cost.kind']}
              errorId="err-cost.kind"
            >
              <select id="f-cost" {...text('costKind')}>
                <For each={Object.entries(COST_LABEL)}>
                  {([v, l]) => <option value={v}>{l}</option>}
                </For>
              </select>
            </Labelled>
            <Labelled
              id="f-costText"
              label={t('costDetails')}
              error={errors()['cost.text']}
              errorId="err-cost.text"
            >
              <input id="f-costText" placeholder={t('costPlaceholder')} {...text('costText')} />
            </Labelled>
            <Labelled
              id="f-format"
              label={tServices('format')}
              error={errors().format}
              errorId="err-format"
            >
              <select id="f-format" {...text('format')}>
                <For each={Object.entries(FORMAT_LABEL)}>
                  {([v, l]) => <option value={v}>{l}</option>}
                </For>
              </select>
            </Labelled>
            <Show when={draft.format === 'course'}>
              <Labelled
                id="f-weeks"
                label={t('courseWeeks')}
                error={errors().courseWeeks}
                errorId="err-courseWeeks"
              >
                <input id="f-weeks" type="number" min="1" {...text('courseWeeks')} />
              </Labelled>
            </Show>
          </div>
          <div class="row">
            <Labelled
              id="f-ageMin"
              label={t('youngest')}
              error={errors().ageMin}
              errorId="err-ageMin"
            >
              <input id="f-ageMin" type="number" min="0" max="120" {...text('ageMin')} />
            </Labelled>
            <Labelled
              id="f-ageMax"
              label={t('oldest')}
              error={errors().ageMax}
              errorId="err-ageMax"
            >
              <input id="f-ageMax" type="number" min="0" max="120" {...text('ageMax')} />
            </Labelled>
          </div>
          <ChoiceList
            id="f-languages"
            legend={t('languagesSpoken')}
            options={languageOptions}
            label={languageName}
            selected={draft.languages}
            onChange={(v) => setDraft('languages', v)}
            error={errors().languages ?? errors()['languages.0']}
          />
          <ChoiceList
            id="f-access"
            legend={t('accessibility')}
            options={ACCESSIBILITY_FEATURES}
            label={accessibilityLabel}
            selected={draft.accessibility}
            onChange={(v) => setDraft('accessibility', v)}
            error={errors().accessibility}
          />
          <label class="check">
            <input type="checkbox" {...check('asylumSeekersWelcome')} />{' '}
            {tServices('eligibilityAsylum')}
          </label>
          <label class="check">
            <input type="checkbox" {...check('noIdNeeded')} /> {tServices('eligibilityNoId')}
          </label>
          <label class="check">
            <input type="checkbox" {...check('nrpfOk')} /> {tServices('eligibilityNrpf')}
          </label>
          <label class="check">
            <input type="checkbox" {...check('noExperienceNeeded')} />{' '}
            {tServices('eligibilityNoExperience')}
          </label>
          <label class="check">
            <input type="checkbox" {...check('bringFriend')} /> {tServices('eligibilityFriend')}
          </label>
        </fieldset>
        <fieldset>
          <legend>{tServices('howToRefer')}</legend>
          <div class="row">
            <Labelled
              id="f-route"
              label={t('referralRoute')}
              error={errors().referralRoute}
              errorId="err-referralRoute"
            >
              <select id="f-route" {...text('referralRoute')}>
                <For each={Object.entries(ROUTE_LABEL)}>
                  {([v, l]) => <option value={v}>{l}</option>}
                </For>
              </select>
            </Labelled>
            <Labelled
              id="f-refUrl"
              label={t('referralUrl')}
              error={errors().referralUrl}
              errorId="err-referralUrl"
            >
              <input id="f-refUrl" type="url" {...text('referralUrl')} />
            </Labelled>
            <Labelled
              id="f-refEmail"
              label={t('referralEmail')}
              error={errors().referralEmail}
              errorId="err-referralEmail"
            >
              <input id="f-refEmail" type="email" {...text('referralEmail')} />
            </Labelled>
          </div>
        </fieldset>
        <TranslationFields draft={draft} setDraft={setDraft} errors={errors()} />
        <fieldset>
          <legend>{tServices('where')}</legend>
          <For each={draft.locations}>
            {(_, i) => (
              <LocationFields draft={draft} setDraft={setDraft} index={i()} errors={errors()} />
            )}
          </For>
          <Show when={reusable().length}>
            <div class="field">
              <label for="f-reuse">{t('reuseVenue')}</label>
              <select
                id="f-reuse"
                value=""
                onChange={(e) => {
                  reuseVenue(e.currentTarget.value);
                  e.currentTarget.value = '';
                }}
              >
                <option value="">{t('chooseVenue')}</option>
                <For each={reusable()}>
                  {(l) => (
                    <option value={l.id}>
                      {l.name}
                      {l.address ? `, ${l.address}` : ''}
                    </option>
                  )}
                </For>
              </select>
            </div>
          </Show>
          <button
            type="button"
            class="secondary"
            onClick={() => setDraft('locations', (l) => [...l, emptyLocation()])}
          >
            {t('addVenue')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{tServices('when')}</legend>
          <For each={draft.schedules}>
            {(_, i) => (
              <ScheduleFields draft={draft} setDraft={setDraft} index={i()} errors={errors()} />
            )}
          </For>
          <button
            type="button"
            class="secondary"
            onClick={() => setDraft('schedules', (s) => [...s, emptySchedule()])}
          >
            {t('addSession')}
          </button>
        </fieldset>
        <button type="submit" disabled={state.busy()}>
          {state.busy() ? t('saving') : props.id ? t('saveChanges') : t('listTheService')}
        </button>
      </form>
    </section>
  );
}

export default function ServiceFormPage() {
  const params = useParams<{ id?: string }>();
  return (
    <RequireRole roles={['organiser']}>
      <ServiceForm id={params.id} />
    </RequireRole>
  );
}
