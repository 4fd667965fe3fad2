import { useEffect, useId, useMemo, useRef } from "react";
import { buildCalendar, outlineSegments, addDays, dayKeyToUtcMs } from "../lib/dates";
import { useI18n } from "../i18n/use-i18n";

// A GitHub-style calendar of award days: weeks as columns (Monday first), days
// as rows, darker for more awards, the longest streak outlined.

const CELL = 13;
const GAP = 3;
const STEP = CELL + GAP;
const LEFT = 30;
const TOP = 18;

export interface HeatmapProps {
  /** Awards per calendar day ("YYYY-MM-DD" in the user's zone). */
  counts: ReadonlyMap<string, number>;
  /** Today in the user's zone. */
  today: string;
  longest: { start: string; end: string; days: number } | null;
}

function level(count: number): number {
  if (count <= 0) return 0;
  if (count === 1) return 1;
  if (count === 2) return 2;
  if (count <= 4) return 3;
  return 4;
}

export function Heatmap({ counts, today, longest }: HeatmapProps) {
  const { t, lang, date } = useI18n();
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);

  const grid = useMemo(() => {
    const keys = [...counts.keys()].sort();
    const first = keys[0] ?? today;
    const last = keys[keys.length - 1] ?? today;
    const end = last > today ? last : today;
    return buildCalendar(counts, first, end);
  }, [counts, today]);

  const streakCells = useMemo(() => {
    if (!longest) return [];
    return grid.cells.filter((c) => c.key >= longest.start && c.key <= longest.end);
  }, [grid, longest]);
  const outline = useMemo(() => outlineSegments(streakCells), [streakCells]);

  useEffect(() => {
    // Show the longest streak if there is one, else the most recent weeks.
    const el = scrollRef.current;
    if (!el) return;
    const target = streakCells[0];
    if (target) {
      const x = LEFT + target.week * STEP;
      if (x > el.clientWidth - 60) el.scrollLeft = x - el.clientWidth / 2;
    } else {
      el.scrollLeft = el.scrollWidth;
    }
  }, [streakCells]);

  const width = LEFT + grid.weeks * STEP + 4;
  const height = TOP + 7 * STEP + 4;
  const monthFmt = new Intl.DateTimeFormat(lang, { month: "short", timeZone: "UTC" });
  const yearFmt = new Intl.DateTimeFormat(lang, { year: "numeric", timeZone: "UTC" });
  const weekdayFmt = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
  const monday = grid.start;
  const awardDays = [...counts.values()].filter((c) => c > 0).length;

  const summary = [
    t.user.calendarSummary(awardDays, date(grid.start), date(grid.end)),
    longest ? `${t.common.longestStreak}: ${t.user.streak(t.plural.days(longest.days), date(longest.start), date(longest.end))}` : "",
  ].join(" ");

  return (
    <figure className="heatmap">
      <div className="heatmap-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={t.user.calendar}>
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-desc`}>
          {grid.monthStarts.map((m) => {
            const label =
              m.key.slice(5, 7) === "01" ? yearFmt.format(new Date(dayKeyToUtcMs(m.key))) : monthFmt.format(new Date(dayKeyToUtcMs(m.key)));
            return (
              <text key={m.key} x={LEFT + m.week * STEP} y={11} className="heatmap-label">
                {label}
              </text>
            );
          })}
          {[0, 2, 4].map((d) => (
            <text key={d} x={0} y={TOP + d * STEP + CELL - 2} className="heatmap-label">
              {weekdayFmt.format(new Date(dayKeyToUtcMs(addDays(monday, d))))}
            </text>
          ))}
          {grid.cells
            .filter((c) => c.inRange)
            .map((c) => (
              <rect
                key={c.key}
                x={LEFT + c.week * STEP}
                y={TOP + c.weekday * STEP}
                width={CELL}
                height={CELL}
                rx={2}
                className={`heat-${level(c.count)}`}
                data-day={c.key}
                data-count={c.count}
              >
                <title>{t.user.cellTitle(date(c.key), c.count)}</title>
              </rect>
            ))}
          {outline.length > 0 && (
            <g className="streak-outline" data-testid="longest-streak-outline">
              {outline.map((s, i) => (
                <line
                  key={i}
                  x1={LEFT + s.x1 * STEP - GAP / 2}
                  y1={TOP + s.y1 * STEP - GAP / 2}
                  x2={LEFT + s.x2 * STEP - GAP / 2}
                  y2={TOP + s.y2 * STEP - GAP / 2}
                />
              ))}
            </g>
          )}
        </svg>
      </div>
      <figcaption>
        <p id={`${id}-desc`}>{summary}</p>
        <div className="heatmap-legend" aria-hidden="true">
          <span>{t.user.less}</span>
          {[0, 1, 2, 3, 4].map((l) => (
            <svg key={l} width={CELL} height={CELL}>
              <rect width={CELL} height={CELL} rx={2} className={`heat-${l}`} />
            </svg>
          ))}
          <span>{t.user.more}</span>
          <svg width={CELL + 4} height={CELL + 4} className="legend-outline">
            <rect x={1.5} y={1.5} width={CELL + 1} height={CELL + 1} rx={2} />
          </svg>
          <span>{t.user.longestOutline}</span>
        </div>
      </figcaption>
    </figure>
  );
}
