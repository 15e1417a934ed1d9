/** The swatches of the layers' keys: marks drawn as the map draws them, beside their words. */

/** A circle (points, clusters, selection rings). */
export function KeyCircle(props: { r: number; fill: string; stroke: string; width: number }) {
  return (
    <svg aria-hidden="true" width="24" height="24">
      <circle
        cx="12"
        cy="12"
        r={props.r}
        fill={props.fill}
        stroke={props.stroke}
        stroke-width={props.width}
      />
    </svg>
  );
}

/** A line (outlines and boundaries), dashed when `dash` is given. */
export function KeyLine(props: { stroke: string; width: number; dash?: string }) {
  return (
    <svg aria-hidden="true" width="24" height="24">
      <path
        d="M3 12h18"
        stroke={props.stroke}
        stroke-width={props.width}
        stroke-dasharray={props.dash}
      />
    </svg>
  );
}
