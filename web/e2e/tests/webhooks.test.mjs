// Browser test of the Webhooks page against the real service (see ../run.mjs): an admin creates a
// webhook to a receiver on this machine (the e2e server runs with WEBHOOK_ALLOW_PRIVATE=true), sees
// its secret once, sees an award's delivery arrive signed and listed as DELIVERED, and deletes it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import crypto from "node:crypto";
import { launchBrowser, LANG_STORAGE_KEY } from "../browser.mjs";
import { gql } from "../server.mjs";

const BASE = (process.env.E2E_BASE_URL ?? "").replace(/\/+$/, "");
const KEY = process.env.E2E_API_KEY ?? "";
if (!BASE || !KEY) throw new Error("run through `npm run test:e2e` (E2E_BASE_URL and E2E_API_KEY are needed)");

const TIMEOUT = 15_000;
const KEY_STORAGE = "achievements-console.api-key";
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
let browser;
let receiver;
const received = [];

before(async () => {
  browser = await launchBrowser();
  receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const mutate = (query, variables) => gql(BASE, query, variables, KEY);

describe("webhooks page", () => {
  test("an admin creates a webhook, sees its secret once, sees a signed delivery listed as DELIVERED, and deletes it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(TIMEOUT);
    await context.addInitScript(
      ([langKey, keyKey, k]) => {
        localStorage.setItem(langKey, "en");
        sessionStorage.setItem(keyKey, k);
      },
      [LANG_STORAGE_KEY, KEY_STORAGE, KEY],
    );
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    try {
      await page.goto(`${BASE}/#/webhooks`);
      const url = `http://127.0.0.1:${receiver.address().port}/hook-${suffix}`;
      await page.getByTestId("webhook-url").fill(url);
      await page.getByLabel("AWARDED").check();
      await page.getByTestId("webhook-create").click();
      const secretText = await page.getByTestId("webhook-secret").locator("code").innerText();
      assert.ok(secretText.length >= 16, "the signing secret is shown");
      const hook = page.getByTestId("webhook").filter({ hasText: url });
      await hook.waitFor();

      // An award made now is delivered to the receiver, signed with the secret the page showed.
      const u = await mutate(`mutation($n: String!) { createUser(input: { name: $n, language: EN }) { id } }`, { n: `Hook ${suffix}` });
      const a = await mutate(
        `mutation($n: String!) { createAchievement(input: { points: 7, translations: [{ language: EN, name: $n, description: "d" }] }) { id } }`,
        { n: `Hooked ${suffix}` },
      );
      await mutate(`mutation($u: ID!, $a: ID!) { awardAchievement(input: { userId: $u, achievementId: $a }) { created } }`, {
        u: u.createUser.id,
        a: a.createAchievement.id,
      });
      const deadline = Date.now() + 30_000;
      let delivery;
      while (!delivery && Date.now() < deadline) {
        delivery = received.find((r) => JSON.parse(r.body).userId === u.createUser.id);
        if (!delivery) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(delivery, "the award was delivered to the receiver");
      const ts = delivery.headers["x-achievements-timestamp"];
      const expected = `sha256=${crypto.createHmac("sha256", secretText).update(`${ts}.${delivery.body}`).digest("hex")}`;
      assert.equal(delivery.headers["x-achievements-signature"], expected);
      const eventId = delivery.headers["x-achievements-event-id"];

      // The page lists the delivery (after a refresh) as DELIVERED.
      const row = hook.getByTestId("delivery").filter({ hasText: eventId });
      for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
        await page.getByRole("button", { name: "Refresh" }).click();
        await page.waitForTimeout(250);
      }
      await row.waitFor();
      assert.match(await row.innerText(), /DELIVERED/);

      await hook.getByTestId("webhook-delete").click();
      await hook.waitFor({ state: "detached" });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
