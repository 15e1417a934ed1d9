/** The ranked gap list as a table: place, need, suppressed demand, supply and the reason in words. */
import { For } from 'solid-js';
import type { GapItem } from '../api.js';
import { tagName } from '../map/taxonomy.js';
import './dashboard.css';

export function GapTable(props: { rows: GapItem[]; caption: string }) {
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">Rank</th>
            <th scope="col">Place</th>
            <th scope="col">Need</th>
            <th scope="col" class="num">Flags</th>
            <th scope="col" class="num">Places within reach</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(g, i) => (
              <tr>
                <td class="num">{i() + 1}</td>
                <td>{g.place}</td>
                <td>{tagName(g.tag)}</td>
                <td class="num">{g.demand.display}</td>
                <td class="num">{g.supply}</td>
                <td>{g.reason}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
