/**
 * The list twin of the provision layer: every service location in view, as buttons a keyboard
 * or screen-reader user can move through. Rows are keyed by string, so a reload that keeps a
 * row keeps its DOM node (and the keyboard focus on it).
 */
import { revealRow } from '../featureClick.js';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { serviceFacts } from './provisionCard.js';
import type { ServicePoint } from './provisionLayer.js';
import messages from '../../../i18n/messages/map.js';
import { useMessages } from '../../i18n/language.js';
import { formatNumber } from '../../ui/wording.js';

const t = useMessages(messages);

/** Rows shown at first and added per "show more": thousands of buttons help nobody. */
const PAGE = 50;
/** The most points services.geojson returns for one view (MAX_MAP_POINTS on the server). */
const MAP_POINT_CAP = 5000;

export function ProvisionList(props: {
  keys: string[];
  byKey: Map<string, ServicePoint>;
  selected: string | null;
  loading: boolean;
  onChoose: (key: string) => void;
}) {
  const [shown, setShown] = createSignal(PAGE);
  const rows = new Map<string, HTMLLIElement>();

  // A new viewport starts from the first page again.
  createEffect(
    on(
      () => props.keys,
      () => setShown(PAGE),
      { defer: true },
    ),
  );

  // A point chosen on the map: make sure its row is rendered and visible.
  createEffect(
    on(
      () => props.selected,
      (key) => {
        if (!key) return;
        const index = props.keys.indexOf(key);
        if (index >= shown()) setShown(index + 1);
        queueMicrotask(() => revealRow(rows.get(key) ?? null));
      },
    ),
  );

  const total = () => props.keys.length;
  return (
    <div class="service-list">
      <p class="list-count" aria-live="polite">
        <Show when={!props.loading} fallback={t('loadingServices')}>
          {total() === 0
            ? t('noServices')
            : total() >= MAP_POINT_CAP
              ? t('firstLocations', { count: formatNumber(total()) })
              : total() > shown()
                ? t('locationsShowing', {
                    count: formatNumber(total()),
                    shown: formatNumber(shown()),
                  })
                : total() === 1
                  ? t('oneLocation')
                  : t('locations', { count: formatNumber(total()) })}
        </Show>
      </p>
      <ul aria-label={t('servicesInView')}>
        <For each={props.keys.slice(0, shown())}>
          {(key) => {
            const point = () => props.byKey.get(key)?.properties;
            return (
              <Show when={point()}>
                {(p) => (
                  <li
                    ref={(el) => rows.set(key, el)}
                    classList={{ selected: props.selected === key }}
                    data-service-id={p().serviceId}
                  >
                    <button
                      type="button"
                      aria-current={props.selected === key ? 'true' : undefined}
                      onClick={() => props.onChoose(key)}
                    >
                      <span class="service-name">{p().name}</span>
                      <span class="service-summary">{p().summary}</span>
                      <span class="hint">{serviceFacts(p())}</span>
                    </button>
                  </li>
                )}
              </Show>
            );
          }}
        </For>
      </ul>
      <Show when={total() > shown()}>
        <button type="button" class="secondary" onClick={() => setShown((n) => n + PAGE)}>
          {t('showMore', { count: formatNumber(Math.min(PAGE, total() - shown())) })}
        </button>
      </Show>
    </div>
  );
}
