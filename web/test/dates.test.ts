import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addDays,
  buildCalendar,
  dayKeyInZone,
  localInputToIsoWithOffset,
  longestRun,
  outlineSegments,
  runsOfDays,
  weekdayMondayFirst,
} from "../src/lib/dates.js";

test("an instant falls on the calendar day of the user's zone", () => {
  const instant = "2026-11-26T22:30:00.000Z";
  assert.equal(dayKeyInZone(instant, "UTC"), "2026-11-26");
  assert.equal(dayKeyInZone(instant, "Europe/Moscow"), "2026-11-27");
  assert.equal(dayKeyInZone(instant, "America/Los_Angeles"), "2026-11-26");
  assert.equal(dayKeyInZone("2026-01-01T05:00:00Z", "America/New_York"), "2026-01-01");
  assert.equal(dayKeyInZone("2026-01-01T04:59:59Z", "America/New_York"), "2025-12-31");
  assert.equal(dayKeyInZone("2026-03-01T11:00:00Z", "Pacific/Kiritimati"), "2026-03-02");
});

test("day arithmetic crosses months, leap days and years", () => {
  assert.equal(addDays("2024-02-28", 1), "2024-02-29");
  assert.equal(addDays("2024-02-29", 1), "2024-03-01");
  assert.equal(addDays("2025-12-31", 1), "2026-01-01");
  assert.equal(addDays("2026-01-01", -1), "2025-12-31");
  assert.equal(weekdayMondayFirst("2026-11-23"), 0); // a Monday
  assert.equal(weekdayMondayFirst("2026-11-29"), 6); // a Sunday
});

test("runs and the longest run (the latest of equals)", () => {
  const days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-02"];
  assert.deepEqual(runsOfDays(days), [
    { start: "2026-01-01", end: "2026-01-03", days: 3 },
    { start: "2026-01-05", end: "2026-01-07", days: 3 },
  ]);
  assert.deepEqual(longestRun(days), { start: "2026-01-05", end: "2026-01-07", days: 3 });
  assert.equal(longestRun([]), null);
  assert.deepEqual(longestRun(["2025-12-31", "2026-01-01"]), { start: "2025-12-31", end: "2026-01-01", days: 2 });
});

test("the calendar starts on a Monday and holds every day up to the end", () => {
  const counts = new Map([["2026-11-26", 2]]);
  const g = buildCalendar(counts, "2026-11-26", "2026-11-26", 53);
  assert.equal(weekdayMondayFirst(g.start), 0);
  const inRange = g.cells.filter((c) => c.inRange);
  assert.equal(inRange[inRange.length - 1]!.key, "2026-11-26");
  assert.ok(g.weeks >= 53 && g.weeks <= 54);
  const cell = g.cells.find((c) => c.key === "2026-11-26")!;
  assert.equal(cell.count, 2);
  assert.equal(cell.weekday, 3); // Thursday
  assert.ok(g.monthStarts.some((m) => m.key === "2026-11-01"));
  const long = buildCalendar(new Map(), "2020-01-01", "2026-11-26", 53);
  assert.ok(long.weeks > 300);
});

test("the outline of a run has no inner edges", () => {
  // two cells stacked in one week: 6 outer edges
  assert.equal(
    outlineSegments([
      { week: 0, weekday: 0 },
      { week: 0, weekday: 1 },
    ]).length,
    6,
  );
  // one cell: 4 edges
  assert.equal(outlineSegments([{ week: 2, weekday: 3 }]).length, 4);
});

test("datetime-local values get the browser's offset", () => {
  const iso = localInputToIsoWithOffset("2026-11-26T14:05");
  assert.ok(iso);
  assert.match(iso, /^2026-11-26T14:05:00[+-]\d{2}:\d{2}$/);
  const d = new Date(2026, 10, 26, 14, 5, 0);
  assert.equal(Date.parse(iso), d.getTime());
  assert.equal(localInputToIsoWithOffset("2026-11-26T14:05:09")?.slice(0, 19), "2026-11-26T14:05:09");
  assert.equal(localInputToIsoWithOffset("nonsense"), null);
});
