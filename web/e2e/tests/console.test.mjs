// Browser tests of the web console against the real service (see ../run.mjs).
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

/** A fresh browser context (own localStorage/sessionStorage); the interface in `lang` unless told otherwise. */
async function openPage(path, { lang = "en", viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: "en-US" });
  context.setDefaultTimeout(TIMEOUT);
  if (lang) {
    await context.addInitScript(
      ([k, v]) => {
        if (!localStorage.getItem(k)) localStorage.setItem(k, v);
      },
      [LANG_STORAGE_KEY, lang],
    );
  }
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  await page.goto(`${BASE}/${path}`);
  return { page, context, problems };
}

async function createUser(name, language, timeZone) {
  const d = await gql(
    BASE,
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id name } }`,
    { input: { name, language, timeZone } },
    KEY,
  );
  return d.createUser;
}

async function createAchievement(points, en, ru) {
  const translations = [];
  if (en) translations.push({ language: "EN", name: en[0], description: en[1] });
  if (ru) translations.push({ language: "RU", name: ru[0], description: ru[1] });
  const d = await gql(
    BASE,
    `mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`,
    { input: { points, translations } },
    KEY,
  );
  return d.createAchievement;
}

async function award(userId, achievementId, awardedAt) {
  const d = await gql(
    BASE,
    `mutation($input: AwardAchievementInput!) { awardAchievement(input: $input) { created } }`,
    { input: { userId, achievementId, awardedAt } },
    KEY,
  );
  return d.awardAchievement;
}

async function achievementNamed(name) {
  let after = null;
  for (;;) {
    const d = await gql(
      BASE,
      `query($after: String) { achievements(first: 100, after: $after) {
         pageInfo { hasNextPage endCursor } edges { node { id points translations { language name } } } } }`,
      { after },
    );
    const hit = d.achievements.edges.find((e) => e.node.translations.some((t) => t.name === name));
    if (hit) return hit.node;
    if (!d.achievements.pageInfo.hasNextPage) return null;
    after = d.achievements.pageInfo.endCursor;
  }
}

/** Answers the API key dialog. */
async function enterKey(page, key) {
  const dialog = page.getByRole("dialog", { name: "API key" });
  await dialog.waitFor();
  await dialog.getByLabel("API key").fill(key);
  await dialog.getByRole("button", { name: "Continue" }).click();
}

const names = {
  ruUser: `Пётр Е2Е ${suffix}`,
  ruAchievement: [`Ранняя пташка ${suffix}`, "Получить награду до рассвета"],
  enAchievement: [`Early bird ${suffix}`, "Get an award before dawn"],
  bigEn: [`Whale ${suffix}`, "One enormous achievement, added from the browser"],
  bigRu: [`Кит ${suffix}`, "Огромное достижение, добавленное из браузера"],
  awardUser: `Award Target ${suffix}`,
};
let bigAchievementName = null;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe("web console", () => {
  test("finds a user by name and shows their awards in their language", async () => {
    const user = await createUser(names.ruUser, "RU", "Europe/Moscow");
    const ach = await createAchievement(15, names.enAchievement, names.ruAchievement);
    const other = await createAchievement(5, [`Only English ${suffix}`, "No Russian text"], null);
    // two consecutive days (Moscow) make a streak of 2
    const now = Date.now();
    await award(user.id, ach.id, new Date(now - 60_000).toISOString());
    await award(user.id, other.id, new Date(now - 86_400_000).toISOString());

    const { page, context, problems } = await openPage("#/users");
    try {
      await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
      // case-insensitive, part of the name
      await page.getByLabel("Search by name").fill(`пётр е2е ${suffix}`.toUpperCase());
      const link = page.getByRole("link", { name: names.ruUser });
      await link.waitFor();
      await assert.doesNotReject(page.getByRole("status").filter({ hasText: "1 user found" }).first().waitFor());
      await link.click();

      await page.getByRole("heading", { level: 1, name: names.ruUser }).waitFor();
      const facts = page.getByTestId("user-facts");
      await facts.getByText("Europe/Moscow").waitFor();
      assert.equal((await page.getByTestId("user-points").textContent())?.trim(), "20");
      assert.equal((await page.getByTestId("user-achievement-count").textContent())?.trim(), "2");
      assert.match((await page.getByTestId("user-longest-streak").textContent()) ?? "", /^2 days,/);

      const awards = page.getByTestId("award-list");
      const ruCard = awards.locator("li", { hasText: names.ruAchievement[0] });
      await ruCard.waitFor();
      assert.equal(await ruCard.getAttribute("lang"), "ru");
      await ruCard.getByText(names.ruAchievement[1]).waitFor();
      assert.equal(await awards.getByText(names.enAchievement[0]).count(), 0, "the English name must not be shown");
      // an achievement without Russian text falls back to English, and says so
      const fallback = awards.locator("li", { hasText: `Only English ${suffix}` });
      assert.equal(await fallback.getAttribute("lang"), "en");
      await fallback.getByText(/no translation in the user's language/).waitFor();

      // the calendar, in Moscow days, with the 2-day streak outlined
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" }).format(new Date(now - 60_000));
      const cell = page.locator(`rect[data-day="${today}"]`);
      assert.equal(await cell.getAttribute("data-count"), "1");
      assert.ok((await page.getByTestId("longest-streak-outline").locator("line").count()) >= 4);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a wrong API key is refused and said so; nothing is written until the right key is given", async () => {
    const { page, context } = await openPage("#/achievements");
    try {
      await page.getByRole("heading", { level: 1, name: "Achievements" }).waitFor();
      const name = `Stored after a wrong key ${suffix}`;
      await page.getByLabel("Points", { exact: true }).fill("10");
      await page.getByLabel("Name (English)").fill(name);
      await page.getByLabel("Description (English)").fill("Sent with a wrong key");
      await page.getByRole("button", { name: "Add achievement" }).click();

      await enterKey(page, "definitely-not-the-key");
      const dialog = page.getByRole("dialog", { name: "API key" });
      await dialog.getByRole("alert").filter({ hasText: "The API key was rejected by the server" }).waitFor();
      // the rejected key was forgotten: nothing in sessionStorage
      assert.equal(await page.evaluate(() => sessionStorage.getItem("achievements-console.api-key")), null);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await page.getByTestId("form-error").filter({ hasText: "The API key was rejected by the server." }).waitFor();
      assert.equal(await achievementNamed(name), null, "nothing may be created with a wrong key");
      // the typed values are kept for another try, which asks for the key again
      assert.equal(await page.getByLabel("Name (English)").inputValue(), name);
      await page.getByRole("button", { name: "Add achievement" }).click();
      await enterKey(page, KEY);
      await page
        .getByTestId("form-success")
        .filter({ hasText: `Achievement “${name}” added` })
        .waitFor();
      assert.equal(await page.getByTestId("form-error").textContent(), "");
      assert.ok(await achievementNamed(name));
    } finally {
      await context.close();
    }
  });

  test("adds an achievement with both translations, checking input as the contract does", async () => {
    const { page, context, problems } = await openPage("#/achievements");
    try {
      await page.getByRole("heading", { level: 1, name: "Achievements" }).waitFor();
      await page.getByTestId("catalogue").waitFor();

      // client-side checks: nothing is sent, errors sit next to their fields
      await page.getByLabel("Points", { exact: true }).fill("1.5");
      await page.getByLabel("Name (English)").fill("x".repeat(101));
      await page.getByRole("button", { name: "Add achievement" }).click();
      await page.getByText("Enter a whole number.").waitFor();
      await page.getByText("At most 100 characters.").waitFor();
      assert.equal(await page.getByLabel("Description (English)").getAttribute("aria-invalid"), "true");
      assert.equal(await page.getByRole("dialog").count(), 0, "no key is asked while the input is wrong");
      // focus went to the first wrong field
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "points");

      await page.getByLabel("Points", { exact: true }).fill("100000");
      await page.getByLabel("Name (English)").fill(names.bigEn[0]);
      await page.getByLabel("Description (English)").fill(names.bigEn[1]);
      await page.getByLabel("Name (Russian)").fill(names.bigRu[0]);
      await page.getByLabel("Description (Russian)").fill(names.bigRu[1]);
      await page.getByRole("button", { name: "Add achievement" }).click();
      await enterKey(page, KEY);
      await page
        .getByTestId("form-success")
        .filter({ hasText: `Achievement “${names.bigEn[0]}” added` })
        .waitFor();

      const row = page.getByTestId("catalogue").locator("tr", { hasText: names.bigEn[0] });
      // the new one is last (ordered by id); load more pages until it shows
      for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
        const more = page.getByRole("button", { name: "Load more" });
        if ((await more.count()) === 0) break;
        await more.click();
        await page.waitForTimeout(300);
      }
      await row.waitFor();
      await row.getByText(names.bigRu[0]).waitFor();
      await row.getByText(names.bigRu[1]).waitFor();
      assert.match((await row.textContent()) ?? "", /100,000/);
      bigAchievementName = names.bigEn[0];

      const stored = await achievementNamed(names.bigRu[0]);
      assert.ok(stored, "the achievement is in the catalogue");
      assert.equal(stored.points, 100000);
      assert.equal(stored.translations.length, 2);

      // the same Russian name again: the server's CONFLICT lands next to the Russian name
      await page.getByLabel("Points", { exact: true }).fill("5");
      await page.getByLabel("Name (English)").fill(`Another ${suffix}`);
      await page.getByLabel("Description (English)").fill("Different English name");
      await page.getByLabel("Name (Russian)").fill(names.bigRu[0].toUpperCase());
      await page.getByLabel("Description (Russian)").fill("Повтор имени");
      await page.getByRole("button", { name: "Add achievement" }).click(); // the key is remembered: no dialog
      const ruName = page.getByLabel("Name (Russian)");
      await page.waitForFunction(() => document.querySelector('input[name="ru-name"]')?.getAttribute("aria-invalid") === "true", null, {
        timeout: TIMEOUT,
      });
      const describedBy = (await ruName.getAttribute("aria-describedby")) ?? "";
      const errorId = describedBy.split(" ").find((x) => x.endsWith("-error"));
      assert.ok(errorId, "the Russian name field points at its error");
      assert.match((await page.locator(`[id="${errorId}"]`).textContent()) ?? "", /already taken/);
      assert.equal(await page.getByRole("dialog").count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("awards the achievement; the user's points and the statistics change", async () => {
    if (!bigAchievementName) {
      await createAchievement(100000, names.bigEn, names.bigRu);
      bigAchievementName = names.bigEn[0];
    }
    await createUser(names.awardUser, "EN", "UTC");

    const { page, context, problems } = await openPage("#/stats");
    try {
      await page.getByRole("heading", { level: 1, name: "Statistics" }).waitFor();
      const mostPoints = page.getByTestId("stat-most-points");
      await mostPoints.locator(".big-number").waitFor();
      const before = (await mostPoints.textContent()) ?? "";
      assert.ok(!before.includes(names.awardUser));

      await page.getByRole("navigation").getByRole("link", { name: "Award" }).click();
      await page.getByRole("heading", { level: 1, name: "Award an achievement" }).waitFor();
      const userBox = page.getByRole("combobox", { name: "User" });
      // a broad search first: arrows move through the options. The options shown while a search
      // is on its way are the last search's, so first clear them with a search that finds nobody.
      await userBox.fill(`nobody ${suffix}`);
      await page.getByText("Nothing matches.").waitFor();
      await userBox.fill("e");
      await page.getByRole("option").nth(1).waitFor();
      await userBox.press("ArrowDown");
      assert.equal(await page.getByRole("option").nth(1).getAttribute("aria-selected"), "true");
      assert.equal(await userBox.getAttribute("aria-activedescendant"), await page.getByRole("option").nth(1).getAttribute("id"));
      await userBox.fill(`target ${suffix}`);
      await page.getByRole("option", { name: new RegExp(names.awardUser) }).click();
      assert.equal(await userBox.inputValue(), names.awardUser);

      // the achievement picker filters the catalogue in either language, by keyboard
      const achBox = page.getByRole("combobox", { name: "Achievement" });
      await achBox.fill(names.bigRu[0].toLowerCase());
      await page.getByRole("option", { name: new RegExp(names.bigEn[0]) }).waitFor();
      await achBox.press("ArrowDown");
      await achBox.press("Enter");
      assert.equal(await achBox.inputValue(), names.bigEn[0]);

      await page.getByRole("button", { name: "Award", exact: true }).click();
      await enterKey(page, KEY);
      const result = page.getByTestId("award-result");
      await result.filter({ hasText: `New award: “${names.bigEn[0]}” to ${names.awardUser}.` }).waitFor();
      assert.equal(await result.getAttribute("data-created"), "true");
      assert.match((await page.getByTestId("award-result-user").textContent()) ?? "", /100,000 points and 1 achievement/);

      // again: already held, nothing changes
      await page.getByRole("button", { name: "Award", exact: true }).click();
      await result.filter({ hasText: "already holds" }).waitFor();
      assert.equal(await result.getAttribute("data-created"), "false");

      await result.getByRole("link", { name: "Open the user's page" }).click();
      await page.getByRole("heading", { level: 1, name: names.awardUser }).waitFor();
      assert.equal((await page.getByTestId("user-points").textContent())?.trim(), "100,000");
      await page.getByTestId("award-list").getByText(names.bigEn[0]).waitFor();

      await page.getByRole("navigation").getByRole("link", { name: "Statistics" }).click();
      await page.getByRole("heading", { level: 1, name: "Statistics" }).waitFor();
      const mp = page.getByTestId("stat-most-points");
      await mp.getByRole("link", { name: names.awardUser }).waitFor();
      const afterText = (await mp.textContent()) ?? "";
      assert.notEqual(afterText, before);
      assert.match(afterText, /100,000 points/);
      await page.getByTestId("points-leaders").getByRole("link", { name: names.awardUser }).waitFor();
      // the largest difference now reaches up to this user
      await page.getByTestId("stat-max-gap").getByRole("link", { name: names.awardUser }).first().waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("switches the interface language and remembers it", async () => {
    const { page, context } = await openPage("#/users", { lang: null });
    try {
      await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "en");
      await page.getByRole("button", { name: /RU/ }).click();
      await page.getByRole("heading", { level: 1, name: "Пользователи" }).waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "ru");
      await page.getByRole("navigation").getByRole("link", { name: "Статистика" }).waitFor();
      assert.equal(await page.getByRole("button", { name: /RU/ }).getAttribute("aria-pressed"), "true");
      assert.match(await page.title(), /Консоль достижений/);

      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Пользователи" }).waitFor();
      await page.getByRole("navigation").getByRole("link", { name: "Достижения" }).click();
      await page.getByRole("heading", { level: 1, name: "Достижения" }).waitFor();
      await page.getByLabel("Название (русский)").waitFor();

      await page.getByRole("button", { name: /EN/ }).click();
      await page.getByRole("heading", { level: 1, name: "Achievements" }).waitFor();
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), LANG_STORAGE_KEY), "en");
    } finally {
      await context.close();
    }
  });

  test("works at phone width and by keyboard", async () => {
    const { page, context, problems } = await openPage("#/users", { viewport: { width: 360, height: 740 } });
    try {
      await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
      await page.locator(".user-card").first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at 360px (overflow ${overflow}px)`);
      // the first Tab reaches the skip link, which moves focus to the main content
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
      for (const path of ["#/achievements", "#/award", "#/stats"]) {
        await page.goto(`${BASE}/${path}`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await page.waitForLoadState("networkidle");
        const o = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(o <= 0, `${path}: no horizontal scrolling at 360px (overflow ${o}px)`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
