/** The bands of a hexagon layer in its legend: a hexagon swatch (fill and outline weight) beside each band's words. */
import { For } from 'solid-js';

export function HexBandKey(props: {
  bands: readonly { label: string; colour: string; outline: number }[];
  stroke: string;
  fillOpacity?: string;
}) {
  return (
    <ul>
      <For each={props.bands}>
        {(band) => (
          <li>
            <svg aria-hidden="true" width="24" height="24">
              <polygon
                points="12,2 21,7 21,17 12,22 3,17 3,7"
                fill={band.colour}
                fill-opacity={props.fillOpacity}
                stroke={props.stroke}
                stroke-width={band.outline}
              />
            </svg>
            {band.label}
          </li>
        )}
      </For>
    </ul>
  );
}
