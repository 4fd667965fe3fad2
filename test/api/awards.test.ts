import http from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { AWARD_MUTATION, award, countRows, createAchievement, createUser, expectError, ISO_MS, ok } from "../helpers/fixtures";
import type { AwardData, UserData } from "../helpers/fixtures";
import { TEST_KEY, useTestApp } from "../helpers/test-app";

const t = useTestApp();

const awardRaw = (input: Record<string, unknown>) =>
  t.gql<{ awardAchievement: { created: boolean; award: AwardData } }>(AWARD_MUTATION, { input });

const AWARDS = `query($id: ID!, $first: Int, $after: String) {
  user(id: $id) {
    awards(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id awardedAt achievement { id } } }
    }
  }
}`;

interface AwardsPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; awardedAt: string; achievement: { id: string } } }[];
}

async function awardsOf(userId: string, first?: number | null, after?: string | null): Promise<AwardsPage> {
  return ok(await t.gql(AWARDS, { id: userId, first, after })).user.awards;
}

describe("awardAchievement", () => {
  test("creates an award at the server's clock by default, with the achievement's points", async () => {
    const u = await createUser(t, { language: "EN" });
    const a = await createAchievement(t, { points: 42 });
    t.setNow(Date.parse("2025-03-01T12:34:56.789Z"));
    const r = await award(t, u.id, a.id);
    expect(r.created).toBe(true);
    expect(r.award).toMatchObject({
      awardedAt: "2025-03-01T12:34:56.789Z",
      points: 42,
      language: "EN",
      name: a.translations.find((x) => x.language === "EN")!.name,
      user: { id: u.id },
      achievement: { id: a.id },
    });
    expect(await countRows(t, "awards")).toBe(1);
  });

  test("awarding again answers created: false with the same id and awardedAt, even with another awardedAt", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const first = await award(t, u.id, a.id, "2024-02-03T04:05:06.007Z");
    expect(first.created).toBe(true);
    const again = await award(t, u.id, a.id);
    const other = await award(t, u.id, a.id, "2021-01-01T00:00:00Z");
    for (const r of [again, other]) {
      expect(r.created).toBe(false);
      expect(r.award).toEqual(first.award);
    }
    expect(await countRows(t, "awards")).toBe(1);
    const list = await awardsOf(u.id);
    expect(list.edges.map((e) => [e.node.id, e.node.awardedAt])).toEqual([[first.award.id, "2024-02-03T04:05:06.007Z"]]);
  });

  test("DateTimes are served as toISOString() writes them; an offset input is the same instant", async () => {
    const u = await createUser(t);
    const cases: [string, string][] = [
      ["2024-05-01T13:00:00+03:00", "2024-05-01T10:00:00.000Z"],
      ["2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z"],
      ["2023-12-31T23:30:00-05:30", "2024-01-01T05:00:00.000Z"],
      ["2022-06-15T08:09:10.123Z", "2022-06-15T08:09:10.123Z"],
      ["2022-06-15T08:09:10.5+01:00", "2022-06-15T07:09:10.500Z"],
      ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00.000Z"],
      ["2000-01-01T03:00:00+03:00", "2000-01-01T00:00:00.000Z"],
    ];
    for (const [input, served] of cases) {
      const a = await createAchievement(t);
      const r = await award(t, u.id, a.id, input);
      expect(r.award.awardedAt).toBe(served);
      expect(r.award.awardedAt).toBe(new Date(input).toISOString());
      const stored: { ms: string }[] = await t.db.dataSource.query(
        `SELECT (extract(epoch FROM awarded_at) * 1000)::bigint AS ms FROM awards WHERE id = $1`,
        [r.award.id],
      );
      expect(Number(stored[0]!.ms)).toBe(Date.parse(input));
    }
    const listed = (await awardsOf(u.id, 100)).edges.map((e) => e.node.awardedAt);
    for (const at of listed) expect(at).toMatch(ISO_MS);
  });

  test("a user or an achievement that does not exist is NOT_FOUND on its field, writing nothing", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    expectError(await awardRaw({ userId: "999", achievementId: a.id }), "NOT_FOUND", "userId");
    expectError(await awardRaw({ userId: u.id, achievementId: "999" }), "NOT_FOUND", "achievementId");
    expectError(await awardRaw({ userId: "9223372036854775807", achievementId: a.id }), "NOT_FOUND", "userId");
    const both = await awardRaw({ userId: "998", achievementId: "999" });
    expect(both.errors).toHaveLength(1);
    expect(both.errors![0]!.extensions?.code).toBe("NOT_FOUND");
    expect(await countRows(t, "awards")).toBe(0);
    const holders = ok(await t.gql(`query($id: ID!) { achievement(id: $id) { holderCount } }`, { id: a.id })).achievement.holderCount;
    expect(holders).toBe(0);
  });

  test.each(["0", "-1", "abc", "01", "9223372036854775808", ""])(
    "a malformed userId or achievementId %p is BAD_USER_INPUT on that field",
    async (bad) => {
      const u = await createUser(t);
      const a = await createAchievement(t);
      expectError(await awardRaw({ userId: bad, achievementId: a.id }), "BAD_USER_INPUT", "userId");
      expectError(await awardRaw({ userId: u.id, achievementId: bad }), "BAD_USER_INPUT", "achievementId");
      expect(await countRows(t, "awards")).toBe(0);
    },
  );

  test("awardedAt more than a minute after the server's clock is BAD_USER_INPUT; a minute is allowed", async () => {
    const u = await createUser(t);
    const [a, b] = [await createAchievement(t), await createAchievement(t)];
    const now = Date.parse("2026-01-10T10:00:00.000Z");
    t.setNow(now);
    expectError(
      await awardRaw({ userId: u.id, achievementId: a.id, awardedAt: new Date(now + 60_001).toISOString() }),
      "BAD_USER_INPUT",
      "awardedAt",
    );
    expectError(
      await awardRaw({ userId: u.id, achievementId: a.id, awardedAt: "2026-01-10T12:00:00+01:00" }),
      "BAD_USER_INPUT",
      "awardedAt",
    );
    expectError(await awardRaw({ userId: u.id, achievementId: a.id, awardedAt: "2099-01-01T00:00:00Z" }), "BAD_USER_INPUT", "awardedAt");
    expect(await countRows(t, "awards")).toBe(0);
    const edge = await award(t, u.id, a.id, new Date(now + 60_000).toISOString());
    expect(edge.award.awardedAt).toBe("2026-01-10T10:01:00.000Z");
    // The limit follows the server's clock, not the wall clock of the test machine.
    t.setNow(Date.parse("2099-01-01T00:00:00Z"));
    expect((await award(t, u.id, b.id, "2098-12-31T23:59:00Z")).created).toBe(true);
  });

  test("awardedAt before 2000-01-01T00:00:00Z is BAD_USER_INPUT", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    for (const awardedAt of ["1999-12-31T23:59:59.999Z", "2000-01-01T02:59:59+03:00", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z"]) {
      expectError(await awardRaw({ userId: u.id, achievementId: a.id, awardedAt }), "BAD_USER_INPUT", "awardedAt");
    }
    expect(await countRows(t, "awards")).toBe(0);
  });

  test.each([
    "2025-01-01T00:00:00",
    "2025-01-01T00:00:00.000",
    "2025-01-01",
    "2025-02-30T00:00:00Z",
    "2025-01-01T24:00:00Z",
    "2025-01-01T00:00:00+3",
    "yesterday",
    "",
  ])("awardedAt %p (no offset, or not an instant) is BAD_USER_INPUT on field awardedAt", async (awardedAt) => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    expectError(await awardRaw({ userId: u.id, achievementId: a.id, awardedAt }), "BAD_USER_INPUT", "awardedAt");
    expect(await countRows(t, "awards")).toBe(0);
  });

  test("awardedAt as a number is refused and nothing is written", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const r = await awardRaw({ userId: u.id, achievementId: a.id, awardedAt: 1_700_000_000_000 });
    expectError(r, "BAD_USER_INPUT", "awardedAt");
    const literal = await t.gql(
      `mutation { awardAchievement(input: { userId: "${u.id}", achievementId: "${a.id}", awardedAt: "2025-01-01T00:00:00" }) { created } }`,
    );
    expect(literal.errors).toHaveLength(1);
    expect(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]).toContain(literal.errors![0]!.extensions?.code);
    expect(await countRows(t, "awards")).toBe(0);
  });
});

describe("identical awards at the same moment", () => {
  async function concurrently<T>(n: number, send: (agent: request.Agent, i: number) => Promise<T>): Promise<T[]> {
    // One real HTTP server so that the requests really overlap (a keep-alive agent per request set).
    const server = http.createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const agent = request.agent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      return await Promise.all(Array.from({ length: n }, (_, i) => send(agent, i)));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  test("50 identical awards sent concurrently create exactly one row; all answer the same award", async () => {
    const u = await createUser(t);
    const a = await createAchievement(t);
    const results = await concurrently(50, (agent, i) =>
      agent
        .post("/graphql")
        .set("authorization", `Bearer ${TEST_KEY}`)
        .send({
          query: AWARD_MUTATION,
          variables: { input: { userId: u.id, achievementId: a.id, awardedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString() } },
        }),
    );
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
    }
    const answers = results.map((r) => r.body.data.awardAchievement as { created: boolean; award: AwardData });
    expect(answers.filter((x) => x.created)).toHaveLength(1);
    const winner = answers.find((x) => x.created)!.award;
    for (const x of answers) expect(x.award).toEqual(winner);
    expect(await countRows(t, "awards", "user_id = $1 AND achievement_id = $2", [u.id, a.id])).toBe(1);
    const holders = ok(await t.gql(`query($id: ID!) { achievement(id: $id) { holderCount } }`, { id: a.id })).achievement.holderCount;
    expect(holders).toBe(1);
  });

  test("concurrent awards of one achievement to 20 users are all counted", async () => {
    const a = await createAchievement(t);
    const users: UserData[] = [];
    for (let i = 0; i < 20; i++) users.push(await createUser(t));
    const results = await concurrently(40, (agent, i) =>
      agent
        .post("/graphql")
        .set("authorization", `Bearer ${TEST_KEY}`)
        .send({ query: AWARD_MUTATION, variables: { input: { userId: users[i % 20]!.id, achievementId: a.id } } }),
    );
    const answers = results.map((r) => r.body.data.awardAchievement as { created: boolean });
    expect(answers.filter((x) => x.created)).toHaveLength(20);
    expect(await countRows(t, "awards")).toBe(20);
    const holders = ok(await t.gql(`query($id: ID!) { achievement(id: $id) { holderCount } }`, { id: a.id })).achievement.holderCount;
    expect(holders).toBe(20);
  });
});

describe("a user's awards", () => {
  /** Awards `times` (ISO) to a new user, one new achievement each, in the given order; returns award ids. */
  async function history(times: string[]) {
    const u = await createUser(t);
    const rows: { id: string; awardedAt: string }[] = [];
    for (const at of times) {
      const a = await createAchievement(t);
      const r = await award(t, u.id, a.id, at);
      rows.push({ id: r.award.id, awardedAt: r.award.awardedAt });
    }
    return { user: u, rows };
  }

  /** awardedAt descending, then id descending (as numbers). */
  const newestFirst = (rows: { id: string; awardedAt: string }[]) =>
    [...rows].sort((x, y) => Date.parse(y.awardedAt) - Date.parse(x.awardedAt) || Number(y.id) - Number(x.id)).map((r) => r.id);

  test("are newest first, then by id descending when awardedAt is equal", async () => {
    const { user, rows } = await history([
      "2024-03-01T00:00:00Z",
      "2024-05-01T00:00:00Z",
      "2024-04-01T00:00:00Z",
      "2024-05-01T00:00:00Z",
      "2024-05-01T03:00:00+03:00",
      "2024-05-01T00:00:00.001Z",
      "2023-01-01T00:00:00Z",
    ]);
    const listed = (await awardsOf(user.id, 100)).edges.map((e) => e.node.id);
    expect(listed).toEqual(newestFirst(rows));
    expect(listed[0]).toBe(rows[5]!.id);
    expect(listed.slice(1, 4)).toEqual([rows[4]!.id, rows[3]!.id, rows[1]!.id]);
  });

  test("walk to the end with first: 2, through ties, and agree with the full list", async () => {
    const times = [
      "2024-01-01T00:00:00Z",
      "2024-01-02T00:00:00Z",
      "2024-01-02T00:00:00Z",
      "2024-01-02T00:00:00Z",
      "2024-01-01T12:00:00Z",
      "2023-06-01T00:00:00Z",
      "2024-01-02T00:00:00Z",
    ];
    const { user, rows } = await history(times);
    // A second user's awards must not leak into the first user's pages.
    const other = await createUser(t);
    await award(t, other.id, (await createAchievement(t)).id, "2024-01-02T00:00:00Z");
    const full = await awardsOf(user.id, 100);
    expect(full.totalCount).toBe(7);
    expect(full.edges.map((e) => e.node.id)).toEqual(newestFirst(rows));
    const walked: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await awardsOf(user.id, 2, after);
      pages += 1;
      expect(page.totalCount).toBe(7);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      walked.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(2);
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4);
    expect(walked).toEqual(full.edges.map((e) => e.node.id));
    expect(await awardsOf(user.id, 2, after)).toEqual({
      totalCount: 7,
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  test("an award given later with an earlier awardedAt takes its place in the list", async () => {
    const { user, rows } = await history(["2024-01-03T00:00:00Z", "2024-01-01T00:00:00Z"]);
    const late = await award(t, user.id, (await createAchievement(t)).id, "2024-01-02T00:00:00Z");
    expect((await awardsOf(user.id)).edges.map((e) => e.node.id)).toEqual([rows[0]!.id, late.award.id, rows[1]!.id]);
  });

  test("a user without awards has an empty list", async () => {
    const u = await createUser(t);
    expect(await awardsOf(u.id)).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  test("first: null means 20; 0 and 101 are BAD_USER_INPUT on field first", async () => {
    const times = Array.from({ length: 22 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString());
    const { user } = await history(times);
    const page = await awardsOf(user.id, null);
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect((await awardsOf(user.id)).edges).toHaveLength(20);
    expect((await awardsOf(user.id, 100)).edges).toHaveLength(22);
    expectError(await t.gql(AWARDS, { id: user.id, first: 0 }), "BAD_USER_INPUT", "first");
    expectError(await t.gql(AWARDS, { id: user.id, first: 101 }), "BAD_USER_INPUT", "first");
  });

  test("a cursor of another user's list, of another list, or a malformed one is BAD_USER_INPUT on field after", async () => {
    const a = await history(["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]);
    const b = await history(["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]);
    const aCursor = (await awardsOf(a.user.id, 1)).pageInfo.endCursor!;
    const usersCursor = ok(await t.gql(`{ users(first: 1) { pageInfo { endCursor } } }`)).users.pageInfo.endCursor;
    const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const after of [
      aCursor,
      usersCursor,
      "xyz",
      json(["awards", b.user.id, "2024-01-01", "1"]),
      json(["awards", b.user.id, "2024-01-02T00:00:00.000000Z", "x"]),
    ]) {
      expectError(await t.gql(AWARDS, { id: b.user.id, first: 1, after }), "BAD_USER_INPUT", "after");
    }
    expect((await awardsOf(a.user.id, 1, aCursor)).edges).toHaveLength(1);
  });
});

describe("award texts follow the user's current language", () => {
  const USER_AWARDS = `query($id: ID!) { user(id: $id) { awards { edges { node { language name description points } } } } }`;
  const texts = async (userId: string) => ok(await t.gql(USER_AWARDS, { id: userId })).user.awards.edges.map((e: any) => e.node);

  test("in the user's language, else the other one, and Award.language says which", async () => {
    const both = await createAchievement(t, {
      points: 5,
      translations: [
        { language: "EN", name: "Explorer", description: "Visit ten places" },
        { language: "RU", name: "Исследователь", description: "Посетить десять мест" },
      ],
    });
    const enOnly = await createAchievement(t, {
      points: 7,
      translations: [{ language: "EN", name: "Night Owl", description: "Play after midnight" }],
    });
    const ruOnly = await createAchievement(t, {
      points: 9,
      translations: [{ language: "RU", name: "Жаворонок", description: "Играть на рассвете" }],
    });
    const ru = await createUser(t, { language: "RU" });
    const en = await createUser(t, { language: "EN" });
    const given = await award(t, ru.id, both.id, "2024-01-03T00:00:00Z");
    expect(given.award).toMatchObject({ language: "RU", name: "Исследователь", description: "Посетить десять мест", points: 5 });
    await award(t, ru.id, enOnly.id, "2024-01-02T00:00:00Z");
    await award(t, ru.id, ruOnly.id, "2024-01-01T00:00:00Z");
    for (const a of [both, enOnly, ruOnly]) await award(t, en.id, a.id, "2024-01-01T00:00:00Z");

    const ruTexts = [
      { language: "RU", name: "Исследователь", description: "Посетить десять мест", points: 5 },
      { language: "EN", name: "Night Owl", description: "Play after midnight", points: 7 },
      { language: "RU", name: "Жаворонок", description: "Играть на рассвете", points: 9 },
    ];
    expect(await texts(ru.id)).toEqual(ruTexts);
    const enTexts = [
      { language: "RU", name: "Жаворонок", description: "Играть на рассвете", points: 9 },
      { language: "EN", name: "Night Owl", description: "Play after midnight", points: 7 },
      { language: "EN", name: "Explorer", description: "Visit ten places", points: 5 },
    ];
    expect(await texts(en.id)).toEqual(enTexts);

    ok(await t.gql(`mutation($id: ID!) { updateUser(id: $id, input: { language: EN }) { id } }`, { id: ru.id }));
    expect(await texts(ru.id)).toEqual([
      { language: "EN", name: "Explorer", description: "Visit ten places", points: 5 },
      { language: "EN", name: "Night Owl", description: "Play after midnight", points: 7 },
      { language: "RU", name: "Жаворонок", description: "Играть на рассвете", points: 9 },
    ]);
    const again = await award(t, ru.id, both.id);
    expect(again.award).toMatchObject({ language: "EN", name: "Explorer" });
  });

  test("the language of one request's award list follows an update in the same request", async () => {
    const a = await createAchievement(t, {
      translations: [
        { language: "EN", name: "Sprinter", description: "Run fast" },
        { language: "RU", name: "Спринтер", description: "Быстро бегать" },
      ],
    });
    const u = await createUser(t, { language: "EN" });
    await award(t, u.id, a.id);
    const r = ok(
      await t.gql(
        `mutation($id: ID!) { updateUser(id: $id, input: { language: RU }) { language awards { edges { node { language name } } } } }`,
        { id: u.id },
      ),
    );
    expect(r.updateUser).toEqual({ language: "RU", awards: { edges: [{ node: { language: "RU", name: "Спринтер" } }] } });
  });
});

describe("several mutation fields in one request", () => {
  test("each award's selection sees the writes of the fields before it (no stale per-request reads)", async () => {
    const [u1, u2] = [await createUser(t), await createUser(t)];
    const a = await createAchievement(t, { points: 5 });
    const r = ok(
      await t.gql(
        `mutation($u1: ID!, $u2: ID!, $a: ID!) {
          before: updateUser(id: $u1, input: {}) { awards { totalCount } }
          one: awardAchievement(input: { userId: $u1, achievementId: $a }) { created award { achievement { holderCount } user { awards { totalCount edges { node { achievement { id } } } } } } }
          two: awardAchievement(input: { userId: $u2, achievementId: $a }) { created award { achievement { holderCount } } }
          again: awardAchievement(input: { userId: $u1, achievementId: $a }) { created award { achievement { holderCount } } }
        }`,
        { u1: u1.id, u2: u2.id, a: a.id },
      ),
    );
    expect(r.before).toEqual({ awards: { totalCount: 0 } });
    expect(r.one).toEqual({
      created: true,
      award: { achievement: { holderCount: 1 }, user: { awards: { totalCount: 1, edges: [{ node: { achievement: { id: a.id } } }] } } },
    });
    expect(r.two).toEqual({ created: true, award: { achievement: { holderCount: 2 } } });
    expect(r.again).toEqual({ created: false, award: { achievement: { holderCount: 2 } } });
  });
});
