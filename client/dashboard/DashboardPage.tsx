/**
 * The funder dashboard: trends of flags per need per month, the largest gaps, the proposal
 * pipeline and downloads — all suppressed, at coarse units (areas or H3 resolution 7).
 * Filters live in the URL query, so a view can be shared and restored.
 */
import { FiguresTo } from '../releases/FiguresTo.jsx';
import { useSearchParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api, withQuery, type GapItem, type Page } from '../api.js';
import { appConfig } from '../appConfig.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { areaKindName } from '../ui/wording.js';
import { DashboardMap } from './DashboardMap.jsx';
import { GapTable } from './GapTable.jsx';
import { PipelineTable, type Pipeline } from './PipelineTable.jsx';
import { TrendChart, type TrendSeries } from './TrendChart.jsx';
import './dashboard.css';

interface Trends {
  window: { from: string; to: string; weeks: number };
  publishedThrough: string | null;
  months: string[];
  series: TrendSeries[];
}
interface Area {
  id: string;
  name: string;
  kind: string;
}

const WINDOWS: Record<string, { label: string; weeks: number }> = {
  '26': { label: 'Last 6 months', weeks: 26 },
  '52': { label: 'Last 12 months', weeks: 52 },
  '104': { label: 'Last 2 years', weeks: 104 },
};

/** 'YYYY-MM-DD' of the day `weeks` weeks before today: the server snaps it to whole ISO weeks. */
const weeksAgo = (weeks: number) => new Date(Date.now() - (weeks - 1) * 7 * 86_400_000).toISOString().slice(0, 10);

export default function DashboardPage() {
  return (
    <RequireRole roles={['funder']}>
      <Dashboard />
    </RequireRole>
  );
}

function Dashboard() {
  const [params, setParams] = useSearchParams<{ level?: string; area?: string; weeks?: string; by?: string }>();
  const level = () => (params.level === 'tag' ? 'tag' : 'group');
  const weeks = () => (params.weeks && WINDOWS[params.weeks] ? params.weeks : '52');
  const by = () => (params.by === 'cell7' ? 'cell7' : 'area');
  const from = () => weeksAgo(WINDOWS[weeks()]!.weeks);
  const threshold = () => appConfig.latest?.suppressionThreshold ?? 8;

  const [areas] = createResource(() => api.get<Page<Area>>('/api/v1/areas', { query: { limit: 500 } }));
  const [trends] = createResource(
    () => ({ level: level(), areaId: params.area, from: from() }),
    (q) => api.get<Trends>('/api/v1/dashboard/trends', { query: q }),
  );
  // Every panel follows the same filters: the window, the area and the unit of place.
  const [gaps] = createResource(
    () => ({ by: by(), from: from(), areaId: params.area }),
    (q) => api.get<{ items: GapItem[] }>('/api/v1/gaps', { query: { ...q, limit: 10 } }),
  );
  const areaName = () => (areas.latest?.items ?? []).find((a) => a.id === params.area)?.name;
  const scope = () => `${areaName() ? `in ${areaName()}` : 'everywhere'}, ${WINDOWS[weeks()]!.label.toLowerCase()}`;
  // The pipeline too: proposals opened in the window, placed inside the area.
  const [pipeline] = createResource(
    () => ({ from: from(), areaId: params.area }),
    (q) => api.get<Pipeline>('/api/v1/proposals/pipeline', { query: q }),
  );
  const publishedThrough = (): string | null | undefined => (trends.state === 'ready' ? trends().publishedThrough : undefined);
  const download = (name: string) => withQuery(`/api/v1/dashboard/${name}`, { by: by(), from: from(), areaId: params.area });

  return (
    <div class="page dashboard">
      <h1>Funder dashboard</h1>
      <p class="lead">
        Where unmet need is growing and where provision is missing. Every figure is rounded to the nearest 5 and numbers under{' '}
        {threshold()} are shown as “&lt;{threshold()}”, so small groups of people cannot be picked out.
      </p>
      <FiguresTo publishedThrough={publishedThrough()} />
      <form class="dashboard-filters" aria-label="What the dashboard shows" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="dash-window">Time window</label>
          <select id="dash-window" value={weeks()} onChange={(e) => setParams({ weeks: e.currentTarget.value })}>
            <For each={Object.entries(WINDOWS)}>{([k, w]) => <option value={k}>{w.label}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="dash-area">Area</label>
          <select id="dash-area" value={params.area ?? ''} onChange={(e) => setParams({ area: e.currentTarget.value || undefined })}>
            <option value="">Everywhere</option>
            <For each={areas.latest?.items ?? []}>{(a) => <option value={a.id}>{a.name} ({areaKindName(a.kind)})</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="dash-level">Needs</label>
          <select id="dash-level" value={level()} onChange={(e) => setParams({ level: e.currentTarget.value })}>
            <option value="group">By group</option>
            <option value="tag">By individual need</option>
          </select>
        </div>
        <div class="field">
          <label for="dash-by">Places</label>
          <select id="dash-by" value={by()} onChange={(e) => setParams({ by: e.currentTarget.value })}>
            <option value="area">By area</option>
            <option value="cell7">By hexagon (about 5 km²)</option>
          </select>
        </div>
      </form>

      <div class="dashboard-grid">
        <section class="dashboard-section wide" aria-labelledby="dash-trends">
          <h2 id="dash-trends">Flags per month <span class="hint">({scope()})</span></h2>
          <Show when={!trends.error} fallback={<p class="error" role="alert">{(trends.error as Error).message}</p>}>
            <Show when={trends.latest} fallback={<p role="status">Loading trends…</p>}>
              {(t) => (
                <Show when={t().series.length} fallback={<p>No needs flagged in this window.</p>}>
                  <TrendChart series={t().series} months={t().months} threshold={threshold()} title={`Need flags per month, ${level() === 'group' ? 'by group' : 'by need'}`} />
                </Show>
              )}
            </Show>
          </Show>
        </section>

        <section class="dashboard-section" aria-labelledby="dash-gaps">
          <h2 id="dash-gaps">Largest gaps</h2>
          <Show when={!gaps.error} fallback={<p class="error" role="alert">{(gaps.error as Error).message}</p>}>
            <Show when={gaps.latest} fallback={<p role="status">Loading gaps…</p>}>
              {(g) => (
                <Show when={g().items.length} fallback={<p>No gaps {scope()}.</p>}>
                  <GapTable rows={g().items} caption={`The ten largest gaps ${by() === 'area' ? 'by area' : 'by hexagon'}, ${scope()}`} />
                </Show>
              )}
            </Show>
          </Show>
        </section>

        <section class="dashboard-section" aria-labelledby="dash-map">
          <h2 id="dash-map">Coverage and gaps <span class="hint">({scope()})</span></h2>
          <DashboardMap areaId={params.area} from={from()} mapHref={`/map?layers=needs,gaps,areas&weeks=${WINDOWS[weeks()]!.weeks}`} />
        </section>

        <section class="dashboard-section" aria-labelledby="dash-pipeline">
          <h2 id="dash-pipeline">Proposal pipeline <span class="hint">(opened {scope()})</span></h2>
          <Show when={!pipeline.error} fallback={<p class="error" role="alert">{(pipeline.error as Error).message}</p>}>
            <Show when={pipeline.latest} fallback={<p role="status">Loading…</p>}>{(p) => <PipelineTable pipeline={p()} />}</Show>
          </Show>
        </section>

        <section class="dashboard-section" aria-labelledby="dash-downloads">
          <h2 id="dash-downloads">Downloads</h2>
          <p>The figures on this page, for your own analysis: {by() === 'area' ? 'by area' : 'by hexagon'}, {scope()}.</p>
          <ul class="downloads">
            <li><a href={download('needs.csv')} download="">Need flags per place and need (CSV)</a></li>
            <li><a href={download('needs.geojson')} download="">Need flags per place with boundaries (GeoJSON)</a></li>
            <li><a href={download('gaps.csv')} download="">Ranked gap table, every place (CSV)</a></li>
            <li><a href={withQuery('/api/v1/dashboard/trends.csv', { level: level(), from: from(), areaId: params.area })} download="">Flags per month, {level() === 'group' ? 'by group' : 'by need'}, as in the chart (CSV)</a></li>
          </ul>
          <p class="hint">Figures are deliberately not additive: a total may differ from the sum of its parts.</p>
        </section>
      </div>
    </div>
  );
}
