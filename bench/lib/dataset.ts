/**
 * A deterministic synthetic data set for the benchmarks: a catalogue of achievements with points
 * spread like a real one, users with names unique ignoring case, and awards distinct per
 * (user, achievement) spread over about a year, some users playing daily (streaks of 7+ days).
 *
 * Everything is generated into typed arrays and serialised as PostgreSQL COPY text, so the same
 * data loads into PostgreSQL (pg-copy-streams) and into PGlite (COPY FROM '/dev/blob').
 */
import { foldCase } from "../../src/common/text";

/** sfc32: small, fast, deterministic. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

export interface Translation {
  language: "EN" | "RU";
  name: string;
  description: string;
}

export interface AchievementSpec {
  id: number;
  points: number;
  /** Relative popularity: cheap achievements are earned far more often. */
  weight: number;
  translations: Translation[];
}

export interface TimeZoneSpec {
  name: string;
  /** Nominal offset from UTC in hours (DST moves it by one hour; awards stay inside the local day). */
  offset: number;
}

export const TIME_ZONES: readonly TimeZoneSpec[] = [
  { name: "UTC", offset: 0 },
  { name: "America/New_York", offset: -5 },
  { name: "Europe/Berlin", offset: 1 },
  { name: "Asia/Tokyo", offset: 9 },
  { name: "Europe/Moscow", offset: 3 },
  { name: "Asia/Yekaterinburg", offset: 5 },
];

const EN_ADJ = [
  "Swift",
  "Brave",
  "Silent",
  "Golden",
  "Iron",
  "Lucky",
  "Clever",
  "Wild",
  "Frost",
  "Crimson",
  "Shadow",
  "Bright",
  "Steady",
  "Rapid",
  "Noble",
  "Quiet",
  "Bold",
  "Cosmic",
  "Hidden",
  "Mighty",
];
const EN_NOUN = [
  "Otter",
  "Falcon",
  "Wolf",
  "Comet",
  "Knight",
  "Fox",
  "Raven",
  "Tiger",
  "Pilot",
  "Ranger",
  "Walker",
  "Hunter",
  "Sage",
  "Rider",
  "Scout",
  "Dragon",
  "Badger",
  "Heron",
  "Lynx",
  "Spark",
];
const RU_FIRST = [
  "Иван",
  "Пётр",
  "Анна",
  "Мария",
  "Алексей",
  "Ольга",
  "Дмитрий",
  "Елена",
  "Сергей",
  "Наталья",
  "Юрий",
  "Татьяна",
  "Андрей",
  "Ирина",
  "Михаил",
  "Светлана",
];
const RU_LAST = ["Волков", "Соколова", "Орлов", "Зайцева", "Медведев", "Лисицына", "Ёжиков", "Белова", "Громов", "Щукина"];
const EN_ACH_A = [
  "First",
  "Tireless",
  "Master",
  "Legendary",
  "Hidden",
  "Daily",
  "Night",
  "Speedy",
  "Perfect",
  "Lone",
  "Grand",
  "Secret",
  "Endless",
  "Lucky",
  "Epic",
  "Silent",
  "Golden",
  "Iron",
  "Ancient",
  "Final",
];
const EN_ACH_B = [
  "Steps",
  "Explorer",
  "Collector",
  "Champion",
  "Runner",
  "Builder",
  "Survivor",
  "Strategist",
  "Hero",
  "Wanderer",
  "Marksman",
  "Scholar",
  "Merchant",
  "Guardian",
  "Voyager",
  "Tamer",
  "Crafter",
  "Seeker",
  "Pioneer",
  "Veteran",
];
const RU_ACH_A = [
  "Первые",
  "Неутомимый",
  "Мастер",
  "Легендарный",
  "Тайный",
  "Ежедневный",
  "Ночной",
  "Быстрый",
  "Безупречный",
  "Одинокий",
  "Великий",
  "Секретный",
  "Бесконечный",
  "Счастливый",
  "Эпический",
  "Тихий",
  "Золотой",
  "Железный",
  "Древний",
  "Последний",
];
const RU_ACH_B = [
  "шаги",
  "исследователь",
  "коллекционер",
  "чемпион",
  "бегун",
  "строитель",
  "выживший",
  "стратег",
  "герой",
  "странник",
  "стрелок",
  "учёный",
  "торговец",
  "страж",
  "путешественник",
  "укротитель",
  "мастеровой",
  "искатель",
  "первопроходец",
  "ветеран",
];

const COMMON_POINTS = [5, 10, 10, 15, 20, 25, 25, 30, 40, 50];
const RARE_POINTS = [100, 150, 200, 250, 300, 500, 750, 1000];
const EPIC_POINTS = [5000, 7500, 10000, 20000];

/** 75 % worth 5–50 points, 20 % worth 100–1000, 5 % worth 5000+; popularity falls with points. */
export function catalogue(n: number, rng: Rng): AchievementSpec[] {
  const names = new Set<number>();
  const out: AchievementSpec[] = [];
  for (let i = 0; i < n; i++) {
    const r = i / n;
    const points = r < 0.75 ? rng.pick(COMMON_POINTS) : r < 0.95 ? rng.pick(RARE_POINTS) : rng.pick(EPIC_POINTS);
    const weight = Math.pow(points, -0.7) * (0.3 + 1.4 * rng.next());
    // A distinct (adjective, noun) pair per achievement; past 400 a number keeps names distinct.
    let combo = rng.int(400);
    while (names.has(combo) && names.size < 400) combo = rng.int(400);
    names.add(combo);
    const suffix = i >= 400 ? ` ${i + 1}` : "";
    const en: Translation = {
      language: "EN",
      name: `${EN_ACH_A[combo % 20]} ${EN_ACH_B[Math.floor(combo / 20)]}${suffix}`,
      description: `Worth ${points} points. Benchmark achievement number ${i + 1}.`,
    };
    const ru: Translation = {
      language: "RU",
      name: `${RU_ACH_A[combo % 20]} ${RU_ACH_B[Math.floor(combo / 20)]}${suffix}`,
      description: `Стоит ${points} очков. Достижение для замеров № ${i + 1}.`,
    };
    const t = rng.next();
    out.push({ id: i + 1, points, weight, translations: t < 0.1 ? [en] : t < 0.15 ? [ru] : [en, ru] });
  }
  return out;
}

export interface UserTable {
  count: number;
  /** index into TIME_ZONES per user (index 0 = user id 1) */
  tz: Uint8Array;
  /** 0 = EN, 1 = RU */
  lang: Uint8Array;
}

export function userName(id: number, lang: number, rng: Rng): string {
  if (lang === 1 && rng.next() < 0.6) return `${rng.pick(RU_FIRST)} ${rng.pick(RU_LAST)} ${id}`;
  return `${rng.pick(EN_ADJ)}${rng.pick(EN_NOUN)}${id}`;
}

export function makeUsers(count: number, rng: Rng): UserTable {
  const tz = new Uint8Array(count);
  const lang = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const ru = rng.next() < 0.3;
    lang[i] = ru ? 1 : 0;
    const r = rng.next();
    tz[i] = ru ? (r < 0.8 ? 4 : 5) : r < 0.3 ? 0 : r < 0.6 ? 1 : r < 0.85 ? 2 : 3;
  }
  return { count, tz, lang };
}

/** Users rows in COPY text format (id, name, name_key, language, time_zone, created_at), in chunks. */
export function* userCopyChunks(users: UserTable, seed: number, windowStartMs: number, chunkRows = 4000): Generator<string> {
  const rng = new Rng(seed ^ 0x5eed);
  let buf = "";
  let n = 0;
  for (let i = 0; i < users.count; i++) {
    const id = i + 1;
    const name = userName(id, users.lang[i]!, rng);
    const created = new Date(windowStartMs - rng.int(400 * 86_400_000)).toISOString();
    buf += `${id}\t${name}\t${foldCase(name)}\t${users.lang[i] ? "RU" : "EN"}\t${TIME_ZONES[users.tz[i]!]!.name}\t${created}\n`;
    if (++n === chunkRows) {
      yield buf;
      buf = "";
      n = 0;
    }
  }
  if (buf) yield buf;
}

export interface AwardTable {
  count: number;
  user: Int32Array;
  achievement: Uint16Array;
  /** awarded_at, epoch milliseconds */
  at: Float64Array;
}

export interface AwardOptions {
  awards: number;
  /** The window of award times: [end − 365 days, end]. */
  endMs: number;
}

const DAY = 86_400_000;
const DAYS = 365;

/**
 * Per-user award counts: 8 % of users have none, 0.1 % hold every achievement, the rest a
 * geometric-like count (most a handful, a long tail) scaled so that the total is exact.
 */
function awardCounts(users: number, total: number, nAch: number, rng: Rng): Uint16Array {
  const counts = new Uint16Array(users);
  const completionists = Math.max(1, Math.floor(users * 0.001));
  let fixed = 0;
  const active: number[] = [];
  for (let i = 0; i < users; i++) {
    const r = rng.next();
    if (i % 1000 === 999 || (i < completionists && users < 1000)) {
      counts[i] = nAch;
      fixed += nAch;
    } else if (r < 0.08) counts[i] = 0;
    else active.push(i);
  }
  if (fixed > total) throw new Error(`too few awards (${total}) for ${users} users: completionists alone need ${fixed}`);
  const mean = (total - fixed) / Math.max(1, active.length);
  if (mean > nAch - 1) throw new Error(`too many awards: ${mean.toFixed(1)} per active user of at most ${nAch - 1}`);
  // Geometric with mean `mean` and minimum 1.
  const q = 1 - 1 / mean;
  let sum = fixed;
  for (const i of active) {
    const k = mean <= 1 ? 1 : 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(q));
    counts[i] = Math.min(nAch - 1, k);
    sum += counts[i]!;
  }
  // Adjust to the exact total, one award at a time on random active users.
  while (sum !== total) {
    const i = active[rng.int(active.length)]!;
    if (sum < total && counts[i]! < nAch - 1) {
      counts[i]!++;
      sum++;
    } else if (sum > total && counts[i]! > 1) {
      counts[i]!--;
      sum--;
    }
  }
  return counts;
}

/** k distinct achievement indexes (0-based), weighted by popularity. */
function pickDistinct(
  k: number,
  cumulative: Float64Array,
  weights: Float64Array,
  stamp: Uint32Array,
  gen: number,
  rng: Rng,
  out: Uint16Array,
): void {
  const n = weights.length;
  if (k >= n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return;
  }
  if (k <= n / 3) {
    const total = cumulative[n - 1]!;
    let got = 0;
    while (got < k) {
      const x = rng.next() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      if (stamp[lo] !== gen) {
        stamp[lo] = gen;
        out[got++] = lo;
      }
    }
    return;
  }
  // Weighted sampling without replacement (Efraimidis–Spirakis): the k largest log(u)/w.
  const keys: { i: number; key: number }[] = [];
  for (let i = 0; i < n; i++) keys.push({ i, key: Math.log(rng.next() || 1e-300) / weights[i]! });
  keys.sort((a, b) => b.key - a.key);
  for (let j = 0; j < k; j++) out[j] = keys[j]!.i;
}

/**
 * Generates every award, then orders them by hour (a counting sort), so ids follow time as in a
 * real service and a user's awards are spread over the table.
 */
export function makeAwards(users: UserTable, ach: readonly AchievementSpec[], opts: AwardOptions, rng: Rng): AwardTable {
  const nAch = ach.length;
  const counts = awardCounts(users.count, opts.awards, nAch, rng);
  const weights = new Float64Array(ach.map((a) => a.weight));
  const cumulative = new Float64Array(nAch);
  let acc = 0;
  for (let i = 0; i < nAch; i++) cumulative[i] = acc += weights[i]!;
  const stamp = new Uint32Array(nAch);
  const picked = new Uint16Array(nAch);

  const total = opts.awards;
  const tUser = new Int32Array(total);
  const tAch = new Uint16Array(total);
  const tAt = new Float64Array(total);
  const endMs = opts.endMs;
  const firstDay = Math.floor(endMs / DAY) - (DAYS - 1);
  let pos = 0;
  for (let i = 0; i < users.count; i++) {
    const k = counts[i]!;
    if (k === 0) continue;
    pickDistinct(k, cumulative, weights, stamp, i + 1, rng, picked);
    const offset = TIME_ZONES[users.tz[i]!]!.offset;
    // 30 % play daily for a stretch (consecutive local days, sometimes several awards a day).
    const daily = rng.next() < 0.3 && k > 1;
    let f = 0.35 + 0.65 * rng.next();
    if (daily && (k - 1) * f > DAYS - 1) f = (DAYS - 1) / (k - 1);
    const span = daily ? Math.floor((k - 1) * f) + 1 : 0;
    const start = daily ? rng.int(DAYS - span + 1) : 0;
    for (let j = 0; j < k; j++) {
      const day = daily ? start + Math.floor(j * f) : rng.int(DAYS);
      // Local 09:00–22:00 on that calendar day, written in UTC.
      const localMs = 9 * 3_600_000 + rng.int(13 * 3_600_000);
      let at = (firstDay + day) * DAY + localMs - offset * 3_600_000;
      if (at > endMs) at = endMs - rng.int(3_600_000);
      tUser[pos] = i + 1;
      tAch[pos] = ach[picked[j]!]!.id;
      tAt[pos] = at;
      pos++;
    }
  }
  if (pos !== total) throw new Error(`generated ${pos} awards, expected ${total}`);

  // Counting sort by hour since the window's start.
  const base = (firstDay - 1) * DAY;
  const hours = (DAYS + 2) * 24;
  const bucketStart = new Uint32Array(hours + 1);
  const bucketOf = new Uint16Array(total);
  for (let p = 0; p < total; p++) {
    const h = Math.min(hours - 1, Math.max(0, Math.floor((tAt[p]! - base) / 3_600_000)));
    bucketOf[p] = h;
    bucketStart[h + 1]!++;
  }
  for (let h = 0; h < hours; h++) bucketStart[h + 1]! += bucketStart[h]!;
  const user = new Int32Array(total);
  const achievement = new Uint16Array(total);
  const at = new Float64Array(total);
  for (let p = 0; p < total; p++) {
    const q = bucketStart[bucketOf[p]!]!++;
    user[q] = tUser[p]!;
    achievement[q] = tAch[p]!;
    at[q] = tAt[p]!;
  }
  return { count: total, user, achievement, at };
}

/** Awards rows in COPY text format (id, user_id, achievement_id, awarded_at), ids in time order. */
export function* awardCopyChunks(awards: AwardTable, from = 0, to = awards.count, chunkRows = 8000): Generator<string> {
  let buf = "";
  let n = 0;
  for (let p = from; p < to; p++) {
    buf += `${p + 1}\t${awards.user[p]}\t${awards.achievement[p]}\t${new Date(awards.at[p]!).toISOString()}\n`;
    if (++n === chunkRows) {
      yield buf;
      buf = "";
      n = 0;
    }
  }
  if (buf) yield buf;
}
