// Revocation on the user page and batch awards from CSV on the award page, in Chromium.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, LANG_STORAGE_KEY } from "../browser.mjs";
import { gql } from "../server.mjs";

const BASE = (process.env.E2E_BASE_URL ?? "").replace(/\/+$/, "");
const KEY = process.env.E2E_API_KEY ?? "";
const AWARD_KEY = process.env.E2E_AWARD_API_KEY ?? "";
if (!BASE || !KEY || !AWARD_KEY)
  throw new Error("run through `npm run test:e2e` (E2E_BASE_URL, E2E_API_KEY and E2E_AWARD_API_KEY are needed)");

const TIMEOUT = 15_000;
const KEY_STORAGE = "achievements-console.api-key";
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A fresh context with the interface in English and `key` already entered (as after the key dialog). */
async function openPage(path, key) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  context.setDefaultTimeout(TIMEOUT);
  await context.addInitScript(
    ([langKey, keyKey, k]) => {
      localStorage.setItem(langKey, "en");
      if (k) sessionStorage.setItem(keyKey, k);
    },
    [LANG_STORAGE_KEY, KEY_STORAGE, key],
  );
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${BASE}/${path}`);
  return { page, context, problems };
}

const createUser = async (name) =>
  (await gql(BASE, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { name, language: "EN" } }, KEY)).createUser.id;
const createAchievement = async (name, points) =>
  (
    await gql(
      BASE,
      `mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`,
      { i: { points, translations: [{ language: "EN", name, description: `About ${name}` }] } },
      KEY,
    )
  ).createAchievement.id;
const award = (userId, achievementId) =>
  gql(BASE, `mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created } }`, { i: { userId, achievementId } }, KEY);
const userAwards = async (id) =>
  (
    await gql(
      BASE,
      `query($id: ID!) { user(id: $id) { points awards { edges { node { name } } } revokedAwards { edges { node { name revocationReason } } } } }`,
      { id },
    )
  ).user;

describe("revocation on the user page", () => {
  test("an admin key revokes an award with a reason; it moves to the revoked list with reason, time and key", async () => {
    const userId = await createUser(`Revoked ${suffix}`);
    const kept = `Kept ${suffix}`;
    const taken = `Taken back ${suffix}`;
    await award(userId, await createAchievement(kept, 10));
    await award(userId, await createAchievement(taken, 25));
    const { page, context, problems } = await openPage(`#/users/${userId}`, KEY);
    try {
      await page.getByTestId("key-info").waitFor();
      await page.getByTestId("user-points").filter({ hasText: "35" }).waitFor();
      await page.getByRole("button", { name: `Revoke “${taken}”` }).click();
      // An empty reason is refused in the form, before anything is sent.
      await page.getByRole("button", { name: "Revoke award" }).click();
      await page.getByRole("alert").filter({ hasText: "Give a reason of 1 to 500 characters." }).waitFor();
      assert.equal((await userAwards(userId)).awards.edges.length, 2);

      await page.getByLabel("Reason for revoking").fill("Earned with a duplicated account");
      await page.getByRole("button", { name: "Revoke award" }).click();
      const revoked = page.getByTestId("revoked-list");
      await revoked.filter({ hasText: taken }).waitFor();
      assert.match(await revoked.textContent(), /Reason: .?Earned with a duplicated account/);
      assert.match(await revoked.textContent(), /Revoked: .+ · by key “key1”/);
      await page.getByTestId("user-points").filter({ hasText: "10" }).waitFor();
      assert.deepEqual(
        (await page.getByTestId("award-list").locator(".card-title").allTextContents()).map((s) => s.trim()),
        [kept],
      );
      const after = await userAwards(userId);
      assert.deepEqual(
        after.awards.edges.map((e) => e.node.name),
        [kept],
      );
      assert.deepEqual(
        after.revokedAwards.edges.map((e) => e.node),
        [{ name: taken, revocationReason: "Earned with a duplicated account" }],
      );
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a key of scope award sees no revoke control", async () => {
    const userId = await createUser(`Award key ${suffix}`);
    const name = `Held ${suffix}`;
    await award(userId, await createAchievement(name, 5));
    const { page, context } = await openPage(`#/users/${userId}`, AWARD_KEY);
    try {
      await page.getByTestId("key-info").filter({ hasText: "“game”" }).waitFor();
      await page.getByTestId("award-list").filter({ hasText: name }).waitFor();
      assert.equal(await page.getByRole("button", { name: /^Revoke/ }).count(), 0);
    } finally {
      await context.close();
    }
  });
});

describe("batch awards from CSV", () => {
  test("pasted rows are sent as one awardAchievements; each row's outcome is shown in order", async () => {
    const u1 = await createUser(`Batch one ${suffix}`);
    const u2 = await createUser(`Batch two ${suffix}`);
    const a = await createAchievement(`Batch prize ${suffix}`, 7);
    await award(u2, a);
    const { page, context, problems } = await openPage("#/award", AWARD_KEY);
    try {
      const csv = [
        "userId,achievementId,awardedAt",
        `${u1},${a},2025-05-01T10:00:00Z`,
        `${u2},${a}`,
        `${u1},999999999`,
        `${u1},${a},2999-01-01T00:00:00Z`,
      ].join("\n");
      await page.getByLabel("Rows: userId,achievementId[,awardedAt]").fill(csv);
      await page.getByRole("button", { name: "Award all" }).click();
      await page.getByTestId("batch-summary").filter({ hasText: "Created 1, already held 1, failed 2." }).waitFor();
      const rows = page.getByTestId("batch-results").locator("tbody tr");
      assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-outcome"))), [
        "created",
        "held",
        "error",
        "error",
      ]);
      const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
      assert.deepEqual(
        cells.map((c) => c[0]),
        ["2", "3", "4", "5"],
      );
      assert.equal(cells[0][1], `Batch one ${suffix}`);
      assert.match(cells[0][3], /^Awarded/);
      assert.match(cells[1][3], /^Already held since/);
      assert.match(cells[2][3], /\(achievementId\)/);
      assert.match(cells[3][3], /\(awardedAt\)/);
      assert.equal((await userAwards(u1)).awards.edges.length, 1);

      // Lines that are not 2 or 3 fields are named, and nothing is sent.
      await page.getByLabel("Rows: userId,achievementId[,awardedAt]").fill(`${u1},${a}\njust-one-field`);
      await page.getByRole("button", { name: "Award all" }).click();
      await page.getByTestId("batch-error").filter({ hasText: "These lines do not have 2 or 3 fields: 2." }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
