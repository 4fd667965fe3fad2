import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApiKeys, parseApiKeyList } from "../../src/auth/api-keys";
import { retryDelayMs } from "../../src/modules/webhook/webhook.deliverer";
import { isPrivateAddress } from "../../src/modules/webhook/webhook.address";
import { award, createAchievement, createUser, expectError, ok } from "../helpers/fixtures";
import { waitUntil } from "../helpers/sync";
import { codes, startTestApp, useTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

/** Webhooks (api-contract.md, Events): admin only, private addresses refused, signed deliveries in order. */

const t = useTestApp({ webhookAllowPrivate: true });

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url events createdAt } } }`;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver: answers each POST with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const verify = (secret: string, r: Received) =>
  r.headers["x-achievements-signature"] ===
  `sha256=${crypto
    .createHmac("sha256", secret)
    .update(`${String(r.headers["x-achievements-timestamp"])}.${r.body}`)
    .digest("hex")}`;

test("an award is POSTed to a webhook created before it, signed, with the contract's body and headers", async () => {
  const rx = await receiver();
  try {
    const u = await createUser(t);
    const early = await createAchievement(t, { points: 5 });
    const a = await createAchievement(t, { points: 40 });
    await award(t, u.id, early.id); // committed before the webhook: not owed
    const created = ok(await t.gql(CREATE, { input: { url: rx.url, events: ["AWARDED", "REVOKED"] } })).createWebhook;
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(created.webhook).toMatchObject({ url: rx.url, events: ["AWARDED", "REVOKED"] });
    const made = await award(t, u.id, a.id, "2026-03-04T05:06:07.089Z");
    await waitUntil("one delivery", () => rx.received.length >= 1);
    const [r] = rx.received;
    const body = JSON.parse(r!.body);
    expect(Object.keys(body)).toEqual(["id", "kind", "userId", "achievementId", "at", "award"]);
    expect(body).toEqual({
      id: r!.headers["x-achievements-event-id"],
      kind: "AWARDED",
      userId: u.id,
      achievementId: a.id,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      award: { id: made.award.id, awardedAt: "2026-03-04T05:06:07.089Z", points: 40, revokedAt: null, revocationReason: null },
    });
    expect(r!.headers["content-type"]).toBe("application/json");
    expect(Math.abs(Number(r!.headers["x-achievements-timestamp"]) - Date.now() / 1000)).toBeLessThan(600);
    expect(verify(created.secret, r!)).toBe(true);
    expect(verify("another secret", r!)).toBe(false);
    const d = ok(await t.gql(`{ webhooks { id deliveries { eventId status attempts lastStatusCode lastError deliveredAt } } }`)).webhooks;
    await waitUntil("the delivery recorded", async () => {
      const w = ok(await t.gql(`{ webhooks { deliveries { status } } }`)).webhooks;
      return w[0].deliveries.length === 1;
    });
    expect(d[0].id).toBe(created.webhook.id);
  } finally {
    await rx.close();
  }
});

test("a failing receiver gets the event again with back-off, and later events wait for it, in id order", async () => {
  const rx = await receiver([500, 503]);
  try {
    const u = await createUser(t);
    const achievements = [await createAchievement(t), await createAchievement(t), await createAchievement(t)];
    const created = ok(await t.gql(CREATE, { input: { url: rx.url, events: ["AWARDED"] } })).createWebhook;
    for (const a of achievements) await award(t, u.id, a.id);
    await waitUntil("three events delivered after two failures", () => rx.received.length >= 5);
    const ids = rx.received.map((r) => String(r.headers["x-achievements-event-id"]));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(ids.slice(2).map(BigInt)).toEqual([...ids.slice(2).map(BigInt)].sort((x, y) => (x < y ? -1 : 1)));
    expect(new Set(ids).size).toBe(3);
    await waitUntil("deliveries recorded", async () => {
      const w = ok(await t.gql(`{ webhooks { deliveries { status } } }`)).webhooks;
      return w[0].deliveries.filter((x: { status: string }) => x.status === "DELIVERED").length === 3;
    });
    const w = ok(
      await t.gql(`{ webhooks { id deliveries(first: 10) { eventId status attempts lastStatusCode lastError nextAttemptAt } } }`),
    ).webhooks;
    expect(w[0].id).toBe(created.webhook.id);
    expect(w[0].deliveries.map((x: { eventId: string; attempts: number }) => [x.eventId, x.attempts])).toEqual([
      [ids[4], 1],
      [ids[3], 1],
      [ids[0], 3],
    ]);
    expect(w[0].deliveries[2]).toMatchObject({ status: "DELIVERED", lastStatusCode: 200, lastError: null, nextAttemptAt: null });
  } finally {
    await rx.close();
  }
});

test("webhooks and createWebhook need an admin key; deleteWebhook deletes once", async () => {
  const limited = await startTestApp({
    apiKeys: createApiKeys(parseApiKeyList("game:award:award-key-0123456789,ops:admin:admin-key-0123456789", "API_KEYS")),
  });
  try {
    expect(codes(await limited.gql(`{ webhooks { id } }`, {}, { key: null }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await limited.gql(`{ webhooks { id } }`, {}, { key: "award-key-0123456789" }))).toEqual(["FORBIDDEN"]);
    expect(
      codes(await limited.gql(CREATE, { input: { url: "https://example.com/h", events: ["AWARDED"] } }, { key: "award-key-0123456789" })),
    ).toEqual(["FORBIDDEN"]);
    expect(ok(await limited.gql(`{ webhooks { id } }`, {}, { key: "admin-key-0123456789" })).webhooks).toEqual([]);
  } finally {
    await limited.close();
  }
  const rx = await receiver();
  try {
    const created = ok(await t.gql(CREATE, { input: { url: rx.url, events: ["PROGRESSED"] } })).createWebhook;
    expect(ok(await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: created.webhook.id })).deleteWebhook).toBe(true);
    expect(ok(await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: created.webhook.id })).deleteWebhook).toBe(false);
    expect(ok(await t.gql(`{ webhooks { id } }`)).webhooks).toEqual([]);
  } finally {
    await rx.close();
  }
});

describe("without WEBHOOK_ALLOW_PRIVATE", () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await startTestApp();
  });
  afterAll(async () => {
    await strict.close();
  });

  test.each([
    "http://127.0.0.1:8080/h",
    "http://localhost/h",
    "http://10.1.2.3/h",
    "http://192.168.0.10/h",
    "http://172.20.0.1/h",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/h",
    "http://[fd00::1]/h",
    "http://[::ffff:127.0.0.1]/h",
    "http://0.0.0.0/h",
  ])("%s is refused (BAD_USER_INPUT, field url)", async (url) => {
    expectError(await strict.gql(CREATE, { input: { url, events: ["AWARDED"] } }), "BAD_USER_INPUT", "url");
    expect(ok(await strict.gql(`{ webhooks { id } }`)).webhooks).toEqual([]);
  });

  test.each(["ftp://example.com/h", "not a url", "https://user:pw@example.com/h", ""])(
    "%s is refused (BAD_USER_INPUT, field url)",
    async (url) => {
      expectError(await strict.gql(CREATE, { input: { url, events: ["AWARDED"] } }), "BAD_USER_INPUT", "url");
    },
  );

  test("a public address is accepted; no event kind is refused (field events)", async () => {
    const r = ok(await strict.gql(CREATE, { input: { url: "https://93.184.215.14/hook", events: ["REVOKED", "AWARDED"] } })).createWebhook;
    expect(r.webhook.events).toEqual(["AWARDED", "REVOKED"]);
    expectError(await strict.gql(CREATE, { input: { url: "https://93.184.215.14/hook", events: [] } }), "BAD_USER_INPUT", "events");
  });
});

test("the retry waits double from 1 s up to 5 minutes", () => {
  expect([1, 2, 3, 4, 8, 9, 10, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 128_000, 256_000, 300_000, 300_000]);
});

test("private and public addresses are told apart", () => {
  for (const a of [
    "127.0.0.1",
    "10.0.0.1",
    "100.64.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.0.1",
    "::1",
    "fe80::1",
    "fc00::1",
    "::ffff:10.0.0.1",
    "224.0.0.1",
  ]) {
    expect([a, isPrivateAddress(a)]).toEqual([a, true]);
  }
  for (const a of ["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
    expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  }
});
