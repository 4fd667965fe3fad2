// The console with a key of scope award (api-contract.md, "Keys and scopes"): it says which key is
// in use and what it may do, and a change that needs an admin key is explained, not just refused.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, LANG_STORAGE_KEY } from "../browser.mjs";
import { gql } from "../server.mjs";

const BASE = (process.env.E2E_BASE_URL ?? "").replace(/\/+$/, "");
const KEY = process.env.E2E_API_KEY ?? "";
const AWARD_KEY = process.env.E2E_AWARD_API_KEY ?? "";
if (!BASE || !KEY || !AWARD_KEY) {
  throw new Error(
    "run through `npm run test:e2e` (E2E_BASE_URL, E2E_API_KEY and E2E_AWARD_API_KEY, a key named game of scope award, are needed)",
  );
}

const TIMEOUT = 15_000;
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function achievementCountNamed(name) {
  let n = 0;
  let after = null;
  for (;;) {
    const d = await gql(
      BASE,
      `query($after: String) { achievements(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { name } } } }`,
      { after },
    );
    n += d.achievements.edges.filter((e) => e.node.name === name).length;
    if (!d.achievements.pageInfo.hasNextPage) return n;
    after = d.achievements.pageInfo.endCursor;
  }
}

describe("a key of scope award in the console", () => {
  test("shows the key's name and scope, explains that adding an achievement needs an admin key, and lets an admin key finish it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(TIMEOUT);
    await context.addInitScript(([k, v]) => localStorage.setItem(k, v), [LANG_STORAGE_KEY, "en"]);
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    try {
      await page.goto(`${BASE}/#/achievements`);
      await page.getByRole("heading", { level: 1, name: "Achievements" }).waitFor();
      const name = `Needs an admin ${suffix}`;
      await page.getByLabel("Points", { exact: true }).fill("10");
      await page.getByLabel("Name (English)").fill(name);
      await page.getByLabel("Description (English)").fill("Tried with an award key");
      await page.getByRole("button", { name: "Add achievement" }).click();

      const dialog = page.getByRole("dialog", { name: "API key" });
      await dialog.waitFor();
      await dialog.getByLabel("API key").fill(AWARD_KEY);
      await dialog.getByRole("button", { name: "Continue" }).click();

      // The server answered FORBIDDEN: the dialog says which key and what it may do.
      const explained = dialog.getByTestId("key-forbidden");
      await explained.filter({ hasText: "The key “game” may create and update users and award achievements" }).waitFor();
      assert.match(await explained.textContent(), /needs an admin key/);
      // The key itself is valid and kept: the header names it with its scope.
      await page.getByTestId("key-info").filter({ hasText: "Key “game” (award: users and awards only)" }).waitFor();
      assert.equal(await achievementCountNamed(name), 0, "nothing may be created with an award key");

      // Cancel: the form says why nothing was added, and keeps the input.
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await page.getByTestId("form-error").filter({ hasText: "This API key may not make this change: it needs an admin key." }).waitFor();
      assert.equal(await page.getByLabel("Name (English)").inputValue(), name);
      assert.equal(await achievementCountNamed(name), 0);

      // Again, with an admin key entered when asked: added, and the header now names that key.
      await page.getByRole("button", { name: "Add achievement" }).click();
      await dialog.getByTestId("key-forbidden").waitFor();
      await dialog.getByLabel("API key").fill(KEY);
      await dialog.getByRole("button", { name: "Continue" }).click();
      await page
        .getByTestId("form-success")
        .filter({ hasText: `Achievement “${name}” added` })
        .waitFor();
      await page.getByTestId("key-info").filter({ hasText: "(admin: every change)" }).waitFor();
      assert.equal(await achievementCountNamed(name), 1);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
