/**
 * Checks that the bare server (bench/bare.ts) answers what the service answers, on the same
 * database, before any figure of the two is compared:
 *
 *   node dist/bench/bare-check.js --pg postgres://postgres@127.0.0.1:5432/achievements_bench_small [--pages 200]
 *   node dist/bench/bare-check.js --pglite /tmp/bench-pglite   (each server in turn: one owner at a time)
 *
 * User pages: the same JSON for --pages random users (and for a user that does not exist).
 * Awards: a pair awarded through one answers, through the other, `created: false` with the same
 * award id and time, both ways round.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { GqlClient } from "./lib/http";
import { connectPostgres, num, parseArgs } from "./lib/sql";
import { freePort } from "./lib/net";

const KEY = "bare-check-key-not-secret";
const USER_PAGE = `query UserPage($id: ID!) { user(id: $id) { name points awards(first: 20) { edges { node { name awardedAt points } } } } }`;
const AWARD = `mutation Award($input: AwardAchievementInput!) { awardAchievement(input: $input) { created award { id awardedAt } } }`;
const CREATE = `mutation Create($input: CreateAchievementInput!) { createAchievement(input: $input) { id points } }`;

async function start(main: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...env, PORT: String(port), API_KEYS: KEY, DEMO_DATA: "false", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${main} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return { url: `http://127.0.0.1:${port}/graphql`, child };
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error(`${main} not ready after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pages = num(args, "pages", 200);
  const env: Record<string, string> = args.pglite ? { DATA_DIR: args.pglite } : { DATABASE_URL: args.pg ?? "" };
  if (!args.pglite && !args.pg) throw new Error("--pg URL or --pglite DIR");
  const serviceMain = path.join(__dirname, "../src/main.js");
  const bareMain = path.join(__dirname, "bare.js");
  let maxUserId = 1000;
  if (args.pg) {
    const sql = await connectPostgres(args.pg);
    maxUserId = Number((await sql.query<{ m: string }>("SELECT max(id) AS m FROM users"))[0]!.m);
    await sql.close();
  }
  const ids = Array.from({ length: pages }, () => String(1 + Math.floor(Math.random() * maxUserId)));
  ids.push("999999999999");
  const auth = { authorization: `Bearer ${KEY}` };
  const failures: string[] = [];

  // One server at a time (the embedded database has one owner): the service, then the bare server, then the service.
  const answers: Record<string, unknown[]> = { service: [], bare: [] };
  let achievementId = "";
  const pairs: { userId: string; achievementId: string }[] = [];
  for (const [who, main] of [
    ["service", serviceMain],
    ["bare", bareMain],
  ] as const) {
    const server = await start(main, env);
    const client = new GqlClient(server.url, 4, auth);
    for (const id of ids) answers[who]!.push((await client.request(USER_PAGE, { id })).body);
    if (who === "service") {
      const created = await client.request(CREATE, {
        input: { points: 7, translations: [{ language: "EN", name: `bare check ${Date.now()}`, description: "bare check" }] },
      });
      achievementId = (created.body.data?.createAchievement as { id: string }).id;
      // Users whose pages are not compared: the awards below must not change a compared page.
      for (let u = 1; pairs.length < 2 && u <= maxUserId; u++) {
        if (!ids.includes(String(u))) pairs.push({ userId: String(u), achievementId });
      }
    }
    // Award pair[0] through the service and pair[1] through the bare server first.
    const mine = pairs[who === "service" ? 0 : 1]!;
    const first = await client.request(AWARD, { input: mine });
    answers[`${who}-first`] = [first.body];
    client.close();
    await stop(server.child);
  }
  // Then each pair through the other server: created false, the same award.
  for (const [who, main, pairIndex] of [
    ["service", serviceMain, 1],
    ["bare", bareMain, 0],
  ] as const) {
    const server = await start(main, env);
    const client = new GqlClient(server.url, 1, auth);
    const again = (await client.request(AWARD, { input: pairs[pairIndex] })).body as {
      data?: { awardAchievement?: { created: boolean; award: unknown } };
    };
    const original = answers[`${pairIndex === 0 ? "service" : "bare"}-first`]![0] as {
      data?: { awardAchievement?: { created: boolean; award: unknown } };
    };
    if (original.data?.awardAchievement?.created !== true)
      failures.push(`first award through ${pairIndex === 0 ? "service" : "bare"} not created`);
    if (
      again.data?.awardAchievement?.created !== false ||
      !isDeepStrictEqual(again.data.awardAchievement.award, original.data?.awardAchievement?.award)
    ) {
      failures.push(`award again through ${who}: ${JSON.stringify(again)} vs ${JSON.stringify(original)}`);
    }
    client.close();
    await stop(server.child);
  }
  ids.forEach((id, i) => {
    if (JSON.stringify(answers.service![i]) !== JSON.stringify(answers.bare![i])) {
      failures.push(`user ${id}: service ${JSON.stringify(answers.service![i])} bare ${JSON.stringify(answers.bare![i])}`);
    }
  });
  if (failures.length) {
    process.stdout.write(`${failures.length} differences:\n${failures.slice(0, 10).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write(`bare server and service agree: ${ids.length} user pages byte for byte, awards both ways round\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
