/** The ranked gap list as a table: place, need, suppressed demand, supply and the reason in words. */
import { For } from 'solid-js';
import type { GapItem } from '../api.js';
import messages from '../../i18n/messages/dashboard.js';
import { useMessages } from '../i18n/language.js';
import { tagName } from '../map/taxonomy.js';
import { formatNumber } from '../ui/wording.js';
import './dashboard.css';

const t = useMessages(messages);

export function GapTable(props: { rows: GapItem[]; caption: string }) {
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {t('colRank')}
            </th>
            <th scope="col">{t('colPlace')}</th>
            <th scope="col">{t('colNeed')}</th>
            <th scope="col" class="num">
              {t('colFlags')}
            </th>
            <th scope="col" class="num">
              {t('colWithinReach')}
            </th>
            <th scope="col">{t('colWhy')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(g, i) => (
              <tr>
                <td class="num">{formatNumber(i() + 1)}</td>
                <td>{g.place}</td>
                <td>{tagName(g.tag)}</td>
                <td class="num">{g.demand.display}</td>
                <td class="num">{formatNumber(g.supply)}</td>
                <td>{g.reason}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
