/**
 * Loads the data set of bench/generate.ts through the API, as a studio importing its history
 * would: the achievements with createAchievement, the users with createUser, and every award
 * (backdated, `awardedAt`) with awardAchievements batches. Same arguments, same RNG and so the
 * same catalogue, users (names, languages, time zones) and awards as generate.ts; only the ids
 * are the server's and the users' creation times are the load's.
 *
 *   node dist/bench/load-api.js --url http://127.0.0.1:4000/graphql --key <admin secret> \
 *     --users 10000 --achievements 50 --awards 200000 [--seed 42] [--end ISO-TIME] \
 *     [--batch 1000] [--clients 4] [--user-clients 16] [--out FILE]
 *
 * Prints (and writes with --out) the time each part took and the awards per second of the
 * batches. A batch answered TIMEOUT or SERVICE_UNAVAILABLE is sent again (awards are idempotent:
 * what the first attempt applied answers `created: false`), at most --retries times (default 5);
 * any item's error fails the load: a data set loaded through the API has every award.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import { GqlClient } from "./lib/http";
import { Rng, TIME_ZONES, catalogue, makeAwards, makeUsers, userName } from "./lib/dataset";
import { num, parseArgs, secondsSince } from "./lib/sql";

const DAY = 86_400_000;
const CREATE_ACHIEVEMENT = `mutation A($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`;
const CREATE_USER = `mutation U($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const BATCH = `mutation B($inputs: [AwardAchievementInput!]!) { awardAchievements(inputs: $inputs) { index result { created } error { code message } } }`;

/** Runs `work(i)` for i in [0, n) with at most `clients` at once. */
async function pool(n: number, clients: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(clients, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const url = args.url ?? "http://127.0.0.1:4000/graphql";
  if (!args.key) throw new Error("--key: an admin API key of the server");
  const users = num(args, "users", 10_000);
  const awards = num(args, "awards", 100_000);
  const nAch = num(args, "achievements", 200);
  const seed = num(args, "seed", 42);
  const batch = num(args, "batch", 1000);
  const clients = num(args, "clients", 4);
  const userClients = num(args, "user-clients", 16);
  const endMs = args.end ? Date.parse(args.end) : Date.now() - 3_600_000;
  if (!Number.isFinite(endMs)) throw new Error("--end must be an ISO date-time");
  const log = (msg: string) => process.stdout.write(`[load-api] ${msg}\n`);
  const client = new GqlClient(url, Math.max(clients, userClients), { authorization: `Bearer ${args.key}` });
  const retries = num(args, "retries", 5);
  let retried = 0;
  const ok = async (query: string, variables: Record<string, unknown>) => {
    for (let attempt = 0; ; attempt++) {
      const r = await client.request(query, variables);
      if (r.status === 200 && !r.body.errors) return r.body.data!;
      const code = r.body.errors?.[0]?.extensions?.code;
      if (attempt < retries && (code === "TIMEOUT" || code === "SERVICE_UNAVAILABLE")) {
        retried++;
        continue;
      }
      throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body.errors)}`);
    }
  };

  // The same draws, in the same order, as generate.ts.
  const rng = new Rng(seed);
  const ach = catalogue(nAch, rng);
  const userTable = makeUsers(users, rng);
  const awardTable = makeAwards(userTable, ach, { awards, endMs }, rng);
  const nameRng = new Rng(seed ^ 0x5eed);
  const names: string[] = [];
  for (let i = 0; i < users; i++) {
    names.push(userName(i + 1, userTable.lang[i]!, nameRng));
    nameRng.int(400 * DAY); // generate.ts's creation time: drawn to keep the names in step
  }

  const report: Record<string, unknown> = {
    url,
    users,
    awards,
    achievements: nAch,
    seed,
    endMs,
    batch,
    clients,
    loadavgAtStart: os.loadavg(),
  };
  let t0 = process.hrtime.bigint();
  const achievementId: string[] = [];
  for (const a of ach) {
    const d = await ok(CREATE_ACHIEVEMENT, { input: { points: a.points, translations: a.translations } });
    achievementId[a.id] = (d.createAchievement as { id: string }).id;
  }
  report.achievementsSeconds = secondsSince(t0);
  log(`${nAch} achievements in ${(report.achievementsSeconds as number).toFixed(1)} s`);

  t0 = process.hrtime.bigint();
  const userId: string[] = [];
  await pool(users, userClients, async (i) => {
    const d = await ok(CREATE_USER, {
      input: { name: names[i], language: userTable.lang[i] ? "RU" : "EN", timeZone: TIME_ZONES[userTable.tz[i]!]!.name },
    });
    userId[i + 1] = (d.createUser as { id: string }).id;
  });
  report.usersSeconds = secondsSince(t0);
  log(`${users} users in ${(report.usersSeconds as number).toFixed(1)} s (${userClients} clients)`);

  t0 = process.hrtime.bigint();
  let created = 0;
  let held = 0;
  const batches = Math.ceil(awards / batch);
  await pool(batches, clients, async (b) => {
    const inputs = [];
    for (let p = b * batch; p < Math.min(awards, (b + 1) * batch); p++) {
      inputs.push({
        userId: userId[awardTable.user[p]!],
        achievementId: achievementId[awardTable.achievement[p]!],
        awardedAt: new Date(awardTable.at[p]!).toISOString(),
      });
    }
    const items = (await ok(BATCH, { inputs })).awardAchievements as {
      result: { created: boolean } | null;
      error: { code: string; message: string } | null;
    }[];
    for (const item of items) {
      if (item.error) throw new Error(`batch ${b}: ${item.error.code} ${item.error.message}`);
      if (item.result) held++;
      if (item.result?.created) created++;
    }
  });
  const seconds = secondsSince(t0);
  report.awardsSeconds = seconds;
  report.awardsCreated = created;
  report.awardsHeld = held;
  report.retriedRequests = retried;
  report.awardsPerSecond = Math.round((held / seconds) * 10) / 10;
  report.loadavgAtEnd = os.loadavg();
  log(
    `${held} awards in ${batches} batches of ${batch} in ${seconds.toFixed(1)} s = ${report.awardsPerSecond} awards/s (${clients} clients; ${retried} requests sent again)`,
  );
  client.close();
  if (held !== awards) throw new Error(`${held} awards held of ${awards}`);
  if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2) + "\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
