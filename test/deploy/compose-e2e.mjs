// The checks of test/deploy/run-compose-test.sh on the running compose stack, through nginx's
// published port only (what a user reaches), plus the containers' logs to see which API replica
// answered. Each phase prints what the next one needs as one JSON line on stdout.
//
//   node compose-e2e.mjs first  BASE_URL API_CONTAINER...                 -> {"key","userId","userName"}
//   node compose-e2e.mjs second BASE_URL KEY USER_ID USER_NAME API_CONTAINER...
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

const [phase, base, ...rest] = process.argv.slice(2);
/** Mutations sent to see both replicas answer. */
const SPREAD = 12;
const run = crypto.randomBytes(4).toString("hex");
let seq = 0;

async function post(body, { key, requestId } = {}) {
  const headers = { "content-type": "application/json", "x-request-id": requestId ?? `compose-e2e-${run}-${++seq}` };
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`POST /graphql ${res.status}: not JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, json, requestId: headers["x-request-id"] };
}

const createUser = (name) => ({
  query: "mutation ($input: CreateUserInput!) { createUser(input: $input) { id name language } }",
  variables: { input: { name, language: "EN" } },
});

function logs(container) {
  return execFileSync("podman", ["logs", container], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

/**
 * The key the one-shot generated into the shared volume, as a replica reads it
 * (docs/operations.md: `docker compose exec api cat /data/api-key`). The replica did not generate
 * it, so its log says where the key is kept and never prints the secret (api-contract.md: printed
 * only at the start that generated it).
 */
function keptKey(container) {
  const key = execFileSync("podman", ["exec", container, "cat", "/data/api-key"], { encoding: "utf8" }).trim();
  assert.ok(key.length >= 16, `${container} reads no key from /data/api-key`);
  const log = logs(container);
  assert.match(log, /API key for mutations:\s+kept in \/data\/api-key/, `${container} does not say where the key is kept`);
  assert.ok(!log.includes(key), `${container} printed the key's secret`);
  return key;
}

/**
 * Waits until the whole path answers from the database: queries through nginx until 4 in a row
 * succeed (nginx takes turns, so both replicas have answered). On a machine starved of CPU a
 * replica's first connections to PostgreSQL can take longer than the API's 2 s connect timeout,
 * and the API then answers SERVICE_UNAVAILABLE as designed ("try again shortly"); the checks that
 * follow are about the deployment, and run once it answers.
 */
async function answering() {
  let inRow = 0;
  let last;
  for (let attempt = 1; attempt <= 60; attempt++) {
    const r = await post({ query: "{ users(first: 1) { totalCount } }" }).catch((e) => ({ status: 0, json: { error: e.message } }));
    if (r.status === 200 && !r.json.errors) {
      if (++inRow === 4) {
        if (attempt > 4) console.error(`compose-e2e: the stack answered queries from attempt ${attempt - 3} on`);
        return;
      }
    } else {
      inRow = 0;
      last = r;
      await sleep(1000);
    }
  }
  throw new Error(`the stack does not answer queries: ${JSON.stringify(last?.json)}`);
}

async function get(pathname) {
  const res = await fetch(`${base}${pathname}`);
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text(), headers: res.headers };
}

async function first(apiContainers) {
  // The console at /, health through nginx.
  const root = await get("/");
  assert.equal(root.status, 200, "GET /");
  assert.match(root.type, /^text\/html/);
  assert.match(root.body, /<div id="root"><\/div>/);
  const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(root.body);
  assert.ok(script, "the console's page loads a script from /assets/");
  const asset = await get(script[1]);
  assert.equal(asset.status, 200, `GET ${script[1]}`);
  assert.match(asset.headers.get("cache-control") ?? "", /immutable/);
  for (const p of ["/healthz", "/readyz"]) assert.equal((await get(p)).status, 200, `GET ${p}`);
  await answering();

  // Every replica reads the same generated key (the shared api-key volume).
  const keys = apiContainers.map(keptKey);
  assert.equal(new Set(keys).size, 1, "the replicas read different keys");
  const key = keys[0];

  // A query.
  const q = await post({ query: "{ users(first: 5) { totalCount } achievements(first: 1) { totalCount } }" });
  assert.equal(q.status, 200);
  assert.equal(q.json.errors, undefined, JSON.stringify(q.json.errors));
  assert.equal(q.json.data.users.totalCount, 0, "a new database has no users (DEMO_DATA defaults to false)");

  // A mutation: refused without a key and with a wrong one, accepted with the generated one.
  const userName = `compose-${run}`;
  for (const k of [undefined, "not-the-key", `${key}x`]) {
    const r = await post(createUser(userName), { key: k });
    assert.equal(r.json.errors?.[0]?.extensions?.code, "UNAUTHENTICATED", `key ${k}: ${JSON.stringify(r.json)}`);
    assert.equal(r.json.data ?? null, null);
  }
  const made = await post(createUser(userName), { key });
  assert.equal(made.json.errors, undefined, JSON.stringify(made.json.errors));
  assert.equal(made.json.data.createUser.name, userName);
  const userId = made.json.data.createUser.id;

  // Requests spread over both replicas, and each accepts the key: mutations with the key, each
  // with its own request id, found afterwards in the log of the replica that answered it.
  const ids = [];
  for (let i = 1; i <= SPREAD; i++) {
    const r = await post(createUser(`${userName}-${i}`), { key });
    assert.equal(r.json.errors, undefined, JSON.stringify(r.json.errors));
    ids.push({ id: r.requestId });
  }
  // A replica writes its log line while it answers: wait until the logs have every id (or time out).
  let answered;
  let seen;
  for (let attempt = 0; ; attempt++) {
    answered = apiContainers.map((c) => {
      const text = logs(c);
      return ids.filter(({ id }) => text.includes(`"requestId":"${id}"`));
    });
    seen = answered.flat().map(({ id }) => id);
    if (seen.length >= ids.length || attempt === 30) break;
    await sleep(500);
  }
  assert.deepEqual([...seen].sort(), ids.map(({ id }) => id).sort(), "every request is logged by exactly one replica");
  answered.forEach((list, i) => {
    assert.ok(list.length > 0, `${apiContainers[i]} answered none of ${ids.length} requests`);
  });
  console.error(`compose-e2e: requests per replica: ${answered.map((l, i) => `${apiContainers[i]}=${l.length}`).join(" ")}`);
  console.log(JSON.stringify({ key, userId, userName }));
}

async function second([key, userId, userName, ...apiContainers]) {
  for (const p of ["/", "/readyz"]) assert.equal((await get(p)).status, 200, `GET ${p}`);
  await answering();
  // The same key: kept in the api-key volume, not generated again.
  for (const c of apiContainers) assert.equal(keptKey(c), key, `${c} reads another key after down and up`);
  // The data: kept in the pgdata volume.
  const r = await post({ query: "query ($id: ID!) { user(id: $id) { id name } users { totalCount } }", variables: { id: userId } });
  assert.equal(r.json.errors, undefined, JSON.stringify(r.json.errors));
  assert.deepEqual(r.json.data.user, { id: userId, name: userName });
  assert.equal(r.json.data.users.totalCount, 1 + SPREAD, "the user and those made while spreading requests");
  const made = await post(createUser(`${userName}-again`), { key });
  assert.equal(made.json.errors, undefined, JSON.stringify(made.json.errors));
  console.log(JSON.stringify({ ok: true }));
}

if (phase === "first") await first(rest);
else if (phase === "second") await second(rest);
else {
  console.error("usage: node compose-e2e.mjs first|second BASE_URL ...");
  process.exit(2);
}
