import crypto from "node:crypto";
import nodeHttp from "node:http";
import type { AddressInfo } from "node:net";
import { describeOn } from "../helpers/databases";
import { gql, killAll, startServer, useServerProcesses } from "../helpers/server-process";
import { subscribe } from "../helpers/subscriber";
import { waitUntil } from "../helpers/sync";
import { adminQuery, withDatabase } from "../setup/pg-template";

/**
 * Events across real server processes on one PostgreSQL database: an award through one instance
 * reaches a subscriber of another, and webhook deliveries owed survive kill -9.
 */
jest.setTimeout(240_000);

const url = process.env.DATABASE_URL ?? "";
const KEY = "events-process-key-0123456789";
const dataDir = useServerProcesses("achievements-events-process");

describeOn("postgres", "events between instances", () => {
  const databases: string[] = [];
  afterAll(async () => {
    await killAll();
    for (const name of databases) await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  const freshDatabase = () => {
    const name = `achievements_events_process_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    databases.push(name);
    return withDatabase(url, name);
  };
  const env = (databaseUrl: string) => ({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir(), API_KEYS: KEY, WEBHOOK_ALLOW_PRIVATE: "true" });

  async function seed(base: string, users: number) {
    const ach = await gql(
      base,
      `mutation { createAchievement(input: { points: 5, translations: [{ language: EN, name: "Five", description: "d" }] }) { id } }`,
      {},
      { key: KEY },
    );
    const achievementId = ach.body.data.createAchievement.id as string;
    const ids: string[] = [];
    for (let i = 0; i < users; i++) {
      const u = await gql(
        base,
        `mutation($n: String!) { createUser(input: { name: $n, language: EN }) { id } }`,
        { n: `user ${i}` },
        { key: KEY },
      );
      ids.push(u.body.data.createUser.id as string);
    }
    return { achievementId, userIds: ids };
  }

  const awardVia = async (base: string, userId: string, achievementId: string) => {
    const r = await gql(
      base,
      `mutation($u: ID!, $a: ID!) { awardAchievement(input: { userId: $u, achievementId: $a }) { created award { id } } }`,
      { u: userId, a: achievementId },
      { key: KEY },
    );
    expect(r.body.errors).toBeUndefined();
    return r.body.data.awardAchievement.award.id as string;
  };

  test("an award made through one instance reaches a subscriber of the other, once, in order", async () => {
    const db = freshDatabase();
    const one = await startServer(env(db));
    const two = await startServer(env(db));
    const { achievementId, userIds } = await seed(one.url, 12);
    const s = subscribe(two.url, `subscription { awardEvents { id kind userId award { id } } }`);
    try {
      // The other process's subscription has started once an award made now reaches it: probe
      // with awards (each a new user) until one arrives, then make the awards under test.
      let next = 0;
      let probe = "";
      while (!s.received.some((d) => d.awardEvents.award.id === probe)) {
        if (next === 10) throw new Error("no probe award reached the subscriber");
        probe = await awardVia(one.url, userIds[next++]!, achievementId);
        await waitUntil("the probe award, or the next probe", () => s.received.some((d) => d.awardEvents.award.id === probe), 2_000).catch(
          () => undefined,
        );
      }
      const seen = s.received.findIndex((d) => d.awardEvents.award.id === probe);
      const made = [await awardVia(one.url, userIds[10]!, achievementId), await awardVia(two.url, userIds[11]!, achievementId)];
      const got = (await s.take(seen + 3)).slice(seen + 1).map((d) => d.awardEvents);
      expect(got.map((e) => e.award.id)).toEqual(made);
      expect(BigInt(got[0].id)).toBeLessThan(BigInt(got[1].id));
      expect(s.received.length).toBe(seen + 3);
    } finally {
      await s.close();
    }
  });

  test("webhook deliveries owed when the only instance is killed with SIGKILL resume after a restart, every event delivered", async () => {
    const db = freshDatabase();
    let accepting = false;
    const received = new Map<string, number>();
    const receiver = nodeHttp.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const id = String(req.headers["x-achievements-event-id"]);
        if (accepting) received.set(id, (received.get(id) ?? 0) + 1);
        res.statusCode = accepting ? 204 : 503;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const first = await startServer(env(db));
      const { achievementId, userIds } = await seed(first.url, 5);
      const hook = await gql(
        first.url,
        `mutation($url: String!) { createWebhook(input: { url: $url, events: [AWARDED] }) { webhook { id } } }`,
        { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` },
        { key: KEY },
      );
      expect(hook.body.errors).toBeUndefined();
      for (const u of userIds) await awardVia(first.url, u, achievementId);
      // The receiver refuses: the first event is being retried when the process dies.
      await waitUntil("a failed attempt recorded", async () => {
        const r = await gql(first.url, `{ webhooks { deliveries { status attempts } } }`, {}, { key: KEY });
        return (r.body.data?.webhooks?.[0]?.deliveries ?? []).some((d: { attempts: number }) => d.attempts >= 1);
      });
      expect((await first.stop("SIGKILL")).signal).toBe("SIGKILL");
      accepting = true;
      const second = await startServer(env(db));
      await waitUntil("every event delivered after the restart", () => received.size === userIds.length, 90_000);
      const events = await gql(second.url, `{ webhooks { deliveries(first: 100) { eventId status } } }`, {}, { key: KEY });
      const deliveries = events.body.data.webhooks[0].deliveries as { eventId: string; status: string }[];
      expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set(received.keys()));
      expect(deliveries.every((d) => d.status === "DELIVERED")).toBe(true);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
