/** /directory: search and filter the provision directory; cards, load more, print, CSV. */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { taxonomy, taxonomyTree } from '../map/taxonomy.js';
import { hasRole } from '../session.js';
import { COST_LABEL, DAYS, directoryApi, FORMAT_LABEL, type Service, type ServiceQuery } from './directoryApi.js';
import { ServiceCard } from './ServiceCard.jsx';
import './directory.css';

const PAGE_SIZE = 20;
const ELIGIBILITY = [
  ['asylumSeekersWelcome', 'Asylum seekers and refugees welcome'],
  ['noIdNeeded', 'No ID or GP registration needed'],
  ['nrpfOk', 'No recourse to public funds is fine'],
  ['noExperienceNeeded', 'No experience needed'],
  ['bringFriend', 'Can bring a friend or carer'],
] as const;

function Directory() {
  const [items, setItems] = createSignal<Service[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [query, setQuery] = createSignal<ServiceQuery>({ status: 'active' });
  const [error, setError] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  let controller: AbortController | undefined;

  async function load(more: boolean) {
    controller?.abort();
    controller = new AbortController();
    setLoading(true);
    try {
      const page = await directoryApi.search({ ...query(), limit: PAGE_SIZE, cursor: more ? cursor() : null }, controller.signal);
      setItems(more ? [...items(), ...page.items] : page.items);
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      setError(e instanceof ApiError ? `${e.message} ${Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`).join('; ')}` : 'Could not load the directory.');
    } finally {
      setLoading(false);
    }
  }

  function search(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const q: ServiceQuery = {
      q: text('q'), tag: f.getAll('tag').map(String), day: text('day'), age: text('age'), language: text('language'),
      cost: f.getAll('cost').map(String), format: f.getAll('format').map(String),
      status: f.get('includeInactive') ? undefined : 'active',
    };
    for (const [key] of ELIGIBILITY) if (f.get(key)) q[key] = 'true';
    setQuery(q);
    void load(false);
  }

  void load(false);

  return (
    <section class="page directory">
      <div class="directory-head">
        <h1>Directory</h1>
        <p class="no-print">
          <Show when={hasRole('organiser')}><A class="button" href="/services/new">List a service</A>{' '}</Show>
          <button type="button" class="secondary" onClick={() => window.print()}>Print this list</button>{' '}
          <a class="button secondary" href={directoryApi.csvUrl(query())} download="gapmap-directory.csv">Download CSV</a>
        </p>
      </div>
      <form class="filters no-print" onSubmit={search} aria-label="Search the directory">
        <div class="field">
          <label for="dir-q">Search</label>
          <input id="dir-q" name="q" type="search" placeholder="e.g. walking, benefits, lunch" />
        </div>
        <fieldset>
          <legend>Needs</legend>
          <Show when={taxonomy()} fallback={<p role="status">Loading tags…</p>}>
            {(terms) => (
              <div class="tag-tree">
                <For each={taxonomyTree(terms())}>
                  {(group) => (
                    <details>
                      <summary>{group.term.name}</summary>
                      <label class="check"><input type="checkbox" name="tag" value={group.term.slug} /> All of {group.term.name}</label>
                      <For each={group.children}>{(c) => <label class="check"><input type="checkbox" name="tag" value={c.slug} /> {c.name}</label>}</For>
                    </details>
                  )}
                </For>
              </div>
            )}
          </Show>
        </fieldset>
        <div class="filter-row">
          <div class="field">
            <label for="dir-day">Day</label>
            <select id="dir-day" name="day">
              <option value="">Any day</option>
              <For each={DAYS}>{(d, i) => <option value={i() + 1}>{d}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="dir-age">Age of the person</label>
            <input id="dir-age" name="age" type="number" min="0" max="120" inputmode="numeric" />
          </div>
          <div class="field">
            <label for="dir-lang">Language code</label>
            <input id="dir-lang" name="language" placeholder="e.g. bn, so, ur" pattern="[a-z]{2,3}" />
          </div>
        </div>
        <fieldset>
          <legend>Who it is for</legend>
          <For each={ELIGIBILITY}>{([key, label]) => <label class="check"><input type="checkbox" name={key} /> {label}</label>}</For>
        </fieldset>
        <fieldset>
          <legend>Cost and format</legend>
          <For each={Object.entries(COST_LABEL)}>{([v, label]) => <label class="check"><input type="checkbox" name="cost" value={v} /> {label}</label>}</For>
          <For each={Object.entries(FORMAT_LABEL)}>{([v, label]) => <label class="check"><input type="checkbox" name="format" value={v} /> {label}</label>}</For>
          <label class="check"><input type="checkbox" name="includeInactive" /> Include paused and ended services</label>
        </fieldset>
        <button type="submit">Search</button>
      </form>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <p role="status" class="hint no-print">{loading() ? 'Loading…' : `${items().length}${cursor() ? '+' : ''} services shown`}</p>
      <div class="results">
        <For each={items()} fallback={<Show when={!loading()}><p>No services match. Try fewer filters.</p></Show>}>
          {(s) => <ServiceCard service={s} />}
        </For>
      </div>
      <Show when={cursor()}>
        <p class="no-print"><button type="button" onClick={() => void load(true)} disabled={loading()}>Load more</button></p>
      </Show>
    </section>
  );
}

export default function DirectoryPage() {
  return <RequireRole roles="signed-in"><Directory /></RequireRole>;
}
