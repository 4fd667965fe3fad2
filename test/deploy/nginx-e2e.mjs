// The project's nginx.conf, rendered by nginx/render-conf.sh exactly as the `web` image renders it,
// run for real (Debian's nginx, not a daemon, in a temporary prefix, on a loopback port) in front
// of two instances of the built API on loopback sharing one fresh PostgreSQL database.
//
// Run by test/deploy/run-nginx-test.sh (which installs nginx and builds the server first):
//   NGINX_BIN=/usr/sbin/nginx PG_URL=postgres://postgres@127.0.0.1:5432/postgres node --test test/deploy/nginx-e2e.mjs
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { ROOT, dropDatabase, freePort, freshDatabase, gql, sleep, startApi, waitFor } from "./lib.mjs";

const NGINX = process.env.NGINX_BIN || "nginx";
const PG_URL = process.env.PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "achievements_nginx_e2e";
const KEY = "nginx-e2e-key-0123456789";

let tmp;
let apis = [];
let nginx;
let nginxLog;
let base;
let assetPath;
let renderedConf;
let root;

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b);
    else {
      fs.copyFileSync(a, b);
      fs.chmodSync(b, 0o644);
    }
  }
}

/** The console: the real web/dist when it is built, else a tiny stand-in with one fingerprinted asset. */
function staticRoot(dir) {
  const dist = path.join(ROOT, "web/dist");
  if (fs.existsSync(path.join(dist, "index.html"))) {
    copyDir(dist, dir);
  } else {
    fs.mkdirSync(path.join(dir, "assets"), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dir, "assets/index-AbCd1234.js"), `console.log(${JSON.stringify("x".repeat(4000))});\n`);
    fs.writeFileSync(
      path.join(dir, "index.html"),
      '<!doctype html><html><head><script type="module" src="/assets/index-AbCd1234.js"></script></head><body><div id="root"></div></body></html>\n',
    );
  }
  // nginx's workers run as an unprivileged user: the copy is world-readable.
  fs.chmodSync(dir, 0o755);
  const assets = fs.readdirSync(path.join(dir, "assets")).map((f) => [f, fs.statSync(path.join(dir, "assets", f)).size]);
  assets.sort((a, b) => b[1] - a[1]);
  return `/assets/${assets[0][0]}`;
}

/** nginx's access log (JSON lines on its stdout, which is a file here: nginx cannot open a socket as /dev/stdout). */
function accessLog() {
  return fs
    .readFileSync(nginxLog, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l));
}

/** Request ids that instance `api` logged for GraphQL operations. */
function loggedIds(api) {
  return new Set(
    api
      .lines()
      .filter((l) => l.msg === "graphql operation")
      .map((l) => l.requestId),
  );
}

/**
 * Renders the project's nginx.conf with nginx/render-conf.sh and `env` into `dir` (its prefix),
 * checks it with `nginx -t` and runs it (not a daemon). Its stdout and stderr go to `dir`/nginx.out.
 */
async function startNginx(dir, env) {
  const conf = path.join(dir, "nginx.conf");
  execFileSync("sh", [path.join(ROOT, "nginx/render-conf.sh"), path.join(ROOT, "nginx.conf"), conf], {
    env: { PATH: process.env.PATH, ...env },
    stdio: "inherit",
  });
  const global = `pid ${path.join(dir, "nginx.pid")};`;
  const check = spawnSync(NGINX, ["-t", "-p", dir, "-c", conf, "-g", global], {
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  assert.equal(check.status, 0, `nginx -t failed:\n${check.stderr}`);
  const log = path.join(dir, "nginx.out");
  const out = fs.openSync(log, "a");
  const proc = spawn(NGINX, ["-p", dir, "-c", conf, "-g", `daemon off; ${global}`], { stdio: ["ignore", out, out] });
  fs.closeSync(out);
  return { conf, proc, log, base: `http://127.0.0.1:${env.LISTEN_PORT}` };
}

async function stopNginx(proc) {
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGQUIT");
    await exited;
  }
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "achievements-nginx-"));
  fs.chmodSync(tmp, 0o755);
  const dbUrl = await freshDatabase(PG_URL, DB_NAME);
  const [p1, p2, listen] = [await freePort(), await freePort(), await freePort()];
  // Both instances start together: migrations run once, under the advisory lock.
  apis = await Promise.all(
    [p1, p2].map((port, i) =>
      startApi({
        name: `api${i + 1}`,
        port,
        logFile: path.join(tmp, `api${i + 1}.log`),
        env: {
          DATABASE_URL: dbUrl,
          API_KEYS: KEY,
          DEMO_DATA: "false",
          LOG_LEVEL: "info",
          DATA_DIR: path.join(tmp, `data${i + 1}`),
          WEB_DIR: path.join(tmp, "no-web"),
        },
      }),
    ),
  );
  root = path.join(tmp, "static");
  assetPath = staticRoot(root);

  ({
    conf: renderedConf,
    proc: nginx,
    log: nginxLog,
    base,
  } = await startNginx(tmp, {
    LISTEN_PORT: String(listen),
    API_UPSTREAMS: `server 127.0.0.1:${p1} max_fails=1 fail_timeout=10s; server 127.0.0.1:${p2} max_fails=1 fail_timeout=10s;`,
    STATIC_ROOT: root,
  }));
  await waitFor("nginx", async () => (await fetch(`${base}/healthz`)).status === 200, { timeoutMs: 15_000 });
});

after(async () => {
  await stopNginx(nginx);
  await Promise.all(apis.map((api) => api.stop("SIGTERM")));
  await dropDatabase(PG_URL, DB_NAME);
  if (process.env.KEEP_TMP) console.log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
});

test("the rendered config passes nginx -t, keeps upstream connections alive for 60 s and waits 60 s for an answer", () => {
  const conf = fs.readFileSync(renderedConf, "utf8");
  assert.match(conf, /keepalive_timeout 60s;/);
  assert.match(conf, /proxy_read_timeout 60s;/);
  assert.match(conf, /proxy_set_header Connection \$connection_upgrade;/);
  assert.doesNotMatch(conf, /\$\{[A-Z_]+\}/);
});

test("queries through nginx work and reach both API instances", async () => {
  const ids = [];
  for (let i = 0; i < 12; i++) {
    const id = `e2e-rr-${i}-${process.pid}`;
    ids.push(id);
    const r = await gql(base, "{ users(first: 1) { totalCount } }", { headers: { "x-request-id": id } });
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.data.users.totalCount, "number");
    assert.equal(r.headers.get("x-request-id"), id);
  }
  // An API logs a request after its answer is sent and nginx writes its access log in the
  // log phase, so both may land a moment after the client has the response: wait for every id.
  await waitFor("every request in an API log", () => ids.every((id) => apis.some((a) => loggedIds(a).has(id))), { timeoutMs: 5000 });
  await waitFor("every request in nginx's access log", () => ids.every((id) => accessLog().some((l) => l.requestId === id)), {
    timeoutMs: 5000,
  });
  const counts = apis.map((a) => ids.filter((id) => loggedIds(a).has(id)).length);
  assert.equal(counts[0] + counts[1], ids.length, `each request logged once: ${counts}`);
  assert.ok(
    counts.every((c) => c >= 3),
    `round-robin over both: ${counts}`,
  );
  const upstreams = new Set(
    accessLog()
      .filter((l) => ids.includes(l.requestId))
      .map((l) => l.upstream),
  );
  assert.deepEqual([...upstreams].sort(), apis.map((a) => `127.0.0.1:${a.port}`).sort());
});

test("a mutation with the API key goes through", async () => {
  const r = await gql(base, 'mutation { createUser(input: { name: "Nginx Test", language: EN }) { id name } }', { key: KEY });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.data.createUser.name, "Nginx Test");
  const denied = await gql(base, 'mutation { createUser(input: { name: "No Key", language: EN }) { id } }');
  assert.equal(denied.body.errors[0].extensions.code, "UNAUTHENTICATED");
});

test("the request id reaches the API's log: the client's, or nginx's own when it sent none or a bad one", async () => {
  const mine = `e2e-own-id-${Date.now()}`;
  const r1 = await gql(base, "{ achievements(first: 1) { totalCount } }", { headers: { "x-request-id": mine } });
  const r2 = await gql(base, "{ achievements(first: 1) { totalCount } }");
  const r3 = await gql(base, "{ achievements(first: 1) { totalCount } }", { headers: { "x-request-id": "not a valid id!" } });
  const generated = r2.headers.get("x-request-id");
  const replaced = r3.headers.get("x-request-id");
  assert.equal(r1.headers.get("x-request-id"), mine);
  assert.match(generated, /^[0-9a-f]{32}$/);
  assert.match(replaced, /^[0-9a-f]{32}$/);
  for (const id of [mine, generated, replaced]) {
    await waitFor(`request id ${id} in an API log`, () => apis.some((a) => loggedIds(a).has(id)), { timeoutMs: 5000 });
    await waitFor(`nginx to log ${id}`, () => accessLog().some((l) => l.requestId === id), { timeoutMs: 5000 });
  }
});

test("health endpoints are passed through", async () => {
  for (const p of ["/healthz", "/readyz"]) {
    const r = await fetch(`${base}${p}`);
    assert.equal(r.status, 200, p);
    assert.ok((await r.json()).status, p);
  }
});

test("the console is served: index.html no-cache, fingerprinted assets immutable, SPA fallback, gzip", async () => {
  const index = await fetch(`${base}/`);
  assert.equal(index.status, 200);
  assert.match(await index.text(), /<div id="root">/);
  assert.equal(index.headers.get("cache-control"), "no-cache");
  assert.match(index.headers.get("content-security-policy"), /default-src 'self'/);

  const route = await fetch(`${base}/users/42`);
  assert.equal(route.status, 200);
  assert.match(await route.text(), /<div id="root">/);
  assert.equal(route.headers.get("cache-control"), "no-cache");

  const asset = await fetch(`${base}${assetPath}`, { headers: { "accept-encoding": "gzip" } });
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal(asset.headers.get("content-encoding"), "gzip");
  await asset.arrayBuffer();

  const missing = await fetch(`${base}/assets/not-there-0000.js`);
  assert.equal(missing.status, 404);
  await missing.arrayBuffer();
});

test("security headers on the console and on the API; no CSP on /graphql (Apollo Sandbox)", async () => {
  const page = await fetch(`${base}/`);
  const api = await gql(base, "{ __typename }");
  for (const h of [page.headers, api.headers]) {
    assert.equal(h.get("x-content-type-options"), "nosniff");
    assert.equal(h.get("x-frame-options"), "DENY");
    assert.equal(h.get("referrer-policy"), "strict-origin-when-cross-origin");
    assert.equal(h.get("server"), "nginx");
  }
  assert.equal(api.headers.get("content-security-policy"), null);
  await page.arrayBuffer();
});

test("GraphQL answers are gzipped", async () => {
  const r = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "accept-encoding": "gzip" },
    body: JSON.stringify({ query: "{ __schema { types { name fields { name } } } }" }),
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-encoding"), "gzip");
  assert.ok((await r.json()).data.__schema.types.length > 10);
});

test("bodies over 256 KiB get 413 (JSON) from nginx; just under goes through", async () => {
  const big = JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(300 * 1024) } });
  const r = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
  assert.equal(r.status, 413);
  assert.equal((await r.json()).errors[0].extensions.code, "BAD_REQUEST");
  const near = JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(250 * 1024) } });
  const ok = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: near });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).data.__typename, "Query");
});

test("upstream connections are reused (keepalive), not opened per request", async () => {
  const ports = apis.map((a) => a.port);
  const sockets = () =>
    execFileSync("ss", ["-Htn", "state", "all", `( dport = :${ports[0]} or dport = :${ports[1]} )`], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  const beforeCount = sockets().length;
  for (let i = 0; i < 20; i++) assert.equal((await gql(base, "{ users(first: 1) { totalCount } }")).status, 200);
  const lines = sockets();
  const established = lines.filter((l) => l.startsWith("ESTAB")).length;
  assert.ok(established >= 1, `idle keepalive connections to the API: ${lines.join("\n")}`);
  // Without keepalive, 20 requests would leave 20 closed (TIME-WAIT) connections behind.
  assert.ok(lines.length - beforeCount <= 4, `at most a few new connections for 20 requests (before ${beforeCount}):\n${lines.join("\n")}`);
});

test("an instance that takes a request and stays silent past proxy_read_timeout: 504 TIMEOUT as JSON, never SERVICE_UNAVAILABLE", async () => {
  // A second nginx from the same template, with a 1 s proxy_read_timeout (PROXY_READ_TIMEOUT, 60 s
  // unless set), in front of one instance that reads requests and never answers: a hung API.
  const received = [];
  const sockets = new Set();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    // nginx closes an upstream connection that timed out: one request per connection here.
    let head = "";
    socket.on("data", (chunk) => {
      if (head === undefined) return;
      head += chunk.toString("latin1");
      if (!head.includes("\r\n")) return;
      received.push(head.slice(0, head.indexOf("\r\n")));
      head = undefined;
    });
  });
  const silentPort = await freePort();
  await new Promise((resolve) => silent.listen(silentPort, "127.0.0.1", resolve));
  const dir = path.join(tmp, "silent-nginx");
  fs.mkdirSync(dir, { mode: 0o755 });
  const hung = await startNginx(dir, {
    LISTEN_PORT: String(await freePort()),
    // As compose renders it: one upstream line with max_fails (nginx never marks a group's only server down).
    API_UPSTREAMS: `server 127.0.0.1:${silentPort} max_fails=1 fail_timeout=10s;`,
    STATIC_ROOT: root,
    PROXY_READ_TIMEOUT: "1s",
  });
  try {
    assert.match(fs.readFileSync(hung.conf, "utf8"), /proxy_read_timeout 1s;/);
    await waitFor("the second nginx", async () => (await fetch(`${hung.base}/`)).status === 200, { timeoutMs: 15_000 });
    const requests = [
      // A mutation the instance may have applied before going silent: the answer must not promise that nothing was written.
      () => gql(hung.base, 'mutation { createUser(input: { name: "Hung", language: EN }) { id } }', { key: KEY }),
      () => gql(hung.base, "{ users(first: 1) { totalCount } }"),
      async () => {
        const r = await fetch(`${hung.base}/graphql?query=${encodeURIComponent("{ __typename }")}`);
        const text = await r.text();
        return { status: r.status, headers: r.headers, body: JSON.parse(text) };
      },
      // Again after the first timeouts: still TIMEOUT, never "unavailable".
      () => gql(hung.base, 'mutation { createUser(input: { name: "Hung again", language: RU }) { id } }', { key: KEY }),
    ];
    for (const [i, send] of requests.entries()) {
      const before = received.length;
      const r = await send();
      assert.equal(r.status, 504, `request ${i}: ${JSON.stringify(r.body)}`);
      assert.equal(r.headers.get("content-type"), "application/json", `request ${i}`);
      assert.equal(r.body.errors.length, 1, `request ${i}`);
      assert.equal(r.body.errors[0].extensions.code, "TIMEOUT", `request ${i}`);
      assert.match(r.body.errors[0].message, /may or may not have been applied/);
      assert.equal(r.body.data, undefined);
      assert.doesNotMatch(JSON.stringify(r.body), /SERVICE_UNAVAILABLE/, `request ${i}`);
      // The instance had the request (a read timeout, not a connection that failed)...
      assert.ok(received.length > before, `request ${i} reached the silent instance`);
      assert.match(received.at(-1), /^(POST|GET) \/graphql/);
    }
    // ...and nginx says so in its access log: the upstream's 504.
    await waitFor(
      "the timeouts in nginx's access log",
      () => {
        const lines = fs
          .readFileSync(hung.log, "utf8")
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l))
          .filter((l) => l.uri.startsWith("/graphql"));
        return lines.length === requests.length && lines.every((l) => l.status === 504 && l.upstreamStatus === "504");
      },
      { timeoutMs: 5000 },
    );
  } finally {
    await stopNginx(hung.proc);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test("a subscription through nginx (WebSocket upgrade on /graphql) receives an award made through nginx", async () => {
  const client = createClient({ url: `${base.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
  const received = [];
  const errors = [];
  const stop = client.subscribe(
    { query: "subscription { awardEvents { id kind userId award { id } } }" },
    { next: (r) => received.push(r), error: (e) => errors.push(e), complete: () => {} },
  );
  try {
    const user = await gql(base, `mutation { createUser(input: { name: "Socket Reader", language: EN }) { id } }`, { key: KEY });
    const ach = await gql(
      base,
      `mutation { createAchievement(input: { points: 3, translations: [{ language: EN, name: "Through nginx", description: "d" }] }) { id } }`,
      {
        key: KEY,
      },
    );
    const userId = user.body.data.createUser.id;
    const achievementId = ach.body.data.createAchievement.id;
    // The subscription has started once an award made now reaches it (either instance may hold it).
    const awarded = [];
    for (let i = 0; i < 20 && received.length === 0; i++) {
      const u = await gql(base, `mutation($n: String!) { createUser(input: { name: $n, language: EN }) { id } }`, {
        variables: { n: `probe ${i}` },
        key: KEY,
      });
      const a = await gql(
        base,
        `mutation($u: ID!, $a: ID!) { awardAchievement(input: { userId: $u, achievementId: $a }) { award { id } } }`,
        {
          variables: { u: u.body.data.createUser.id, a: achievementId },
          key: KEY,
        },
      );
      awarded.push(a.body.data.awardAchievement.award.id);
      await waitFor("an event", async () => received.length > 0, { timeoutMs: 2000 }).catch(() => undefined);
    }
    assert.deepEqual(errors, []);
    assert.ok(received.length > 0, "no event came through nginx");
    const made = await gql(
      base,
      `mutation($u: ID!, $a: ID!) { awardAchievement(input: { userId: $u, achievementId: $a }) { award { id } } }`,
      {
        variables: { u: userId, a: achievementId },
        key: KEY,
      },
    );
    const id = made.body.data.awardAchievement.award.id;
    await waitFor("the award's event through nginx", async () => received.some((r) => r.data?.awardEvents.award.id === id));
    const event = received.find((r) => r.data?.awardEvents.award.id === id).data.awardEvents;
    assert.equal(event.kind, "AWARDED");
    assert.equal(event.userId, userId);
    assert.ok(awarded.length > 0);
  } finally {
    stop();
    await client.dispose();
  }
});

test("with one instance killed, requests still succeed", async () => {
  const [victim, survivor] = apis;
  await victim.stop("SIGKILL");
  await sleep(200);
  for (let i = 0; i < 10; i++) {
    const r = await gql(base, "{ users(first: 1) { totalCount } }", { headers: { "x-request-id": `e2e-after-kill-${i}` } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(typeof r.body.data.users.totalCount, "number");
  }
  const m = await gql(base, 'mutation { createUser(input: { name: "After Kill", language: RU }) { name } }', { key: KEY });
  assert.equal(m.status, 200, JSON.stringify(m.body));
  assert.equal(m.body.data.createUser.name, "After Kill");
  await waitFor("the survivor to log them", () => loggedIds(survivor).has("e2e-after-kill-9"), { timeoutMs: 5000 });
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
});

test("bursts on /graphql get 429 with a JSON error; the rest are answered", async () => {
  const results = await Promise.all(
    Array.from({ length: 200 }, () =>
      fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"query":"{ __typename }"}',
      }).then(async (r) => ({
        status: r.status,
        retryAfter: r.headers.get("retry-after"),
        body: await r.json(),
      })),
    ),
  );
  const limited = results.filter((r) => r.status === 429);
  const ok = results.filter((r) => r.status === 200);
  assert.ok(limited.length >= 50, `429s: ${limited.length}`);
  assert.ok(ok.length >= 30, `answered: ${ok.length}`);
  assert.equal(ok.length + limited.length, results.length);
  assert.equal(limited[0].body.errors[0].extensions.code, "RATE_LIMITED");
  assert.equal(limited[0].retryAfter, "1");
  // Static files are not limited.
  assert.equal((await fetch(`${base}/`)).status, 200);
});

test("with every instance gone, /graphql answers 503 SERVICE_UNAVAILABLE as JSON; the console still loads", async () => {
  await Promise.all(apis.map((api) => api.stop("SIGKILL")));
  await sleep(2500); // let the burst above drain from the rate limiter
  const r = await gql(base, "{ users(first: 1) { totalCount } }");
  assert.equal(r.status, 503);
  assert.equal(r.body.errors[0].extensions.code, "SERVICE_UNAVAILABLE");
  assert.equal(r.headers.get("content-type"), "application/json");
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  await page.arrayBuffer();
});
