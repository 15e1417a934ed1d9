/**
 * Flags per month as a plain SVG line chart, with the same figures as a table beside it.
 * Honest about suppression: a "<8" month is not drawn as a number — its marker is hollow and sits
 * in a shaded band below the threshold, and the line breaks there. Series differ by colour,
 * marker shape and dash pattern, so none is told apart by colour alone.
 */
import { For, Show } from 'solid-js';
import messages from '../../i18n/messages/dashboard.js';
import type { SuppressedCount } from '../api.js';
import type { TrendSeries } from '../../server/dashboard/schemas.js';
import { locale, useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';
import './dashboard.css';

export type { TrendSeries } from '../../server/dashboard/schemas.js';

/** Colour-blind-safe (Okabe–Ito) and AA against white for lines and markers. */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56534c'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2'];
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross', 'circle'] as const;
export const MAX_SERIES = 6;

const tr = useMessages(messages);

const W = 640;
const H = 280;
// Room for the y-axis figures on the left and the first and last month names below the axis.
const M = { top: 16, right: 24, bottom: 40, left: 52 };

function Marker(props: {
  shape: (typeof SHAPES)[number];
  x: number;
  y: number;
  colour: string;
  hollow: boolean;
}) {
  const fill = () => (props.hollow ? '#fff' : props.colour);
  const common = () => ({ fill: fill(), stroke: props.colour, 'stroke-width': 2 });
  return (
    <>
      {props.shape === 'circle' && <circle cx={props.x} cy={props.y} r={4} {...common()} />}
      {props.shape === 'square' && (
        <rect x={props.x - 4} y={props.y - 4} width={8} height={8} {...common()} />
      )}
      {props.shape === 'triangle' && (
        <polygon
          points={`${props.x},${props.y - 5} ${props.x + 5},${props.y + 4} ${props.x - 5},${props.y + 4}`}
          {...common()}
        />
      )}
      {props.shape === 'diamond' && (
        <polygon
          points={`${props.x},${props.y - 5} ${props.x + 5},${props.y} ${props.x},${props.y + 5} ${props.x - 5},${props.y}`}
          {...common()}
        />
      )}
      {props.shape === 'cross' && (
        <path
          d={`M${props.x - 4} ${props.y - 4}L${props.x + 4} ${props.y + 4}M${props.x - 4} ${props.y + 4}L${props.x + 4} ${props.y - 4}`}
          stroke={props.colour}
          stroke-width={2.5}
        />
      )}
    </>
  );
}

const monthLabel = (m: string) =>
  new Date(`${m}-01T00:00:00Z`).toLocaleDateString(locale(), {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  });

export function TrendChart(props: {
  series: TrendSeries[];
  months: string[];
  threshold: number;
  title: string;
}) {
  const shown = () => props.series.slice(0, MAX_SERIES);
  const maxValue = () =>
    Math.max(
      props.threshold * 2,
      ...shown().flatMap((s) => s.points.map((p) => p.count.value ?? 0)),
    );
  const x = (i: number) =>
    M.left +
    (props.months.length <= 1 ? 0 : (i / (props.months.length - 1)) * (W - M.left - M.right));
  const y = (v: number) => H - M.bottom - (v / maxValue()) * (H - M.top - M.bottom);
  const ticks = () => {
    const step = Math.max(5, Math.ceil(maxValue() / 4 / 5) * 5);
    return Array.from({ length: Math.floor(maxValue() / step) + 1 }, (_, i) => i * step);
  };
  // A suppressed month sits mid-band: "somewhere from 1 to threshold-1".
  const yOf = (c: SuppressedCount) => y(c.value ?? props.threshold / 2);
  const segments = (s: TrendSeries) => {
    const paths: string[] = [];
    let current = '';
    s.points.forEach((p, i) => {
      if (p.count.value === null) {
        if (current) paths.push(current);
        current = '';
        return;
      }
      current += `${current ? 'L' : 'M'}${x(i).toFixed(1)} ${y(p.count.value).toFixed(1)}`;
    });
    if (current) paths.push(current);
    return paths;
  };
  const labelEvery = () => Math.max(1, Math.ceil(props.months.length / 8));
  const summary = () =>
    tr('chartSummary', {
      title: props.title,
      series: shown()
        .map((s) =>
          tr('chartSummarySeries', {
            name: s.name,
            count: s.points.at(-1)?.count.display ?? tr('none'),
          }),
        )
        .join(tr('chartSummarySeparator')),
    });

  return (
    <figure class="trend" aria-label={props.title}>
      <svg class="trend-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary()}>
        <rect
          x={M.left}
          y={y(props.threshold)}
          width={W - M.left - M.right}
          height={y(0) - y(props.threshold)}
          fill="#eef1f4"
        />
        <text
          x={W - M.right - 4}
          y={Math.min(y(props.threshold) + 12, y(0) - 3)}
          text-anchor="end"
          font-size="10"
          fill="#4a5561"
        >
          {tr('belowThreshold', { threshold: formatNumber(props.threshold) })}
        </text>
        <For each={ticks()}>
          {(t) => (
            <g>
              <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#c9d1d9" />
              <text x={M.left - 8} y={y(t) + 4} text-anchor="end" font-size="11" fill="#4a5561">
                {formatNumber(t)}
              </text>
            </g>
          )}
        </For>
        <For each={props.months}>
          {(m, i) => (
            <Show when={i() % labelEvery() === 0}>
              <text
                x={x(i())}
                y={H - M.bottom + 18}
                font-size="11"
                fill="#4a5561"
                text-anchor={
                  i() === 0 ? 'start' : i() === props.months.length - 1 ? 'end' : 'middle'
                }
              >
                {monthLabel(m)}
              </text>
            </Show>
          )}
        </For>
        <For each={shown()}>
          {(s, si) => (
            <g>
              <For each={segments(s)}>
                {(d) => (
                  <path
                    d={d}
                    fill="none"
                    stroke={COLOURS[si()]}
                    stroke-width={2}
                    stroke-dasharray={DASHES[si()]}
                  />
                )}
              </For>
              <For each={s.points}>
                {(p, i) => (
                  <Marker
                    shape={SHAPES[si()]!}
                    x={x(i())}
                    y={yOf(p.count)}
                    colour={COLOURS[si()]!}
                    hollow={p.count.value === null}
                  />
                )}
              </For>
            </g>
          )}
        </For>
      </svg>
      <ul class="trend-legend" aria-label={tr('key')}>
        <For each={shown()}>
          {(s, si) => (
            <li>
              <svg width="34" height="14" aria-hidden="true">
                <line
                  x1="0"
                  x2="34"
                  y1="7"
                  y2="7"
                  stroke={COLOURS[si()]}
                  stroke-width="2"
                  stroke-dasharray={DASHES[si()]}
                />
                <Marker shape={SHAPES[si()]!} x={17} y={7} colour={COLOURS[si()]!} hollow={false} />
              </svg>
              {s.name}
            </li>
          )}
        </For>
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="4" fill="#fff" stroke="#56534c" stroke-width="2" />
          </svg>
          {tr('hollowMarker', { threshold: formatNumber(props.threshold) })}
        </li>
      </ul>
      <Show when={props.series.length > MAX_SERIES}>
        <p class="hint">
          {tr('chartShowsLargest', {
            max: formatNumber(MAX_SERIES),
            count: formatNumber(props.series.length),
          })}
        </p>
      </Show>
      <details>
        <summary>{tr('showTable')}</summary>
        <div class="table-scroll">
          <table class="data-table">
            <caption>{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('colNeed')}</th>
                <For each={props.months}>
                  {(m) => (
                    <th scope="col" class="num">
                      {monthLabel(m)}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={props.series}>
                {(s) => (
                  <tr>
                    <th scope="row">{s.name}</th>
                    <For each={s.points}>{(p) => <td class="num">{p.count.display}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
