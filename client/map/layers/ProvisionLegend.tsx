/** What the provision layer's marks mean, in words beside each swatch (no meaning rests on colour alone). */
import { For, Show } from 'solid-js';
import { PROVISION_STYLE } from './provisionLayer.js';

export function ProvisionLegend(props: { groups: { slug: string; name: string; colour: string }[] }) {
  return (
    <details class="legend" open>
      <summary>Key</summary>
      <ul>
        <li>
          <svg aria-hidden="true" width="24" height="24"><circle cx="12" cy="12" r="7" fill={PROVISION_STYLE.point} stroke={PROVISION_STYLE.halo} stroke-width="2" /></svg>
          A service at one place
        </li>
        <li>
          <svg aria-hidden="true" width="24" height="24"><circle cx="12" cy="12" r="6.5" fill={PROVISION_STYLE.halo} stroke={PROVISION_STYLE.point} stroke-width="3" /></svg>
          A paused service (hollow)
        </li>
        <li>
          <svg aria-hidden="true" width="24" height="24"><circle cx="12" cy="12" r="8" fill={PROVISION_STYLE.point} stroke={PROVISION_STYLE.selectedRing} stroke-width="3.5" /></svg>
          A bookable venue (thick dark ring)
        </li>
        <li>
          <svg aria-hidden="true" width="24" height="24">
            <circle cx="12" cy="12" r="11" fill={PROVISION_STYLE.cluster} />
            <text x="12" y="16" text-anchor="middle" font-size="11" font-weight="700" fill="#fff">5</text>
          </svg>
          Several places close together, with how many; select it to zoom in
        </li>
        <li>
          <svg aria-hidden="true" width="24" height="24"><circle cx="12" cy="12" r="9" fill="none" stroke={PROVISION_STYLE.selectedRing} stroke-width="3" /></svg>
          The service you selected
        </li>
      </ul>
      <Show when={props.groups.length}>
        <p class="legend-sub">Colour: the kind of need the service meets first</p>
        <ul aria-label="Colours by kind of need">
          <For each={props.groups}>
            {(g) => (
              <li data-group={g.slug}>
                <svg aria-hidden="true" width="24" height="24"><circle cx="12" cy="12" r="7" fill={g.colour} stroke={PROVISION_STYLE.halo} stroke-width="2" /></svg>
                {g.name}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="hint">
        Services that have ended are not shown. Confidential places, such as refuges, are never put on the map. No street
        map is drawn unless this deployment sets one up: the map works offline.
      </p>
    </details>
  );
}
