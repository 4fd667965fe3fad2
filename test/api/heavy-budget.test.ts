import { currentStatementPriority } from "../../src/db/statement-priority";
import { HEAVY_CONCURRENCY, HEAVY_CONNECTIONS, HEAVY_COST, HeavyBudget, MAX_COST, checkCost } from "../../src/graphql/limits";
import { createSchema } from "../../src/graphql/schema";
import { UserService } from "../../src/modules/user/user.service";
import { parse } from "graphql";
import { codes, useTestApp } from "../helpers/test-app";

// api-contract.md "Hostile requests": the service may shed heavy requests (SERVICE_UNAVAILABLE)
// so that one client's expensive documents do not hurt the others.

const t = useTestApp();
afterEach(() => {
  jest.restoreAllMocks();
});

const heavy = `{ users(first: 100) { edges { node { id name awards(first: 100) { edges { node { id name description points awardedAt } } } } } } }`;
const light = `{ users(first: 5) { totalCount } }`;

test("the heavy document of this test is heavy and admitted, the light one is light", () => {
  const schema = createSchema();
  const cost = checkCost(schema, parse(heavy), {}, undefined);
  expect(cost).toBeGreaterThanOrEqual(HEAVY_COST);
  expect(cost).toBeLessThanOrEqual(MAX_COST);
  expect(checkCost(schema, parse(light), {}, undefined)).toBeLessThan(HEAVY_COST);
});

test("while the budget's heavy requests run, another heavy one is SERVICE_UNAVAILABLE (503) and a light one runs", async () => {
  // Heavy requests stay in their resolver until released: the budget is then full, whatever the timing.
  const original = UserService.prototype.list;
  let entered = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const allArrived = new Promise<void>((resolve) => (arrived = resolve));
  jest.spyOn(UserService.prototype, "list").mockImplementation(async function (this: UserService, ...args) {
    if (args[0].first === 100) {
      if (++entered === HEAVY_CONCURRENCY) arrived();
      await gate;
    }
    return original.apply(this, args);
  });

  const running = Array.from({ length: HEAVY_CONCURRENCY }, () => t.gql(heavy));
  await allArrived;
  const shed = await t.gql(heavy);
  expect(shed.status).toBe(503);
  expect(codes(shed)).toEqual(["SERVICE_UNAVAILABLE"]);
  expect(shed.errors![0]!.message).toContain(String(HEAVY_CONCURRENCY));
  expect(shed.data).toBeUndefined();
  const ok = await t.gql(light);
  expect(ok.errors).toBeUndefined();

  release();
  for (const r of await Promise.all(running)) expect(r.errors).toBeUndefined();
  // The slots are free again once those have answered.
  expect((await t.gql(heavy)).errors).toBeUndefined();
});

test("a slot released twice is given back once", () => {
  const budget = new HeavyBudget(1);
  const free = budget.acquire();
  expect(() => budget.acquire()).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "SERVICE_UNAVAILABLE" }) }));
  free();
  free();
  expect(budget.inUse).toBe(0);
  budget.acquire()();
  expect(budget.inUse).toBe(0);
});

test("an expensive operation's statements run in the background, at most HEAVY_CONNECTIONS at once; a cheap one's are ordinary", async () => {
  // Every statement that reaches the database, with the priority it was issued with and how many
  // statements of its kind were in flight when it began.
  const seen: { priority: string; inFlight: number }[] = [];
  const inFlight = { ordinary: 0, background: 0 };
  const original = t.db.dataSource.query.bind(t.db.dataSource);
  jest.spyOn(t.db.dataSource, "query").mockImplementation(async (...args: Parameters<typeof original>) => {
    const priority = currentStatementPriority();
    inFlight[priority]++;
    seen.push({ priority, inFlight: inFlight[priority] });
    try {
      return await original(...args);
    } finally {
      inFlight[priority]--;
    }
  });
  // Ten statistics with lists: each runs statements of its own, all issued at once.
  const statistic = (i: number) =>
    i % 2 ? `s${i}: mostPoints { points users(first: 1000) { id } }` : `s${i}: mostAchievements { count users(first: 1000) { id } }`;
  const expensive = `{ stats { ${Array.from({ length: 10 }, (_, i) => statistic(i)).join(" ")} } }`;
  expect(checkCost(createSchema(), parse(expensive), {}, undefined)).toBeGreaterThanOrEqual(HEAVY_COST);

  const r = await t.gql(expensive);
  expect(r.errors).toBeUndefined();
  expect(seen.length).toBeGreaterThan(HEAVY_CONNECTIONS);
  expect(seen.every((s) => s.priority === "background")).toBe(true);
  expect(Math.max(...seen.map((s) => s.inFlight))).toBe(HEAVY_CONNECTIONS);

  seen.length = 0;
  const cheap = `{ stats { a: mostPoints { points } b: mostAchievements { count } } users(first: 5) { totalCount } }`;
  expect(checkCost(createSchema(), parse(cheap), {}, undefined)).toBeLessThan(HEAVY_COST);
  const c = await t.gql(cheap);
  expect(c.errors).toBeUndefined();
  expect(seen.length).toBeGreaterThan(HEAVY_CONNECTIONS);
  expect(seen.every((s) => s.priority === "ordinary")).toBe(true);
  // Without the lane the statements of one operation are issued together.
  expect(Math.max(...seen.map((s) => s.inFlight))).toBeGreaterThan(HEAVY_CONNECTIONS);
});
