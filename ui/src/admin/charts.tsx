/**
 * Two charts drawn as SVG by hand (no library for two charts): a line over time and the funnel's
 * bars. Each carries its numbers as text too, for screen readers and for reading exact values.
 */

export interface Point {
  /** The x label, such as 2026-11-23. */
  label: string;
  value: number;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 8, right: 8, top: 16, bottom: 24 };

export function LineChart({ points, format, title }: { points: Point[]; format: (n: number) => string; title: string }) {
  if (points.length === 0) return <p class="muted">No data for this period.</p>;
  const max = Math.max(...points.map((p) => p.value), 1);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? innerW / 2 : (i * innerW) / (points.length - 1));
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const area = `${line} L${x(points.length - 1).toFixed(1)},${PAD.top + innerH} L${x(0).toFixed(1)},${PAD.top + innerH} Z`;
  const total = points.reduce((sum, p) => sum + p.value, 0);
  return (
    <figure class="figure">
      <svg
        class="chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}: ${points.length} days, ${format(total)} in all, at most ${format(max)} a day`}
      >
        <line class="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} />
        <line class="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top} y2={PAD.top} />
        <path class="area" d={area} />
        <path class="line" d={line} />
        {points.map((p, i) => (
          <circle key={p.label} cx={x(i)} cy={y(p.value)} r={points.length > 45 ? 1.5 : 3} class="dot">
            <title>{`${p.label}: ${format(p.value)}`}</title>
          </circle>
        ))}
        <text x={PAD.left} y={PAD.top - 4}>
          {format(max)}
        </text>
        <text x={PAD.left} y={HEIGHT - 6}>
          {points[0]!.label}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end">
          {points.at(-1)!.label}
        </text>
      </svg>
      <details>
        <summary>{title} as a table</summary>
        <table>
          <tbody>
            {points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td class="num">{format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export interface FunnelStep {
  step: string;
  count: number;
  conversion: number | null;
}

export function FunnelChart({ steps }: { steps: FunnelStep[] }) {
  const max = Math.max(...steps.map((s) => s.count), 1);
  const rowH = 34;
  const labelW = 150;
  const barW = WIDTH - labelW - 150;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${steps.length * rowH + 8}`}
      role="img"
      aria-label={`Conversion funnel: ${steps.map((s) => `${s.step.replaceAll("_", " ")} ${s.count}`).join(", ")}`}
    >
      {steps.map((s, i) => {
        const w = Math.max(2, (s.count / max) * barW);
        const top = i * rowH + 4;
        return (
          <g key={s.step}>
            <text x={0} y={top + 20} class="label">
              {s.step.replaceAll("_", " ")}
            </text>
            <rect class="bar" x={labelW} y={top + 4} width={w} height={rowH - 12} rx={3}>
              <title>{`${s.step}: ${s.count}`}</title>
            </rect>
            <text x={labelW + w + 6} y={top + 20}>
              {`${s.count}${s.conversion === null ? "" : ` · ${s.conversion.toFixed(1)} %`}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
