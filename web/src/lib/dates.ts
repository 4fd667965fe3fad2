// Calendar arithmetic on "YYYY-MM-DD" day keys, and instants placed in a time zone.

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date ("YYYY-MM-DD") of an instant in an IANA time zone. */
export function dayKeyInZone(instant: string | Date, timeZone: string): string {
  let fmt = dayFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      calendar: "gregory",
      numberingSystem: "latn",
    });
    dayFormatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(typeof instant === "string" ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year").padStart(4, "0")}-${get("month")}-${get("day")}`;
}

const DAY_MS = 86_400_000;

export function dayKeyToUtcMs(key: string): number {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

export function utcMsToDayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(key: string, days: number): string {
  return utcMsToDayKey(dayKeyToUtcMs(key) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dayKeyToUtcMs(to) - dayKeyToUtcMs(from)) / DAY_MS);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayMondayFirst(key: string): number {
  return (new Date(dayKeyToUtcMs(key)).getUTCDay() + 6) % 7;
}

export interface Run {
  start: string;
  end: string;
  days: number;
}

/** Maximal runs of consecutive days among the given day keys, in date order. */
export function runsOfDays(keys: Iterable<string>): Run[] {
  const sorted = [...new Set(keys)].sort();
  const runs: Run[] = [];
  for (const k of sorted) {
    const last = runs[runs.length - 1];
    if (last && addDays(last.end, 1) === k) {
      last.end = k;
      last.days++;
    } else {
      runs.push({ start: k, end: k, days: 1 });
    }
  }
  return runs;
}

/** The longest run; the latest one when two are equally long (as the service does). */
export function longestRun(keys: Iterable<string>): Run | null {
  let best: Run | null = null;
  for (const r of runsOfDays(keys)) if (!best || r.days >= best.days) best = r;
  return best;
}

export interface CalendarCell {
  key: string;
  week: number;
  weekday: number;
  count: number;
  inRange: boolean;
}

export interface CalendarGrid {
  start: string;
  end: string;
  weeks: number;
  cells: CalendarCell[];
  /** First column of each month that starts inside the grid. */
  monthStarts: { week: number; key: string }[];
}

/**
 * A GitHub-style grid: one column per week (Monday first), one row per weekday,
 * from the Monday on or before `from` to `to`. At least `minWeeks` columns.
 */
export function buildCalendar(counts: ReadonlyMap<string, number>, from: string, to: string, minWeeks = 53): CalendarGrid {
  let first = from <= to ? from : to;
  const earliest = addDays(to, -(minWeeks * 7 - 1));
  if (earliest < first) first = earliest;
  const start = addDays(first, -weekdayMondayFirst(first));
  const total = daysBetween(start, to) + 1;
  const weeks = Math.ceil(total / 7);
  const cells: CalendarCell[] = [];
  const monthStarts: { week: number; key: string }[] = [];
  for (let i = 0; i < weeks * 7; i++) {
    const key = addDays(start, i);
    const week = Math.floor(i / 7);
    const weekday = i % 7;
    const inRange = key <= to;
    cells.push({ key, week, weekday, count: counts.get(key) ?? 0, inRange });
    if (key.endsWith("-01") && inRange) monthStarts.push({ week, key });
  }
  return { start, end: to, weeks, cells, monthStarts };
}

/**
 * Edges (in grid units) around a set of cells: for each cell, the sides whose
 * neighbour is not in the set. Drawn together they outline the set.
 */
export function outlineSegments(cells: readonly { week: number; weekday: number }[]): { x1: number; y1: number; x2: number; y2: number }[] {
  const inSet = new Set(cells.map((c) => `${c.week}:${c.weekday}`));
  const has = (w: number, d: number) => inSet.has(`${w}:${d}`);
  const segs: { x1: number; y1: number; x2: number; y2: number }[] = [];
  for (const { week: w, weekday: d } of cells) {
    if (!has(w, d - 1)) segs.push({ x1: w, y1: d, x2: w + 1, y2: d });
    if (!has(w, d + 1)) segs.push({ x1: w, y1: d + 1, x2: w + 1, y2: d + 1 });
    if (!has(w - 1, d)) segs.push({ x1: w, y1: d, x2: w, y2: d + 1 });
    if (!has(w + 1, d)) segs.push({ x1: w + 1, y1: d, x2: w + 1, y2: d + 1 });
  }
  return segs;
}

/** "+03:00" for a Date in the browser's own zone. */
export function localOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * Turns the value of an <input type="datetime-local"> ("2026-11-26T14:05" or with
 * seconds) into an ISO instant with the browser's offset, "2026-11-26T14:05:00+03:00".
 */
export function localInputToIsoWithOffset(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? "0"));
  if (Number.isNaN(date.getTime())) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${localOffset(date)}`;
}
