import {
  demoAchievements,
  demoAwards,
  demoRevocations,
  demoUsers,
  localDate,
  type DemoAward,
  type DemoText,
} from "../../src/demo/demo-data";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Case-insensitive comparison key, as the service uses it. */
const foldCase = (s: string): string => s.toUpperCase().toLowerCase();
const hasControlChars = (s: string): boolean => /\p{Cc}/u.test(s);
const charCount = (s: string): number => [...s].length;

/** Longest run of consecutive calendar days among YYYY-MM-DD strings. */
function longestStreak(dates: readonly string[]): number {
  const days = [...new Set(dates)].map((d) => Date.parse(`${d}T00:00:00Z`) / DAY_MS).sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  let previous: number | undefined;
  for (const day of days) {
    run = previous !== undefined && day === previous + 1 ? run + 1 : 1;
    best = Math.max(best, run);
    previous = day;
  }
  return best;
}

interface UserStats {
  count: number;
  points: number;
  localStreak: number;
  utcStreak: number;
}

const pointsByKey = new Map(demoAchievements.map((a) => [a.key, a.points]));
const zoneByUser = new Map(demoUsers.map((u) => [u.name, u.timeZone]));

function statsByUser(awards: readonly DemoAward[]): Map<string, UserStats> {
  const stats = new Map<string, UserStats>();
  for (const user of demoUsers) {
    const mine = awards.filter((a) => a.user === user.name);
    stats.set(user.name, {
      count: mine.length,
      points: mine.reduce((sum, a) => sum + (pointsByKey.get(a.achievement) ?? Number.NaN), 0),
      localStreak: longestStreak(mine.map((a) => localDate(a.awardedAt, user.timeZone))),
      utcStreak: longestStreak(mine.map((a) => a.awardedAt.toISOString().slice(0, 10))),
    });
  }
  return stats;
}

function usersWith(stats: Map<string, UserStats>, pick: (s: UserStats) => boolean): string[] {
  return [...stats]
    .filter(([, s]) => pick(s))
    .map(([name]) => name)
    .sort();
}

function maxOf(stats: Map<string, UserStats>, field: "count" | "points"): number {
  return Math.max(...[...stats.values()].map((s) => s[field]));
}

/** A spread of "now" values: DST switches in both hemispheres, midnights, odd milliseconds. */
const NOWS: readonly Date[] = [
  new Date("2025-06-15T12:00:00Z"),
  new Date("2024-03-10T10:00:00Z"), // US spring forward
  new Date("2024-03-31T00:59:59.999Z"), // EU spring forward
  new Date("2024-04-07T16:00:00Z"), // Sydney autumn back
  new Date("2024-10-06T16:00:00Z"), // Sydney spring forward
  new Date("2024-10-27T01:30:00Z"), // EU autumn back
  new Date("2024-11-03T09:00:00Z"), // US autumn back
  new Date("2024-12-31T21:00:00Z"), // Moscow midnight, New Year
  new Date("2025-01-01T00:00:00.000Z"),
  new Date("2025-02-28T23:59:59.123Z"),
  new Date("2030-08-08T08:08:08.808Z"),
  ...Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2025, 0, 3) + i * 16 * DAY_MS + i * 3_599_000)),
];

/** Users with a 7+ day streak of local calendar days (sorted). */
const STREAKERS: readonly string[] = [
  "Emily Carter",
  "Hiroshi Tanaka",
  "Liam Walker",
  "Olivia Brown",
  "Дмитрий Кузнецов",
  "Пётр Иванов",
].sort();

describe("demo achievements", () => {
  const texts = (lang: "en" | "ru"): DemoText[] => demoAchievements.flatMap((a) => (a[lang] === undefined ? [] : [a[lang]]));

  it("has at least 44 achievements with unique kebab-case keys", () => {
    expect(demoAchievements.length).toBeGreaterThanOrEqual(44);
    const keys = demoAchievements.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("gives integer points between 1 and 100000, mostly 5–200 with a few big ones", () => {
    for (const a of demoAchievements) {
      expect(Number.isInteger(a.points)).toBe(true);
      expect(a.points).toBeGreaterThanOrEqual(1);
      expect(a.points).toBeLessThanOrEqual(100000);
    }
    const ordinary = demoAchievements.filter((a) => a.points >= 5 && a.points <= 200).length;
    expect(ordinary / demoAchievements.length).toBeGreaterThan(0.6);
    const big = demoAchievements.filter((a) => a.points >= 500).length;
    expect(big).toBeGreaterThanOrEqual(3);
    expect(big).toBeLessThanOrEqual(10);
  });

  it("has text in at least one language; exactly two English-only and one Russian-only", () => {
    for (const a of demoAchievements) expect(a.en !== undefined || a.ru !== undefined).toBe(true);
    const enOnly = demoAchievements.filter((a) => a.en !== undefined && a.ru === undefined);
    const ruOnly = demoAchievements.filter((a) => a.ru !== undefined && a.en === undefined);
    expect(enOnly).toHaveLength(2);
    expect(ruOnly).toHaveLength(1);
  });

  it.each(["en", "ru"] as const)("has well-formed %s names and descriptions", (lang) => {
    for (const t of texts(lang)) {
      for (const s of [t.name, t.description]) {
        expect(s).toBe(s.trim());
        expect(s.length).toBeGreaterThan(0);
        expect(hasControlChars(s)).toBe(false);
      }
      expect(charCount(t.name)).toBeLessThanOrEqual(100);
      expect(t.name.length).toBeLessThanOrEqual(100);
      expect(charCount(t.description)).toBeLessThanOrEqual(500);
      expect(t.description.length).toBeLessThanOrEqual(500);
    }
  });

  it.each(["en", "ru"] as const)("has %s names unique ignoring case", (lang) => {
    const names = texts(lang).map((t) => foldCase(t.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it("writes Russian texts in Cyrillic and English texts in Latin, never copying one into the other", () => {
    for (const a of demoAchievements) {
      if (a.ru !== undefined) expect(a.ru.description).toMatch(/[а-яё]/i);
      if (a.en !== undefined) expect(a.en.description).toMatch(/[a-z]/i);
      if (a.en !== undefined && a.ru !== undefined) {
        expect(a.en.name).not.toBe(a.ru.name);
        expect(a.en.description).not.toBe(a.ru.description);
      }
    }
  });
});

describe("demo users", () => {
  it("has 30–32 users with unique names ignoring case, 1–64 characters", () => {
    expect(demoUsers.length).toBeGreaterThanOrEqual(30);
    expect(demoUsers.length).toBeLessThanOrEqual(32);
    for (const u of demoUsers) {
      expect(u.name).toBe(u.name.trim());
      expect(charCount(u.name)).toBeGreaterThanOrEqual(1);
      expect(u.name.length).toBeLessThanOrEqual(64);
      expect(hasControlChars(u.name)).toBe(false);
    }
    const folded = demoUsers.map((u) => foldCase(u.name));
    expect(new Set(folded).size).toBe(folded.length);
  });

  it("mixes Russian (Cyrillic), English and international names, roughly half per language", () => {
    expect(demoUsers.filter((u) => /[а-яё]/i.test(u.name)).length).toBeGreaterThanOrEqual(8);
    expect(demoUsers.filter((u) => /^[A-Za-z' -]+$/.test(u.name)).length).toBeGreaterThanOrEqual(8);
    const ru = demoUsers.filter((u) => u.language === "RU").length;
    const en = demoUsers.filter((u) => u.language === "EN").length;
    expect(ru + en).toBe(demoUsers.length);
    expect(Math.abs(ru - en)).toBeLessThanOrEqual(4);
  });

  it("uses several valid IANA time zones", () => {
    for (const u of demoUsers) {
      expect(() => new Intl.DateTimeFormat("en-US", { timeZone: u.timeZone })).not.toThrow();
    }
    const zones = new Set(demoUsers.map((u) => u.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(8);
    for (const z of ["Europe/Moscow", "UTC", "America/New_York", "Asia/Tokyo", "America/Los_Angeles", "Australia/Sydney"]) {
      expect(zones).toContain(z);
    }
  });
});

describe("localDate", () => {
  it("gives the calendar date in the requested zone", () => {
    expect(localDate(new Date("2024-12-31T15:00:00Z"), "Asia/Tokyo")).toBe("2025-01-01");
    expect(localDate(new Date("2024-12-31T15:00:00Z"), "UTC")).toBe("2024-12-31");
    expect(localDate(new Date("2024-03-10T07:30:00Z"), "America/New_York")).toBe("2024-03-10");
    expect(localDate(new Date("2024-03-10T04:59:00Z"), "America/New_York")).toBe("2024-03-09");
    expect(localDate(new Date("2024-06-30T20:59:59Z"), "Europe/Moscow")).toBe("2024-06-30");
    expect(localDate(new Date("2024-06-30T21:00:00Z"), "Europe/Moscow")).toBe("2024-07-01");
  });
});

describe("demo awards", () => {
  const now = new Date("2025-06-15T12:34:56.789Z");
  const awards = demoAwards(now);
  const stats = statsByUser(awards);

  it("is deterministic", () => {
    expect(demoAwards(now)).toEqual(awards);
    expect(demoAwards(new Date(now.getTime()))).toEqual(demoAwards(now));
  });

  it("awards the same achievements to the same users whatever `now` is", () => {
    const pairs = (list: readonly DemoAward[]): string[] => list.map((a) => `${a.user}\u0000${a.achievement}`).sort();
    for (const other of NOWS) expect(pairs(demoAwards(other))).toEqual(pairs(awards));
  });

  it.each(NOWS.map((n) => [n.toISOString(), n] as const))("is well-formed for now = %s", (_, at) => {
    const list = demoAwards(at);
    const seen = new Set<string>();
    for (const a of list) {
      expect(zoneByUser.has(a.user)).toBe(true);
      expect(pointsByKey.has(a.achievement)).toBe(true);
      expect(a.awardedAt).toBeInstanceOf(Date);
      expect(Number.isNaN(a.awardedAt.getTime())).toBe(false);
      expect(a.awardedAt.getTime()).toBeLessThan(at.getTime());
      expect(a.awardedAt.getTime()).toBeGreaterThan(at.getTime() - 70 * DAY_MS);
      const pair = `${a.user}\u0000${a.achievement}`;
      expect(seen.has(pair)).toBe(false);
      seen.add(pair);
    }
    const s = statsByUser(list);
    expect(usersWith(s, (u) => u.localStreak >= 7)).toEqual(STREAKERS);
    expect(s.get("Liam Walker")?.utcStreak).toBeLessThan(7);
    expect(s.get("Наталья Козлова")?.utcStreak).toBeGreaterThanOrEqual(7);
    expect(s.get("Наталья Козлова")?.localStreak).toBeLessThan(7);
  });

  it("spreads the history over about eight weeks, with a few hundred awards", () => {
    expect(awards.length).toBeGreaterThanOrEqual(200);
    const times = awards.map((a) => a.awardedAt.getTime());
    expect(now.getTime() - Math.min(...times)).toBeGreaterThan(7 * 7 * DAY_MS);
    expect(now.getTime() - Math.max(...times)).toBeLessThan(2 * DAY_MS);
  });

  it("never gives a user more awards than there are achievements", () => {
    for (const s of stats.values()) expect(s.count).toBeLessThanOrEqual(demoAchievements.length);
  });

  it("has 2–3 users without awards", () => {
    const idle = usersWith(stats, (s) => s.count === 0);
    expect(idle.length).toBeGreaterThanOrEqual(2);
    expect(idle.length).toBeLessThanOrEqual(3);
  });

  it("has exactly two users tied for the most achievements", () => {
    const top = maxOf(stats, "count");
    expect(usersWith(stats, (s) => s.count === top)).toEqual(["Sophie Müller", "Дмитрий Кузнецов"].sort());
  });

  it("has exactly two users tied for the most points, and they are not the most prolific ones", () => {
    const top = maxOf(stats, "points");
    expect(usersWith(stats, (s) => s.points === top)).toEqual(["Hiroshi Tanaka", "Екатерина Лебедева"].sort());
    const mostAwards = maxOf(stats, "count");
    for (const name of ["Hiroshi Tanaka", "Екатерина Лебедева"]) {
      expect(stats.get(name)?.count).toBeLessThan(mostAwards);
    }
  });

  it("has a pair of awarded users with equal points and a pair exactly one point apart", () => {
    const points = (name: string): number | undefined => stats.get(name)?.points;
    expect(points("Ольга Петрова")).toBeGreaterThan(0);
    expect(points("Ольга Петрова")).toBe(points("James O'Connor"));
    expect(points("Сергей Волков")).toBe((points("Priya Sharma") ?? Number.NaN) + 1);

    // The same facts, found without knowing the names.
    const awarded = [...stats.values()].filter((s) => s.count > 0).map((s) => s.points);
    const gaps = awarded.flatMap((p, i) => awarded.slice(i + 1).map((q) => Math.abs(p - q)));
    expect(gaps).toContain(0);
    expect(gaps).toContain(1);
  });

  it("has at least four users with a 7+ day streak in their own time zone", () => {
    const streakers = usersWith(stats, (s) => s.localStreak >= 7);
    expect(streakers.length).toBeGreaterThanOrEqual(4);
    expect(streakers).toEqual(STREAKERS);
    expect(stats.get("Пётр Иванов")?.localStreak).toBe(14);
    expect(stats.get("Дмитрий Кузнецов")?.localStreak).toBe(21);
    expect(stats.get("Emily Carter")?.localStreak).toBe(10);
    expect(stats.get("Hiroshi Tanaka")?.localStreak).toBe(8);
    expect(stats.get("Olivia Brown")?.localStreak).toBe(7);
    expect(stats.get("Liam Walker")?.localStreak).toBe(7);
    expect(stats.get("Ethan Clarke")?.localStreak).toBe(6);
  });

  it("has a streak that exists only in the user's own time zone, and one that exists only in UTC", () => {
    const localOnly = usersWith(stats, (s) => s.localStreak >= 7 && s.utcStreak < 7);
    expect(localOnly).toContain("Liam Walker");
    const utcOnly = usersWith(stats, (s) => s.localStreak < 7 && s.utcStreak >= 7);
    expect(utcOnly).toEqual(["Наталья Козлова"]);
  });

  it("places ordinary streak awards at local day-time hours", () => {
    for (const name of ["Пётр Иванов", "Дмитрий Кузнецов", "Emily Carter", "Hiroshi Tanaka", "Olivia Brown"]) {
      const timeZone = zoneByUser.get(name) ?? "UTC";
      const hour = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" });
      for (const a of awards.filter((x) => x.user === name)) {
        const h = Number(hour.format(a.awardedAt));
        expect(h).toBeGreaterThanOrEqual(9);
        expect(h).toBeLessThanOrEqual(21);
      }
    }
  });
});

describe("demo revocation", () => {
  it.each(NOWS.map((n) => [n.toISOString(), n] as const))(
    "names a user and an achievement the user does not hold otherwise (now = %s)",
    (_, at) => {
      const revocations = demoRevocations(at);
      expect(revocations).toHaveLength(1);
      for (const r of revocations) {
        expect(demoUsers.some((u) => u.name === r.user)).toBe(true);
        expect(demoAchievements.some((a) => a.key === r.achievement)).toBe(true);
        expect(demoAwards(at).some((a) => a.user === r.user && a.achievement === r.achievement)).toBe(false);
        expect(r.awardedAt.getTime()).toBeLessThan(r.revokedAt.getTime());
        expect(r.revokedAt.getTime()).toBeLessThan(at.getTime());
        expect(charCount(r.reason)).toBeGreaterThan(0);
        expect(charCount(r.reason)).toBeLessThanOrEqual(500);
      }
    },
  );
});
