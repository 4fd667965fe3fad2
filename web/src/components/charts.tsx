import { useId } from "react";
import { useI18n } from "../i18n/use-i18n";
import { userHref } from "../router";

// Hand-made SVG charts. Each row's label is a real link, so the chart doubles
// as an accessible list; the bar itself is decorative.

export interface BarDatum {
  id: string;
  label: string;
  value: number;
  valueText: string;
  /** A link target for the label (a user page). */
  userId?: string;
  note?: string;
}

export function BarChart({ title, data, describedBy }: { title: string; data: readonly BarDatum[]; describedBy?: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const headingId = useId();
  return (
    <figure className="bar-chart" aria-labelledby={headingId}>
      <figcaption id={headingId} className="visually-hidden">
        {title}
      </figcaption>
      <ol className="bar-rows" aria-labelledby={headingId} aria-describedby={describedBy}>
        {data.map((d) => (
          <li key={d.id} className="bar-row">
            <span className="bar-label">
              {d.userId ? <a href={userHref(d.userId)}>{d.label}</a> : d.label}
              {d.note && <span className="muted"> {d.note}</span>}
            </span>
            <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect x={0} y={0} width={Math.max(0.5, (d.value / max) * 100)} height={10} rx={1} />
            </svg>
            <span className="bar-value">{d.valueText}</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

export interface ScalePoint {
  id: string;
  name: string;
  points: number;
}

/**
 * Every ranked user on one points axis. The furthest pair spans the axis; the
 * closest pair is ringed. The caller gives the text equivalent as `label`.
 */
export function PointsScale({
  users,
  closest,
  furthest,
  label,
}: {
  users: readonly ScalePoint[];
  closest: readonly [ScalePoint, ScalePoint] | null;
  furthest: readonly [ScalePoint, ScalePoint] | null;
  label: string;
}) {
  const { t, n } = useI18n();
  if (users.length === 0) return null;
  const W = 400;
  const H = 120;
  const PAD = 14;
  const min = Math.min(...users.map((u) => u.points));
  const max = Math.max(...users.map((u) => u.points));
  const span = Math.max(1, max - min);
  const x = (p: number) => PAD + ((p - min) / span) * (W - 2 * PAD);
  const axisY = 56;
  // keep a label inside the picture: anchor it by which third of the axis it is in
  const anchor = (px: number): "start" | "middle" | "end" => (px < W / 3 ? "start" : px > (2 * W) / 3 ? "end" : "middle");
  const labelX = (px: number) => (px < W / 3 ? Math.max(2, px - 8) : px > (2 * W) / 3 ? Math.min(W - 2, px + 8) : px);
  const nearMid = closest ? (x(closest[0].points) + x(closest[1].points)) / 2 : 0;
  return (
    <svg className="points-scale" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <line x1={PAD} x2={W - PAD} y1={axisY} y2={axisY} className="axis" />
      {furthest && (
        <g className="furthest">
          <line x1={x(furthest[1].points)} x2={x(furthest[0].points)} y1={axisY - 22} y2={axisY - 22} />
          <line x1={x(furthest[1].points)} x2={x(furthest[1].points)} y1={axisY - 27} y2={axisY - 17} />
          <line x1={x(furthest[0].points)} x2={x(furthest[0].points)} y1={axisY - 27} y2={axisY - 17} />
          <text x={(x(furthest[0].points) + x(furthest[1].points)) / 2} y={axisY - 30} textAnchor="middle">
            {t.stats.furthest}: {n(furthest[0].points - furthest[1].points)}
          </text>
        </g>
      )}
      {users.map((u) => (
        <circle key={u.id} cx={x(u.points)} cy={axisY} r={4} className="dot">
          <title>
            {u.name}: {n(u.points)}
          </title>
        </circle>
      ))}
      {closest && (
        <g className="closest">
          <circle cx={x(closest[0].points)} cy={axisY} r={8} />
          <circle cx={x(closest[1].points)} cy={axisY} r={8} />
          <text x={labelX(nearMid)} y={axisY + 28} textAnchor={anchor(nearMid)}>
            {t.stats.closest}: {n(closest[0].points - closest[1].points)}
          </text>
        </g>
      )}
      <text x={PAD} y={H - 6} textAnchor="start" className="tick">
        {n(min)}
      </text>
      <text x={W - PAD} y={H - 6} textAnchor="end" className="tick">
        {n(max)}
      </text>
    </svg>
  );
}
