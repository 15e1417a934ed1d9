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
import messages from '../../i18n/messages/dashboard.js';
import { useMessages } from '../i18n/language.js';
import { areaKindName, formatNumber } from '../ui/wording.js';
import { DashboardMap } from './DashboardMap.jsx';
import { GapTable } from './GapTable.jsx';
import { PipelineTable, type Pipeline } from './PipelineTable.jsx';
import { TrendChart } from './TrendChart.jsx';
import type { NeedTrends as Trends } from '../../server/dashboard/schemas.js';
import type { Area } from '../../server/areas/schemas.js';
import './dashboard.css';

const t = useMessages(messages);

const WINDOWS: Record<string, { readonly label: string; weeks: number }> = {
  '26': {
    get label() {
      return t('window26');
    },
    weeks: 26,
  },
  '52': {
    get label() {
      return t('window52');
    },
    weeks: 52,
  },
  '104': {
    get label() {
      return t('window104');
    },
    weeks: 104,
  },
};

/** 'YYYY-MM-DD' of the day `weeks` weeks before today: the server snaps it to whole ISO weeks. */
const weeksAgo = (weeks: number) =>
  new Date(Date.now() - (weeks - 1) * 7 * 86_400_000).toISOString().slice(0, 10);

export default function DashboardPage() {
  return (
    <RequireRole roles={['funder']}>
      <Dashboard />
    </RequireRole>
  );
}

function Dashboard() {
  const [params, setParams] = useSearchParams<{
    level?: string;
    area?: string;
    weeks?: string;
    by?: string;
  }>();
  const level = () => (params.level === 'tag' ? 'tag' : 'group');
  const weeks = () => (params.weeks && WINDOWS[params.weeks] ? params.weeks : '52');
  const by = () => (params.by === 'cell7' ? 'cell7' : 'area');
  const from = () => weeksAgo(WINDOWS[weeks()]!.weeks);
  const threshold = () => appConfig.latest?.suppressionThreshold ?? 8;

  const [areas] = createResource(() =>
    api.get<Page<Area>>('/api/v1/areas', { query: { limit: 500 } }),
  );
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
  const scope = () => {
    const span = WINDOWS[weeks()]!.label.toLocaleLowerCase();
    const name = areaName();
    return name
      ? t('scopeIn', { area: name, window: span })
      : t('scopeEverywhere', { window: span });
  };
  // The pipeline too: proposals opened in the window, placed inside the area.
  const [pipeline] = createResource(
    () => ({ from: from(), areaId: params.area }),
    (q) => api.get<Pipeline>('/api/v1/proposals/pipeline', { query: q }),
  );
  const publishedThrough = (): string | null | undefined =>
    trends.state === 'ready' ? trends().publishedThrough : undefined;
  const download = (name: string) =>
    withQuery(`/api/v1/dashboard/${name}`, { by: by(), from: from(), areaId: params.area });

  return (
    <div class="page dashboard">
      <h1>{t('title')}</h1>
      <p class="lead">{t('lead', { threshold: formatNumber(threshold()) })}</p>
      <FiguresTo publishedThrough={publishedThrough()} />
      <form
        class="dashboard-filters"
        aria-label={t('filtersLabel')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div class="field">
          <label for="dash-window">{t('timeWindow')}</label>
          <select
            id="dash-window"
            value={weeks()}
            onChange={(e) => setParams({ weeks: e.currentTarget.value })}
          >
            <For each={Object.entries(WINDOWS)}>
              {([k, w]) => <option value={k}>{w.label}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="dash-area">{t('area')}</label>
          <select
            id="dash-area"
            value={params.area ?? ''}
            onChange={(e) => setParams({ area: e.currentTarget.value || undefined })}
          >
            <option value="">{t('everywhere')}</option>
            <For each={areas.latest?.items ?? []}>
              {(a) => (
                <option value={a.id}>
                  {t('areaOption', { name: a.name, kind: areaKindName(a.kind) })}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="dash-level">{t('needs')}</label>
          <select
            id="dash-level"
            value={level()}
            onChange={(e) => setParams({ level: e.currentTarget.value })}
          >
            <option value="group">{t('byGroup')}</option>
            <option value="tag">{t('byIndividualNeed')}</option>
          </select>
        </div>
        <div class="field">
          <label for="dash-by">{t('places')}</label>
          <select
            id="dash-by"
            value={by()}
            onChange={(e) => setParams({ by: e.currentTarget.value })}
          >
            <option value="area">{t('byArea')}</option>
            <option value="cell7">{t('byHexagon')}</option>
          </select>
        </div>
      </form>

      <div class="dashboard-grid">
        <section class="dashboard-section wide" aria-labelledby="dash-trends">
          <h2 id="dash-trends">
            {t('flagsPerMonth')} <span class="hint">({scope()})</span>
          </h2>
          <Show
            when={!trends.error}
            fallback={
              <p class="error" role="alert">
                {(trends.error as Error).message}
              </p>
            }
          >
            <Show when={trends.latest} fallback={<p role="status">{t('loadingTrends')}</p>}>
              {(tr) => (
                <Show when={tr().series.length} fallback={<p>{t('noFlags')}</p>}>
                  <TrendChart
                    series={tr().series}
                    months={tr().months}
                    threshold={threshold()}
                    title={level() === 'group' ? t('chartTitleGroup') : t('chartTitleNeed')}
                  />
                </Show>
              )}
            </Show>
          </Show>
        </section>

        <section class="dashboard-section" aria-labelledby="dash-gaps">
          <h2 id="dash-gaps">{t('largestGaps')}</h2>
          <Show
            when={!gaps.error}
            fallback={
              <p class="error" role="alert">
                {(gaps.error as Error).message}
              </p>
            }
          >
            <Show when={gaps.latest} fallback={<p role="status">{t('loadingGaps')}</p>}>
              {(g) => (
                <Show when={g().items.length} fallback={<p>{t('noGaps', { scope: scope() })}</p>}>
                  <GapTable
                    rows={g().items}
                    caption={t(by() === 'area' ? 'gapsCaptionArea' : 'gapsCaptionHexagon', {
                      scope: scope(),
                    })}
                  />
                </Show>
              )}
            </Show>
          </Show>
        </section>

        <section class="dashboard-section" aria-labelledby="dash-map">
          <h2 id="dash-map">
            {t('coverage')} <span class="hint">({scope()})</span>
          </h2>
          <DashboardMap
            areaId={params.area}
            from={from()}
            mapHref={`/map?layers=needs,gaps,areas&weeks=${WINDOWS[weeks()]!.weeks}`}
          />
        </section>

        <section class="dashboard-section" aria-labelledby="dash-pipeline">
          <h2 id="dash-pipeline">
            {t('pipeline')} <span class="hint">({t('pipelineOpened', { scope: scope() })})</span>
          </h2>
          <Show
            when={!pipeline.error}
            fallback={
              <p class="error" role="alert">
                {(pipeline.error as Error).message}
              </p>
            }
          >
            <Show when={pipeline.latest} fallback={<p role="status">{t('loading')}</p>}>
              {(p) => <PipelineTable pipeline={p()} />}
            </Show>
          </Show>
        </section>

        <section class="dashboard-section" aria-labelledby="dash-downloads">
          <h2 id="dash-downloads">{t('downloads')}</h2>
          <p>
            {t(by() === 'area' ? 'downloadsIntroArea' : 'downloadsIntroHexagon', {
              scope: scope(),
            })}
          </p>
          <ul class="downloads">
            <li>
              <a href={download('needs.csv')} download="">
                {t('downloadNeedsCsv')}
              </a>
            </li>
            <li>
              <a href={download('needs.geojson')} download="">
                {t('downloadNeedsGeojson')}
              </a>
            </li>
            <li>
              <a href={download('gaps.csv')} download="">
                {t('downloadGapsCsv')}
              </a>
            </li>
            <li>
              <a
                href={withQuery('/api/v1/dashboard/trends.csv', {
                  level: level(),
                  from: from(),
                  areaId: params.area,
                })}
                download=""
              >
                {level() === 'group' ? t('downloadTrendsGroup') : t('downloadTrendsNeed')}
              </a>
            </li>
          </ul>
          <p class="hint">{t('notAdditive')}</p>
        </section>
      </div>
    </div>
  );
}
