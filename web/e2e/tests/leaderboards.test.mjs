// Browser tests of the leaderboards page and the user's ranks (see ../run.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, LANG_STORAGE_KEY } from "../browser.mjs";
import { gql } from "../server.mjs";

const BASE = (process.env.E2E_BASE_URL ?? "").replace(/\/+$/, "");
const KEY = process.env.E2E_API_KEY ?? "";
if (!BASE || !KEY) throw new Error("run through `npm run test:e2e` (E2E_BASE_URL and E2E_API_KEY are needed)");

const TIMEOUT = 15_000;
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
// A month of its own (2001–2019, nobody else awards then), so the board holds only this test's users.
const year = 2001 + Math.floor(Math.random() * 19);
const month = Math.floor(Math.random() * 12);
const inMonth = (day) => new Date(Date.UTC(year, month, day, 12)).toISOString();
let browser;

async function call(query, variables) {
  return gql(BASE, query, variables, KEY);
}

async function openPage(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  context.setDefaultTimeout(TIMEOUT);
  await context.addInitScript(([k, v]) => localStorage.setItem(k, v), [LANG_STORAGE_KEY, "en"]);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  await page.goto(`${BASE}/${path}`);
  return { page, context, problems };
}

/** The board's rows as [rank, name, value] texts. */
async function rows(page) {
  await page.getByTestId("leaderboard").waitFor();
  return page
    .getByTestId("board-row")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
}

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

describe("leaderboards", () => {
  test("switches metric and period, steps between periods, finds a user around their row, and shows ranks on the user page", async () => {
    const names = ["Ada", "Bo", "Cy"].map((n) => `${n} Board ${suffix}`);
    const users = [];
    for (const name of names) {
      const d = await call(`mutation($i: CreateUserInput!) { createUser(input: $i) { id name } }`, { i: { name, language: "EN" } });
      users.push(d.createUser);
    }
    const achievements = [];
    for (const points of [25, 10, 5]) {
      const d = await call(`mutation($i: CreateAchievementInput!) { createAchievement(input: $i) { id } }`, {
        i: { points, translations: [{ language: "EN", name: `Board ${points} ${suffix}`, description: "d" }] },
      });
      achievements.push(d.createAchievement.id);
    }
    const give = (u, a, day) =>
      call(`mutation($i: AwardAchievementInput!) { awardAchievement(input: $i) { created } }`, {
        i: { userId: users[u].id, achievementId: achievements[a], awardedAt: inMonth(day) },
      });
    await give(0, 0, 3); // Ada: 25 points, 1 achievement
    await give(1, 1, 4);
    await give(1, 2, 5); // Bo: 15 points, 2 achievements
    await give(2, 2, 6); // Cy: 5 points, 1 achievement

    const at = inMonth(15);
    const { page, context, problems } = await openPage(`#/leaderboards?period=MONTH&at=${encodeURIComponent(at)}`);
    try {
      await page.getByRole("heading", { level: 1, name: "Leaderboards" }).waitFor();
      assert.deepEqual(await rows(page), [
        ["1", names[0], "25"],
        ["2", names[1], "15"],
        ["3", names[2], "5"],
      ]);
      const label = page.getByTestId("period-label");
      const monthStart = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 4);
      assert.match((await label.textContent()) ?? "", new RegExp(monthStart));

      await page.getByTestId("metric-switch").getByRole("button", { name: "Achievements" }).click();
      await page.getByRole("button", { name: "Achievements", pressed: true }).waitFor();
      await page.waitForFunction(() => new URLSearchParams(location.hash.split("?")[1]).get("metric") === "ACHIEVEMENTS");
      await page.getByTestId("board-row").first().getByText(names[1]).waitFor();
      assert.deepEqual(await rows(page), [
        ["1", names[1], "2"],
        ["2", names[0], "1"],
        ["2", names[2], "1"],
      ]);

      // The next month is empty; back again to this one.
      const before = await label.textContent();
      await page.getByTestId("next-period").click();
      await page.getByText("Nobody has earned anything in this period.").waitFor();
      assert.notEqual(await label.textContent(), before);
      await page.getByTestId("previous-period").click();
      await page.getByTestId("board-row").first().getByText(names[1]).waitFor();
      assert.equal(await label.textContent(), before);

      // Find a user: the board opens around them, their row marked.
      const box = page.getByRole("combobox", { name: "Find a user" });
      await box.fill(`cy board ${suffix}`);
      await page.getByRole("option", { name: new RegExp(names[2]) }).click();
      await page.waitForFunction((id) => location.hash.includes(`around=${id}`), users[2].id);
      const marked = page.locator('[data-testid="board-row"][aria-current="true"]');
      await marked.waitFor();
      assert.match((await marked.textContent()) ?? "", new RegExp(names[2]));
      assert.equal(await page.getByTestId("board-row").count(), 3);

      // The user page: ranks of the current periods (nothing this month: a dash), all-time a link to the board.
      await page.goto(`${BASE}/#/users/${users[0].id}`);
      const ranks = page.getByTestId("user-ranks");
      await ranks.getByRole("heading", { name: "Ranks" }).waitFor();
      await ranks.getByTestId("rank-POINTS-ALL_TIME").getByRole("link").waitFor();
      assert.equal((await ranks.getByTestId("rank-POINTS-DAY").textContent())?.trim(), "—");
      const d = await call(`query($id: ID!) { user(id: $id) { rank } }`, { id: users[0].id });
      assert.match((await ranks.getByTestId("rank-POINTS-ALL_TIME").textContent()) ?? "", new RegExp(`#${d.user.rank}\\b`));
      await ranks.getByTestId("rank-POINTS-ALL_TIME").getByRole("link").click();
      await page.getByRole("heading", { level: 1, name: "Leaderboards" }).waitFor();
      await page.locator('[data-testid="board-row"][aria-current="true"]').getByText(names[0]).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
