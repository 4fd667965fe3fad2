import { TEST_KEY } from "./test-app";
import type { GqlResult, TestApp } from "./test-app";

let counter = 0;
/** A name no other test of this process uses (tests stay independent without a reset). */
export function uniqueName(prefix = "n"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Throws with the errors when a result has any, so a fixture never fails silently. */
export function ok<T>(r: GqlResult<T>): T {
  if (r.errors?.length || !r.data) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(r.errors ?? r.body)}`);
  return r.data;
}

export interface UserData {
  id: string;
  name: string;
  language: "EN" | "RU";
  timeZone: string;
  createdAt: string;
}

export async function createUser(t: TestApp, input: { name?: string; language?: "EN" | "RU"; timeZone?: string } = {}): Promise<UserData> {
  const r = await t.gql<{ createUser: UserData }>(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id name language timeZone createdAt } }`,
    {
      input: {
        name: input.name ?? uniqueName("user"),
        language: input.language ?? "EN",
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      },
    },
  );
  return ok(r).createUser;
}

export interface TranslationData {
  language: "EN" | "RU";
  name: string;
  description: string;
}

export interface AchievementData {
  id: string;
  points: number;
  createdAt: string;
  holderCount: number;
  translations: TranslationData[];
}

/** Creates an achievement; by default with an EN and a RU translation of unique names. */
export async function createAchievement(
  t: TestApp,
  input: { points?: number; translations?: Partial<TranslationData>[] } = {},
): Promise<AchievementData> {
  const base = uniqueName("ach");
  const translations = (input.translations ?? [{ language: "EN" }, { language: "RU" }]).map((x) => ({
    language: x.language ?? "EN",
    name: x.name ?? `${base} ${x.language ?? "EN"}`,
    description: x.description ?? `about ${base} ${x.language ?? "EN"}`,
  }));
  const r = await t.gql<{ createAchievement: AchievementData }>(
    `mutation($input: CreateAchievementInput!) {
       createAchievement(input: $input) { id points createdAt holderCount translations { language name description } }
     }`,
    { input: { points: input.points ?? 10, translations } },
  );
  return ok(r).createAchievement;
}

export interface AwardData {
  id: string;
  awardedAt: string;
  language: "EN" | "RU";
  name: string;
  description: string;
  points: number;
}

export const AWARD_MUTATION = `mutation($input: AwardAchievementInput!) {
  awardAchievement(input: $input) { created award { id awardedAt language name description points user { id } achievement { id } } }
}`;

export async function award(
  t: TestApp,
  userId: string,
  achievementId: string,
  awardedAt?: string,
): Promise<{ created: boolean; award: AwardData }> {
  const r = await t.gql<{ awardAchievement: { created: boolean; award: AwardData } }>(AWARD_MUTATION, {
    input: { userId, achievementId, ...(awardedAt ? { awardedAt } : {}) },
  });
  return ok(r).awardAchievement;
}

/** Row count of a table straight from SQL (not through the API under test). */
export async function countRows(
  t: TestApp,
  table: "users" | "achievements" | "achievement_translations" | "awards",
  where = "TRUE",
  params: unknown[] = [],
): Promise<number> {
  const rows: { n: string }[] = await t.db.dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params);
  return Number(rows[0]!.n);
}

/** The single error of a result (fails when there is none or several). */
export function theError(r: GqlResult): { message: string; extensions?: Record<string, any>; path?: unknown[] } {
  if (!r.errors || r.errors.length !== 1) throw new Error(`expected exactly one error, got ${JSON.stringify(r.body)}`);
  return r.errors[0]!;
}

/** Asserts that a result failed with exactly one error of `code` (and `field`, when given), without data written for it. */
export function expectError(r: GqlResult, code: string, field?: string): void {
  const e = theError(r);
  expect({ code: e.extensions?.code, field: field === undefined ? undefined : e.extensions?.field }).toEqual({ code, field });
}

/** A moment in ISO form with milliseconds, as the API serves DateTimes. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Sends `n` GraphQL requests at the same moment through one real HTTP server (supertest's
 * per-request servers would serialise less realistically), with the test key.
 */
export async function gqlConcurrently(
  t: TestApp,
  n: number,
  request: (i: number) => { query: string; variables?: Record<string, unknown> },
): Promise<GqlResult[]> {
  const http = await import("node:http");
  const supertest = (await import("supertest")).default;
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const agent = supertest.agent(`http://127.0.0.1:${port}`);
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) => agent.post("/graphql").set("authorization", `Bearer ${TEST_KEY}`).send(request(i))),
    );
    return responses.map((res) => ({ status: res.status, data: res.body?.data, errors: res.body?.errors, body: res.body }));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
