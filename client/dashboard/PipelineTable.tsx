/** The proposal pipeline: proposals and pledged backing per stage, a bar beside each number (the number carries the meaning). */
import { For } from 'solid-js';
import messages from '../../i18n/messages/dashboard.js';
import { useMessages } from '../i18n/language.js';
import { pounds, STAGE_LABELS, type Pipeline } from '../proposals/proposalsApi.js';
import { formatNumber } from '../ui/wording.js';
import './dashboard.css';

export type { Pipeline } from '../proposals/proposalsApi.js';

const STAGE: Record<string, string> = STAGE_LABELS;
const t = useMessages(messages);

export function PipelineTable(props: { pipeline: Pipeline }) {
  const most = () => Math.max(1, ...props.pipeline.stages.map((s) => s.proposals));
  return (
    <table class="data-table">
      <caption>{t('pipelineCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('colStage')}</th>
          <th scope="col" class="num">
            {t('colProposals')}
          </th>
          <th scope="col" class="num">
            {t('colBacking')}
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.pipeline.stages}>
          {(s) => (
            <tr>
              <th scope="row">{STAGE[s.stage] ?? s.stage}</th>
              <td class="num">
                <span
                  class="pipeline-bar"
                  aria-hidden="true"
                  style={{ width: `${(s.proposals / most()) * 4}rem` }}
                />{' '}
                {formatNumber(s.proposals)}
              </td>
              <td class="num">{pounds(s.backingPence)}</td>
            </tr>
          )}
        </For>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('total')}</th>
          <td class="num">{formatNumber(props.pipeline.totalProposals)}</td>
          <td class="num">{pounds(props.pipeline.totalBackingPence)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
