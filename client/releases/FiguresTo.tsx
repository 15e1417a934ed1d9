/**
 * "Figures to the week ending …": every map, gap and dashboard view says which published week its
 * need figures run to (DESIGN.md "Publication"). Nothing is published yet → it says so.
 */
import { Show } from 'solid-js';
import { weekEnding } from './weeks.js';

export function FiguresTo(props: { publishedThrough: string | null | undefined }) {
  return (
    <Show when={props.publishedThrough !== undefined}>
      <p class="figures-to hint" data-published-through={props.publishedThrough ?? ''}>
        <Show when={props.publishedThrough} fallback={<>No need figures are published yet: the first week is published on the Tuesday after it ends.</>}>
          {(week) => <>Figures to the week ending {weekEnding(week())} (published weekly; flags count once their week is published).</>}
        </Show>
      </p>
    </Show>
  );
}
