/** The proposal pipeline: proposals and pledged backing per stage, a bar beside each number (the number carries the meaning). */
import { For } from 'solid-js';
import { pounds, STAGE_LABELS } from '../proposals/proposalsApi.js';
import './dashboard.css';

export interface Pipeline {
  stages: { stage: string; proposals: number; backingPence: number }[];
  totalProposals: number;
  totalBackingPence: number;
}

const STAGE: Record<string, string> = STAGE_LABELS;

export function PipelineTable(props: { pipeline: Pipeline }) {
  const most = () => Math.max(1, ...props.pipeline.stages.map((s) => s.proposals));
  return (
    <table class="data-table">
      <caption>Proposals by stage, with the backing pledged</caption>
      <thead><tr><th scope="col">Stage</th><th scope="col" class="num">Proposals</th><th scope="col" class="num">Backing</th></tr></thead>
      <tbody>
        <For each={props.pipeline.stages}>
          {(s) => (
            <tr>
              <th scope="row">{STAGE[s.stage] ?? s.stage}</th>
              <td class="num">
                <span class="pipeline-bar" aria-hidden="true" style={{ width: `${(s.proposals / most()) * 4}rem` }} /> {s.proposals}
              </td>
              <td class="num">{pounds(s.backingPence)}</td>
            </tr>
          )}
        </For>
      </tbody>
      <tfoot>
        <tr><th scope="row">Total</th><td class="num">{props.pipeline.totalProposals}</td><td class="num">{pounds(props.pipeline.totalBackingPence)}</td></tr>
      </tfoot>
    </table>
  );
}
