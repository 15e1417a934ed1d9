/** A funder's start page: the biggest gaps and the proposal pipeline, with the dashboard one click away. */
import { For, Show } from 'solid-js';
import { api, type GapItem } from '../api.js';
import { tagName } from '../map/taxonomy.js';
import { PipelineTable, type Pipeline } from '../dashboard/PipelineTable.jsx';
import { HomePanel, PageLink } from './HomePanel.jsx';
import { FiguresTo } from '../releases/FiguresTo.jsx';
import messages from '../../i18n/messages/home.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

export function FunderHome() {
  return (
    <div class="home-grid">
      <section class="home-panel home-primary" aria-labelledby="funder-do">
        <h2 id="funder-do">{t('funderTitle')}</h2>
        <p>{t('funderText')}</p>
        <PageLink path="/dashboard" class="button">
          {t('openDashboard')}
        </PageLink>
      </section>
      <HomePanel
        id="funder-gaps"
        title={t('topGaps')}
        load={() =>
          api.get<{ items: GapItem[]; publishedThrough: string | null }>('/api/v1/gaps', {
            query: { by: 'area', limit: 5 },
          })
        }
      >
        {(d) => (
          <Show when={d.items.length} fallback={<p>{t('noGaps')}</p>}>
            {/* A narrow panel: a ranked list reads better here than the dashboard's wide table. */}
            <ol class="home-list">
              <For each={d.items}>
                {(g) => (
                  <li>
                    <span class="home-item-name">
                      {g.place}: {tagName(g.tag)}
                    </span>
                    <br />
                    <span class="hint">{g.reason}</span>
                  </li>
                )}
              </For>
            </ol>
            <FiguresTo publishedThrough={d.publishedThrough} />
          </Show>
        )}
      </HomePanel>
      <HomePanel
        id="funder-pipeline"
        title={t('pipeline')}
        load={() => api.get<Pipeline>('/api/v1/proposals/pipeline')}
      >
        {(p) => <PipelineTable pipeline={p} />}
      </HomePanel>
    </div>
  );
}
