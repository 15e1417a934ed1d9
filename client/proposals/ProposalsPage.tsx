/** /proposals: the co-design board — proposals by stage with their gap-check verdict, and the pipeline. */
import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { tagName } from '../map/taxonomy.js';
import { hasRole } from '../session.js';
import { pounds, proposalsApi, STAGE_LABELS, STAGES, VERDICT_LABELS } from './proposalsApi.js';
import '../referrals/codesign.css';
import messages from '../../i18n/messages/codesign.js';
import { useMessages } from '../i18n/language.js';
import { createPagedList } from '../ui/pagedList.js';
import { LoadMore } from '../ui/LoadMore.jsx';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

function Board() {
  const proposals = createPagedList((cursor) => proposalsApi.list({ cursor }), {
    failed: () => t('loadProposalsFailed'),
  });
  const [pipeline] = createResource(() => proposalsApi.pipeline());

  return (
    <section class="page">
      <h1>{t('proposalsTitle')}</h1>
      <p class="hint">{t('proposalsIntro')}</p>
      <Show when={hasRole('organiser')}>
        <p>
          <A class="button" href="/proposals/new">
            {t('openAProposal')}
          </A>
        </p>
      </Show>
      <Show when={pipeline()}>
        {(p) => (
          <table class="admin-table">
            <caption>
              {t('pipelineCaption', {
                count: formatNumber(p().totalProposals),
                amount: pounds(p().totalBackingPence),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('colStage')}</th>
                <th scope="col">{t('colProposals')}</th>
                <th scope="col">{t('colBacking')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={p().stages}>
                {(s) => (
                  <tr>
                    <th scope="row">{STAGE_LABELS[s.stage]}</th>
                    <td>{formatNumber(s.proposals)}</td>
                    <td>{pounds(s.backingPence)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
      <Show when={proposals.error()}>
        {(m) => (
          <p class="cd-error" role="alert">
            {m()}
          </p>
        )}
      </Show>
      <div class="cd-board">
        <For each={STAGES}>
          {(stage) => {
            const inStage = () => proposals.items().filter((p) => p.stage === stage);
            return (
              <section class="cd-column" aria-labelledby={`stage-${stage}`}>
                <h2 id={`stage-${stage}`}>
                  {STAGE_LABELS[stage]} ({formatNumber(inStage().length)})
                </h2>
                <ul class="cd-list">
                  <For each={inStage()} fallback={<li class="hint">{t('noneYet')}</li>}>
                    {(p) => (
                      <li class="cd-card">
                        <h3>
                          <A href={`/proposals/${p.id}`}>{p.title}</A>
                        </h3>
                        <p class="hint">{p.tags.map(tagName).join(', ')}</p>
                        <p>
                          {t('gapCheckLabel')}{' '}
                          <strong>
                            {p.gapVerdict
                              ? (VERDICT_LABELS[p.gapVerdict] ?? p.gapVerdict)
                              : t('verdictNone')}
                          </strong>
                        </p>
                        <p>
                          {p.memberCount === 1
                            ? t('memberOne')
                            : t('memberMany', { count: formatNumber(p.memberCount) })}{' '}
                          · {t('wouldRefer', { count: p.interestCount.display })}
                          {p.backingPence
                            ? ` · ${t('backed', { amount: pounds(p.backingPence) })}`
                            : ''}
                        </p>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            );
          }}
        </For>
      </div>
      <LoadMore list={proposals} label={t('showMoreProposals')} />
    </section>
  );
}

export default function ProposalsPage() {
  return (
    <RequireRole roles="signed-in">
      <Board />
    </RequireRole>
  );
}
