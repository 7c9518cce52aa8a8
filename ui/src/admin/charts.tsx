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
const PAD = { left: 8, right: 8, top: 8, bottom: 8 };

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
      <p class="chart-max">{format(max)}</p>
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
      </svg>
      {/* The labels are text of the page, not of the drawing: they keep their size however narrow the chart gets. */}
      <figcaption class="chart-axis">
        <span>{points[0]!.label}</span>
        <span>{points.at(-1)!.label}</span>
      </figcaption>
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

/**
 * One row per step: its name and figures as text, its bar as a drawing scaled to the widest step.
 * Rows wrap on a phone, so the names stay legible where a single scaled drawing would shrink them.
 */
export function FunnelChart({ steps }: { steps: FunnelStep[] }) {
  const max = Math.max(...steps.map((s) => s.count), 1);
  return (
    <div
      class="funnel"
      role="img"
      aria-label={`Conversion funnel: ${steps.map((s) => `${s.step.replaceAll("_", " ")} ${s.count}`).join(", ")}`}
    >
      {steps.map((s) => (
        <div key={s.step} class="funnel-row">
          <span class="funnel-step">{s.step.replaceAll("_", " ")}</span>
          <svg class="funnel-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect class="bar" x={0} y={0} width={Math.max(0.5, (s.count / max) * 100)} height={10} />
          </svg>
          <span class="funnel-figure">{`${s.count}${s.conversion === null ? "" : ` · ${s.conversion.toFixed(1)} %`}`}</span>
        </div>
      ))}
    </div>
  );
}
