/** What the provision layer's marks mean, in words beside each swatch (no meaning rests on colour alone). */
import { For, Show } from 'solid-js';
import { PROVISION_STYLE } from './provisionLayer.js';
import { KeyCircle } from './KeySwatches.jsx';
import messages from '../../../i18n/messages/map.js';
import { useMessages } from '../../i18n/language.js';

const t = useMessages(messages);

export function ProvisionLegend(props: {
  groups: { slug: string; name: string; colour: string }[];
}) {
  return (
    <details class="legend" open>
      <summary>{t('key')}</summary>
      <ul>
        <li>
          <KeyCircle r={7} fill={PROVISION_STYLE.point} stroke={PROVISION_STYLE.halo} width={2} />
          {t('keyPoint')}
        </li>
        <li>
          <KeyCircle r={6.5} fill={PROVISION_STYLE.halo} stroke={PROVISION_STYLE.point} width={3} />
          {t('keyPaused')}
        </li>
        <li>
          <KeyCircle
            r={8}
            fill={PROVISION_STYLE.point}
            stroke={PROVISION_STYLE.selectedRing}
            width={3.5}
          />
          {t('keyBookable')}
        </li>
        <li>
          <svg aria-hidden="true" width="24" height="24">
            <circle cx="12" cy="12" r="11" fill={PROVISION_STYLE.cluster} />
            <text x="12" y="16" text-anchor="middle" font-size="11" font-weight="700" fill="#fff">
              5
            </text>
          </svg>
          {t('keyCluster')}
        </li>
        <li>
          <KeyCircle r={9} fill={'none'} stroke={PROVISION_STYLE.selectedRing} width={3} />
          {t('keySelected')}
        </li>
      </ul>
      <Show when={props.groups.length}>
        <p class="legend-sub">{t('keyColour')}</p>
        <ul aria-label={t('keyColours')}>
          <For each={props.groups}>
            {(g) => (
              <li data-group={g.slug}>
                <KeyCircle r={7} fill={g.colour} stroke={PROVISION_STYLE.halo} width={2} />
                {g.name}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="hint">{t('keyNote')}</p>
    </details>
  );
}
