// Browser tests of the live feed and the live user page against the real service (see ../run.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, LANG_STORAGE_KEY } from "../browser.mjs";
import { gql } from "../server.mjs";

const BASE = (process.env.E2E_BASE_URL ?? "").replace(/\/+$/, "");
const KEY = process.env.E2E_API_KEY ?? "";
if (!BASE || !KEY) throw new Error("run through `npm run test:e2e` (E2E_BASE_URL and E2E_API_KEY are needed)");

const TIMEOUT = 15_000;
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
let browser;

async function openPage(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  context.setDefaultTimeout(TIMEOUT);
  await context.addInitScript(([k, v]) => localStorage.setItem(k, v), [LANG_STORAGE_KEY, "en"]);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${BASE}/${path}`);
  return { page, context, problems };
}

const mutate = (query, variables) => gql(BASE, query, variables, KEY);

async function fixtures(tag) {
  const u = await mutate(`mutation($n: String!) { createUser(input: { name: $n, language: EN }) { id name } }`, {
    n: `Live ${tag} ${suffix}`,
  });
  const a = await mutate(
    `mutation($n: String!) { createAchievement(input: { points: 42, translations: [{ language: EN, name: $n, description: "d" }] }) { id } }`,
    { n: `Live feat ${tag} ${suffix}` },
  );
  return { user: u.createUser, achievementId: a.createAchievement.id, achievementName: `Live feat ${tag} ${suffix}` };
}

const AWARD = `mutation($u: ID!, $a: ID!) { awardAchievement(input: { userId: $u, achievementId: $a }) { award { id } } }`;

/**
 * The page's subscription starts after its socket's handshake, which the page does not show:
 * award probe achievements to the user until one appears on the page (then it is live).
 */
async function untilLive(page, userId, tag) {
  for (let i = 0; i < 15; i++) {
    const name = `Probe ${tag} ${i} ${suffix}`;
    const a = await mutate(
      `mutation($n: String!) { createAchievement(input: { points: 1, translations: [{ language: EN, name: $n, description: "d" }] }) { id } }`,
      { n: name },
    );
    await mutate(AWARD, { u: userId, a: a.createAchievement.id });
    try {
      await page.getByText(name).first().waitFor({ timeout: 1000 });
      return;
    } catch {
      // not live yet: the next probe
    }
  }
  throw new Error("no probe award appeared on the page");
}

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe("live events", () => {
  test("the live feed shows an unlock made through the API as it happens, without a reload", async () => {
    const { user, achievementId, achievementName } = await fixtures("feed");
    const { page, context, problems } = await openPage("#/live");
    try {
      await page.getByTestId("live-status").filter({ hasText: "Live" }).waitFor();
      await untilLive(page, user.id, "feed");
      const made = await mutate(AWARD, { u: user.id, a: achievementId });
      assert.ok(made.awardAchievement.award.id);
      const item = page.getByTestId("live-event").filter({ hasText: achievementName });
      await item.waitFor();
      assert.match(await item.innerText(), new RegExp(`${user.name} unlocked ${achievementName} \\(42 points\\)`));
      assert.equal(await item.getAttribute("data-kind"), "AWARDED");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a user's page shows a new award without a reload", async () => {
    const { user, achievementId, achievementName } = await fixtures("page");
    const { page, context } = await openPage(`#/users/${user.id}`);
    try {
      await page.getByRole("heading", { name: user.name }).waitFor();
      assert.equal(await page.getByText(achievementName).count(), 0);
      await untilLive(page, user.id, "page");
      await mutate(AWARD, { u: user.id, a: achievementId });
      await page.getByText(achievementName).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
