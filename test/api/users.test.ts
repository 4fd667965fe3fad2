import { countRows, createUser, expectError, gqlConcurrently, ISO_MS, ok, uniqueName } from "../helpers/fixtures";
import type { UserData } from "../helpers/fixtures";
import { useTestApp } from "../helpers/test-app";

const t = useTestApp();

const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id name language timeZone createdAt } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id name language timeZone createdAt } }`;
const USER = `query($id: ID!) { user(id: $id) { id name language timeZone createdAt } }`;
const BY_NAME = `query($name: String!) { userByName(name: $name) { id name } }`;
const USERS = `query($first: Int, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
  }
}`;

interface UsersPage {
  users: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { id: string; name: string } }[];
  };
}

const create = (input: Record<string, unknown>) => t.gql<{ createUser: UserData }>(CREATE, { input });
const update = (id: string, input: Record<string, unknown>) => t.gql<{ updateUser: UserData }>(UPDATE, { id, input });
const list = (vars: { first?: number | null; after?: string | null; search?: string | null }) => t.gql<UsersPage>(USERS, vars);

describe("createUser", () => {
  test("trims the name, defaults the time zone to UTC and serves createdAt with milliseconds", async () => {
    const before = Date.now();
    const u = ok(await create({ name: "  \t Alice Smith \n ", language: "EN" })).createUser;
    expect(u).toMatchObject({ name: "Alice Smith", language: "EN", timeZone: "UTC" });
    expect(u.id).toMatch(/^[1-9][0-9]*$/);
    expect(u.createdAt).toMatch(ISO_MS);
    expect(Date.parse(u.createdAt)).toBeGreaterThanOrEqual(before - 60_000);
    expect(ok(await t.gql(USER, { id: u.id })).user).toEqual(u);
  });

  test.each([
    ["empty", ""],
    ["white space only", " \t\n\u00a0\u3000 "],
    ["65 characters", "a".repeat(65)],
    ["65 emoji (one character each)", "😀".repeat(65)],
    ["65 characters, some of them outside the BMP", `${"ж".repeat(60)}${"𝄞".repeat(5)}`],
    ["a BEL control character", "Al\u0007ice"],
    ["a NUL character", "Al\u0000ice"],
    ["a DEL character", "Alice\u007f"],
    ["a C1 control character that trim() keeps (U+0085)", "Alice\u0085"],
    ["a tab inside the name", "Al\tice"],
    ["a lone surrogate (not a Unicode character, it could not be stored exactly)", "Al\ud800ice"],
    ["a lone low surrogate at the end", "Alice\udc00"],
  ])("rejects a name that is %s with BAD_USER_INPUT on field name, writing nothing", async (_label, name) => {
    const r = await create({ name, language: "EN" });
    expectError(r, "BAD_USER_INPUT", "name");
    expect(r.data?.createUser ?? null).toBeNull();
    expect(await countRows(t, "users")).toBe(0);
  });

  test("accepts 64 characters counted as code points after trimming (64 emoji are 128 UTF-16 units)", async () => {
    const emoji = "😀".repeat(64);
    expect(ok(await create({ name: `  ${emoji}  `, language: "EN" })).createUser.name).toBe(emoji);
    const latin = "b".repeat(64);
    expect(ok(await create({ name: latin, language: "RU" })).createUser.name).toBe(latin);
    expect(ok(await create({ name: "x", language: "RU" })).createUser.name).toBe("x");
  });

  test("stores text exactly: Cyrillic, emoji sequences, quotes, backslashes and SQL fragments", async () => {
    const names = [
      "Пётр Ильич Чайковский",
      "👩‍👩‍👧‍👦 family ✨",
      `O'Brien "the" \`quoted\``,
      "Robert'); DROP TABLE users;--",
      "back\\slash $1 %s ${x}",
      "中文 العربية עברית",
    ];
    for (const name of names) {
      const u = ok(await create({ name, language: "RU" })).createUser;
      expect(u.name).toBe(name);
      expect(ok(await t.gql(USER, { id: u.id })).user.name).toBe(name);
      expect(ok(await t.gql(BY_NAME, { name })).userByName).toEqual({ id: u.id, name });
    }
    expect(await countRows(t, "users")).toBe(names.length);
  });

  test.each([
    ["an unknown zone", "Mars/Olympus"],
    ["an offset", "+03:00"],
    ["an offset with a prefix", "UTC+3"],
    ["an empty string", ""],
    ["a zone with a path trick", "../../etc/passwd"],
  ])("rejects %s as timeZone with BAD_USER_INPUT on field timeZone", async (_label, timeZone) => {
    const r = await create({ name: uniqueName(), language: "EN", timeZone });
    expectError(r, "BAD_USER_INPUT", "timeZone");
    expect(await countRows(t, "users")).toBe(0);
  });

  test.each([
    "europe/moscow",
    "EUROPE/MOSCOW",
    "Europe/Moscow",
    "utc",
    "Etc/UTC",
    "US/Eastern",
    "Asia/Kolkata",
    "America/Argentina/Buenos_Aires",
  ])("returns the time zone %s in the spelling Intl resolves it to", async (zone) => {
    const canonical = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    const u = ok(await create({ name: uniqueName(), language: "EN", timeZone: zone })).createUser;
    expect(u.timeZone).toBe(canonical);
    expect(ok(await t.gql(USER, { id: u.id })).user.timeZone).toBe(canonical);
  });

  test("europe/moscow is stored as Europe/Moscow", async () => {
    expect(ok(await create({ name: uniqueName(), language: "RU", timeZone: "europe/moscow" })).createUser.timeZone).toBe("Europe/Moscow");
  });

  test.each([
    ["Latin", "alice", "ALICE"],
    ["Cyrillic with ё", "Пётр", "ПЁТР"],
    ["Cyrillic, mixed case", "Ёлка", "ёЛКА"],
    ["surrounding white space", "Bob", "  bob  "],
  ])("a name taken ignoring case (%s) is CONFLICT on field name, and nothing is written", async (_label, first, second) => {
    ok(await create({ name: first, language: "EN" }));
    const r = await create({ name: second, language: "RU" });
    expectError(r, "CONFLICT", "name");
    expect(await countRows(t, "users")).toBe(1);
  });
});

describe("one name at the same moment", () => {
  test("30 concurrent createUser of one name in different cases: exactly one is created, the others are CONFLICT", async () => {
    const spellings = ["Пётр Великий", "ПЁТР ВЕЛИКИЙ", "пётр великий", "  Пётр великий  ", "пЁтР вЕлИкИй"];
    const results = await gqlConcurrently(t, 30, (i) => ({
      query: CREATE,
      variables: { input: { name: spellings[i % spellings.length], language: "RU" } },
    }));
    const created = results.filter((r) => !r.errors);
    expect(created).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expectError(r, "CONFLICT", "name");
    expect(await countRows(t, "users")).toBe(1);
  });

  test("concurrent renames of two users to one name: exactly one wins", async () => {
    const users = [await createUser(t), await createUser(t), await createUser(t), await createUser(t)];
    const results = await gqlConcurrently(t, 20, (i) => ({
      query: UPDATE,
      variables: { id: users[i % 4]!.id, input: { name: i % 2 ? "Same Name" : "SAME NAME" } },
    }));
    const winners = new Set(results.filter((r) => !r.errors).map((r) => r.data!.updateUser.id));
    expect(winners.size).toBe(1);
    for (const r of results.filter((x) => x.errors)) expectError(r, "CONFLICT", "name");
    expect(await countRows(t, "users", "lower(name) = 'same name'")).toBe(1);
  });
});

describe("updateUser", () => {
  test("changes only the given fields", async () => {
    const u = await createUser(t, { name: "Carol", language: "EN", timeZone: "Europe/Berlin" });
    const a = ok(await update(u.id, { language: "RU" })).updateUser;
    expect(a).toEqual({ ...u, language: "RU" });
    const b = ok(await update(u.id, { timeZone: "asia/tokyo" })).updateUser;
    expect(b).toEqual({ ...u, language: "RU", timeZone: "Asia/Tokyo" });
    const c = ok(await update(u.id, { name: "  Caroline  " })).updateUser;
    expect(c).toEqual({ ...u, language: "RU", timeZone: "Asia/Tokyo", name: "Caroline" });
    const d = ok(await update(u.id, {})).updateUser;
    expect(d).toEqual(c);
    expect(ok(await t.gql(USER, { id: u.id })).user).toEqual(c);
  });

  test("renaming a user to their own name in another case is allowed (Пётр → ПЁТР)", async () => {
    const u = await createUser(t, { name: "Пётр", language: "RU" });
    expect(ok(await update(u.id, { name: "ПЁТР" })).updateUser.name).toBe("ПЁТР");
    expect(ok(await update(u.id, { name: "ПЁТР" })).updateUser.name).toBe("ПЁТР");
    expect(ok(await t.gql(BY_NAME, { name: "пётр" })).userByName).toEqual({ id: u.id, name: "ПЁТР" });
  });

  test("renaming to another user's name in any case is CONFLICT and changes nothing", async () => {
    const a = await createUser(t, { name: "Пётр", language: "RU" });
    const b = await createUser(t, { name: "Павел", language: "RU" });
    const r = await update(b.id, { name: "пЁТР", language: "EN" });
    expectError(r, "CONFLICT", "name");
    expect(ok(await t.gql(USER, { id: b.id })).user).toEqual(b);
    expect(ok(await t.gql(USER, { id: a.id })).user).toEqual(a);
  });

  test("invalid values are BAD_USER_INPUT on their field and change nothing", async () => {
    const u = await createUser(t, { name: "Dave", language: "EN" });
    expectError(await update(u.id, { name: "   " }), "BAD_USER_INPUT", "name");
    expectError(await update(u.id, { name: "x".repeat(65) }), "BAD_USER_INPUT", "name");
    expectError(await update(u.id, { name: "Da\u0000ve" }), "BAD_USER_INPUT", "name");
    expectError(await update(u.id, { timeZone: "+03:00" }), "BAD_USER_INPUT", "timeZone");
    expectError(await update(u.id, { timeZone: "Nowhere/Land", name: "Dan" }), "BAD_USER_INPUT", "timeZone");
    expect(ok(await t.gql(USER, { id: u.id })).user).toEqual(u);
  });

  test("a well-formed id of no user is NOT_FOUND", async () => {
    await createUser(t);
    expectError(await update("999", { language: "RU" }), "NOT_FOUND");
    expectError(await update("9223372036854775807", { name: "Someone" }), "NOT_FOUND");
    expect(await countRows(t, "users", "name = 'Someone'")).toBe(0);
  });

  test.each(["0", "-1", "abc", "01", "1.5", " 1", "", "9223372036854775808", "99999999999999999999"])(
    "a malformed id %p is BAD_USER_INPUT on field id",
    async (id) => {
      const u = await createUser(t);
      expectError(await update(id, { language: "RU" }), "BAD_USER_INPUT", "id");
      expect(ok(await t.gql(USER, { id: u.id })).user.language).toBe("EN");
    },
  );
});

describe("user and userByName", () => {
  test("return null for what does not exist", async () => {
    await createUser(t, { name: "Eve" });
    expect(ok(await t.gql(USER, { id: "2" })).user).toBeNull();
    expect(ok(await t.gql(USER, { id: "9223372036854775807" })).user).toBeNull();
    expect(ok(await t.gql(BY_NAME, { name: "Mallory" })).userByName).toBeNull();
    expect(ok(await t.gql(BY_NAME, { name: "Ev" })).userByName).toBeNull();
    expect(ok(await t.gql(BY_NAME, { name: "" })).userByName).toBeNull();
  });

  test.each(["0", "-1", "abc", "01", "9223372036854775808", "1e3", "0x10"])("user(id: %p) is BAD_USER_INPUT on field id", async (id) => {
    expectError(await t.gql(USER, { id }), "BAD_USER_INPUT", "id");
  });

  test("names no user can have (NUL, other control characters, a lone surrogate) find nobody, without an error", async () => {
    await createUser(t, { name: "Repl\ufffdcement" });
    await createUser(t, { name: "Plain" });
    for (const name of ["\u0000", "Pl\u0000ain", "Plain\u0007", "Repl\ud800cement", "\udc00"]) {
      const r = await t.gql(`query($n: String!) { userByName(name: $n) { id } users(search: $n) { totalCount edges { node { id } } } }`, {
        n: name,
      });
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ userByName: null, users: { totalCount: 0, edges: [] } });
    }
    expect(ok(await t.gql(`query($n: String!) { users(search: $n) { totalCount } }`, { n: "\ufffd" })).users.totalCount).toBe(1);
  });

  test("userByName finds «Пётр» by «ПЁТР», «пётр» and itself, and Latin names by any case", async () => {
    const p = await createUser(t, { name: "Пётр", language: "RU" });
    const a = await createUser(t, { name: "Alice", language: "EN" });
    for (const name of ["Пётр", "ПЁТР", "пётр", "пЁтР"])
      expect(ok(await t.gql(BY_NAME, { name })).userByName).toEqual({ id: p.id, name: "Пётр" });
    for (const name of ["alice", "ALICE", "aLiCe"])
      expect(ok(await t.gql(BY_NAME, { name })).userByName).toEqual({ id: a.id, name: "Alice" });
    expect(ok(await t.gql(BY_NAME, { name: "Петр" })).userByName).toBeNull();
  });
});

describe("users", () => {
  async function allUsers(search?: string): Promise<{ id: string; name: string }[]> {
    return ok(await list({ first: 100, search })).users.edges.map((e) => e.node);
  }

  test("are ordered by id as numbers", async () => {
    const created: UserData[] = [];
    for (let i = 0; i < 12; i++) created.push(await createUser(t, { name: `user ${String.fromCharCode(122 - i)}` }));
    const ids = (await allUsers()).map((u) => u.id);
    expect(ids).toEqual(created.map((u) => u.id));
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => x - y));
    expect(ids).toContain("10");
  });

  test("walking every page with first: 2 gives the full list once, then an empty page", async () => {
    for (let i = 0; i < 7; i++) await createUser(t);
    const full = await allUsers();
    expect(full).toHaveLength(7);
    const walked: { id: string; name: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: UsersPage["users"] = ok(await list({ first: 2, after })).users;
      pages += 1;
      expect(page.totalCount).toBe(7);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      walked.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) {
        expect(page.edges).toHaveLength(1);
        after = page.pageInfo.endCursor;
        break;
      }
      expect(page.edges).toHaveLength(2);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4);
    expect(walked).toEqual(full);
    const beyond = ok(await list({ first: 2, after })).users;
    expect(beyond).toEqual({
      totalCount: 7,
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  test("an exact last page says hasNextPage false", async () => {
    for (let i = 0; i < 4; i++) await createUser(t);
    const p1 = ok(await list({ first: 2 })).users;
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = ok(await list({ first: 2, after: p1.pageInfo.endCursor })).users;
    expect(p2.edges).toHaveLength(2);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });

  test("an empty list has no cursor", async () => {
    expect(ok(await list({})).users).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      edges: [],
    });
  });

  test("first: null and no first both mean the default page of 20; 100 is allowed", async () => {
    for (let i = 0; i < 23; i++) await createUser(t);
    for (const vars of [{ first: null }, {}]) {
      const page = ok(await list(vars)).users;
      expect(page.edges).toHaveLength(20);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(page.totalCount).toBe(23);
    }
    const literalNull = ok(await t.gql<UsersPage>(`{ users(first: null) { edges { node { id } } } }`)).users;
    expect(literalNull.edges).toHaveLength(20);
    const all = ok(await list({ first: 100 })).users;
    expect(all.edges).toHaveLength(23);
    expect(all.pageInfo.hasNextPage).toBe(false);
  });

  test.each([0, -1, 101, 1000])("first: %p is BAD_USER_INPUT on field first", async (first) => {
    expectError(await list({ first }), "BAD_USER_INPUT", "first");
  });

  test("malformed cursors and cursors of another list are BAD_USER_INPUT on field after", async () => {
    await createUser(t);
    await createUser(t);
    const cursor = ok(await list({ first: 1 })).users.pageInfo.endCursor!;
    const achievementsCursor = Buffer.from(JSON.stringify(["achievements", "1"])).toString("base64url");
    const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const bad = [
      "garbage!",
      "",
      "bm90IGpzb24",
      cursor.slice(0, -2),
      `${cursor}==`,
      achievementsCursor,
      json(["users"]),
      json(["users", "0"]),
      json(["users", "01"]),
      json(["users", 1]),
      json(["users", "1", "2"]),
      json({ users: "1" }),
      "x".repeat(1000),
    ];
    for (const after of bad) {
      const r = await list({ first: 1, after });
      expectError(r, "BAD_USER_INPUT", "after");
    }
  });

  test("a cursor of the achievements list is not a cursor of the users list (and the other way round)", async () => {
    await createUser(t);
    await createUser(t);
    const mk = `mutation($input: CreateAchievementInput!) { createAchievement(input: $input) { id } }`;
    for (const name of ["one", "two"])
      ok(await t.gql(mk, { input: { points: 1, translations: [{ language: "EN", name, description: "d" }] } }));
    const usersCursor = ok(await list({ first: 1 })).users.pageInfo.endCursor;
    const achCursor = ok(await t.gql(`{ achievements(first: 1) { pageInfo { endCursor } } }`)).achievements.pageInfo.endCursor;
    expectError(await list({ first: 1, after: achCursor }), "BAD_USER_INPUT", "after");
    expectError(await t.gql(`query($a: String) { achievements(after: $a) { totalCount } }`, { a: usersCursor }), "BAD_USER_INPUT", "after");
  });

  describe("search", () => {
    beforeEach(async () => {
      for (const name of [
        "Пётр Иванов",
        "ИВАН Грозный",
        "Alice Cooper",
        "alice in chains",
        "100%",
        "1000",
        "a_b",
        "axb",
        "back\\slash",
        "backslash",
        "Bob",
      ]) {
        await createUser(t, { name });
      }
    });

    const names = async (search: string | null | undefined) => (await allUsers(search ?? undefined)).map((u) => u.name);

    test("is case-insensitive in Cyrillic and Latin", async () => {
      expect(await names("иван")).toEqual(["Пётр Иванов", "ИВАН Грозный"]);
      expect(await names("ПЁТР")).toEqual(["Пётр Иванов"]);
      expect(await names("пётр иванов")).toEqual(["Пётр Иванов"]);
      expect(await names("ALICE")).toEqual(["Alice Cooper", "alice in chains"]);
      expect(await names("CoOpEr")).toEqual(["Alice Cooper"]);
    });

    test("is a literal substring: % _ and \\ are just characters", async () => {
      expect(await names("%")).toEqual(["100%"]);
      expect(await names("0%")).toEqual(["100%"]);
      expect(await names("_")).toEqual(["a_b"]);
      expect(await names("a_b")).toEqual(["a_b"]);
      expect(await names("\\")).toEqual(["back\\slash"]);
      expect(await names("k\\s")).toEqual(["back\\slash"]);
      expect(await names("00")).toEqual(["100%", "1000"]);
      expect(await names("nobody")).toEqual([]);
    });

    test("empty or absent means no filter", async () => {
      const all = await names(undefined);
      expect(all).toHaveLength(11);
      expect(await names("")).toEqual(all);
      expect(await names(null)).toEqual(all);
    });

    test("totalCount and pagination follow the search", async () => {
      const p1 = ok(await list({ first: 1, search: "ALICE" })).users;
      expect(p1.totalCount).toBe(2);
      expect(p1.edges.map((e) => e.node.name)).toEqual(["Alice Cooper"]);
      expect(p1.pageInfo.hasNextPage).toBe(true);
      const p2 = ok(await list({ first: 1, search: "ALICE", after: p1.pageInfo.endCursor })).users;
      expect(p2.edges.map((e) => e.node.name)).toEqual(["alice in chains"]);
      expect(p2.pageInfo.hasNextPage).toBe(false);
      expect(p2.totalCount).toBe(2);
    });
  });
});
