// Hidden and incremental achievements in the console: the secret badge and placeholders without
// an admin key, real texts with one, progress bars on the user page, hidden and steps in the
// add form, and the edit form of updateAchievement (admin keys only).
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
const KEY_STORAGE_KEY = "achievements-console.api-key";
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const PLACEHOLDER = "Hidden achievement";
let browser;
let user;
let incremental;
let secret;

before(async () => {
  browser = await launchBrowser();
  const created = await gql(
    BASE,
    `mutation($u: CreateUserInput!, $a: CreateAchievementInput!, $b: CreateAchievementInput!) {
       user: createUser(input: $u) { id }
       incremental: createAchievement(input: $a) { id }
       secret: createAchievement(input: $b) { id }
     }`,
    {
      u: { name: `Progress tester ${suffix}`, language: "EN", timeZone: "UTC" },
      a: {
        points: 30,
        steps: 10,
        hidden: true,
        translations: [{ language: "EN", name: `Secret grinder ${suffix}`, description: "Ten quiet steps" }],
      },
      b: {
        points: 5,
        hidden: true,
        translations: [{ language: "EN", name: `Secret handshake ${suffix}`, description: "Known to the few" }],
      },
    },
    KEY,
  );
  user = created.user;
  incremental = created.incremental;
  secret = created.secret;
  await gql(
    BASE,
    `mutation($p: ReportProgressInput!, $w: AwardAchievementInput!) {
       reportProgress(input: $p) { applied }
       awardAchievement(input: $w) { created }
     }`,
    { p: { userId: user.id, achievementId: incremental.id, increment: 4 }, w: { userId: user.id, achievementId: secret.id } },
    AWARD_KEY,
  );
});
after(async () => {
  await browser?.close();
});

async function openPage(path, key) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  context.setDefaultTimeout(TIMEOUT);
  await context.addInitScript(([k, v]) => localStorage.setItem(k, v), [LANG_STORAGE_KEY, "en"]);
  if (key) await context.addInitScript(([k, v]) => sessionStorage.setItem(k, v), [KEY_STORAGE_KEY, key]);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  await page.goto(`${BASE}/${path}`);
  return { page, context, problems };
}

/** The catalogue row of an achievement, loading more pages until it is there. */
async function catalogueRow(page, id) {
  const row = page.locator(`tr[data-achievement-id="${id}"]`);
  for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
    await page.locator("table.catalogue").waitFor();
    const more = page.getByRole("button", { name: "Load more" });
    if (await more.isVisible()) await more.click();
    await page.waitForTimeout(200);
  }
  await row.waitFor();
  return row;
}

describe("hidden and incremental achievements", () => {
  test("without an admin key: the catalogue shows the secret badge, placeholders, steps and rarity, and no edit button", async () => {
    const { page, context, problems } = await openPage("#/achievements", AWARD_KEY);
    try {
      const row = await catalogueRow(page, incremental.id);
      await row.getByTestId("secret-badge").waitFor();
      assert.match(await row.textContent(), new RegExp(PLACEHOLDER));
      assert.doesNotMatch(await row.textContent(), /Secret grinder/);
      assert.match(await row.getByTestId("steps-badge").textContent(), /10 steps/);
      assert.match(await row.textContent(), /%/);
      assert.equal(await row.getByRole("button", { name: "Edit" }).count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("the user page shows a progress bar for the started achievement and the real name of the held secret award", async () => {
    const { page, context, problems } = await openPage(`#/users/${user.id}`);
    try {
      const list = page.getByTestId("progress-list");
      await list.waitFor();
      const item = list.locator(`[data-achievement-id="${incremental.id}"]`);
      assert.equal(await item.locator("progress").getAttribute("value"), "4");
      assert.equal(await item.locator("progress").getAttribute("max"), "10");
      assert.match(await item.getByTestId("progress-figures").textContent(), /4 of 10 steps/);
      assert.match(await item.textContent(), new RegExp(PLACEHOLDER));
      await item.getByTestId("secret-badge").waitFor();
      const awards = page.getByTestId("award-list");
      await awards.getByText(`Secret handshake ${suffix}`).waitFor();
      await awards.getByTestId("secret-badge").first().waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("with an admin key: real texts, and the edit form reveals the achievement and renames it", async () => {
    const { page, context, problems } = await openPage("#/achievements", KEY);
    try {
      await page.getByTestId("key-info").filter({ hasText: "admin" }).waitFor();
      const row = await catalogueRow(page, incremental.id);
      await row.getByText(`Secret grinder ${suffix}`).waitFor();
      await row.getByRole("button", { name: "Edit" }).click();
      const form = page.getByTestId("edit-achievement-form");
      await form.waitFor();
      assert.equal(await form.getByLabel("Hidden until earned").isChecked(), true);
      await form.getByLabel("Hidden until earned").uncheck();
      await form.getByLabel("Name (English)").fill(`Open grinder ${suffix}`);
      await form.getByLabel("Name (Russian)").fill(`Открытый упрямец ${suffix}`);
      await form.getByLabel("Description (Russian)").fill("Десять тихих шагов");
      await form.getByRole("button", { name: "Save changes" }).click();
      await page
        .getByTestId("edit-success")
        .filter({ hasText: `Achievement ${incremental.id} saved.` })
        .waitFor();
      const d = await gql(BASE, `query($id: ID!) { achievement(id: $id) { hidden name ru: name(language: RU) } }`, { id: incremental.id });
      assert.deepEqual(d.achievement, { hidden: false, name: `Open grinder ${suffix}`, ru: `Открытый упрямец ${suffix}` });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("the add form checks steps and creates a hidden incremental achievement", async () => {
    const { page, context, problems } = await openPage("#/achievements", KEY);
    try {
      const name = `Form grinder ${suffix}`;
      await page.getByLabel("Points", { exact: true }).fill("15");
      await page.getByLabel("Steps (optional)").fill("1");
      await page.getByLabel("Name (English)").fill(name);
      await page.getByLabel("Description (English)").fill("Made in the form");
      await page.getByRole("button", { name: "Add achievement" }).click();
      await page.getByText("Steps must be from 2 to 10 000, or empty.").waitFor();
      await page.getByLabel("Steps (optional)").fill("25");
      await page.getByLabel("Hidden until earned").check();
      await page.getByRole("button", { name: "Add achievement" }).click();
      await page
        .getByTestId("form-success")
        .filter({ hasText: `Achievement “${name}” added` })
        .waitFor();
      const id = /\(id (\d+)\)/.exec(await page.getByTestId("form-success").textContent())[1];
      const d = await gql(BASE, `query($id: ID!) { achievement(id: $id) { hidden steps name } }`, { id });
      assert.deepEqual(d.achievement, { hidden: true, steps: 25, name: PLACEHOLDER });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
