import fc from "fast-check";
import { BadUserInputError } from "../../src/common/errors";
import { CONNECTION_MAX, LIST_MAX, decodeCursor, encodeCursor, pageSize, paginate, toConnection } from "../../src/common/pagination";

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v), "utf8").toString("base64url");

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BadUserInputError);
    return (e as BadUserInputError).extensions.field as string;
  }
  throw new Error("expected BAD_USER_INPUT");
}

describe("pageSize", () => {
  test("null and undefined mean the default", () => {
    expect(pageSize(null, 20, CONNECTION_MAX)).toBe(20);
    expect(pageSize(undefined, 7, CONNECTION_MAX)).toBe(7);
  });
  test.each([1, 50, 100])("%p is allowed on connections", (n) => expect(pageSize(n, 20, CONNECTION_MAX)).toBe(n));
  test.each([0, -1, 101, 1.5, Number.NaN, Infinity])("%p is BAD_USER_INPUT on field first for connections", (n) => {
    expect(fieldOf(() => pageSize(n, 20, CONNECTION_MAX))).toBe("first");
  });
  test("lists of tied users and pairs allow up to 1000", () => {
    expect(LIST_MAX).toBe(1000);
    expect(pageSize(1000, 100, LIST_MAX)).toBe(1000);
    expect(fieldOf(() => pageSize(1001, 100, LIST_MAX))).toBe("first");
  });
});

describe("cursors", () => {
  test("round-trip the values of their list", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
        fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        (u, a, d) => {
          const at = d.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
          const c = encodeCursor("awards", [u.toString(), at, a.toString()]);
          expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(decodeCursor(c, "awards", ["id", "instant", "id"])).toEqual([u.toString(), at, a.toString()]);
        },
      ),
    );
  });

  test("absent means the start", () => {
    expect(decodeCursor(undefined, "users", ["id"])).toBeUndefined();
    expect(decodeCursor(null, "users", ["id"])).toBeUndefined();
  });

  test.each([
    ["another list's cursor", encodeCursor("achievements", ["1"])],
    ["an empty string", ""],
    ["not base64url", "a+b/c="],
    ["base64 of something that is not JSON", b64("not json")],
    ["a JSON object", b64({ kind: "users", id: "1" })],
    ["too few values", b64(["users"])],
    ["too many values", b64(["users", "1", "2"])],
    ["a number for an id", b64(["users", 1])],
    ["id 0", b64(["users", "0"])],
    ["an id with a leading zero", b64(["users", "01"])],
    ["an id over 2^63 digits", b64(["users", "12345678901234567890"])],
    ["a very long string", "A".repeat(401)],
  ])("%s is BAD_USER_INPUT on field after", (_label, raw) => {
    expect(fieldOf(() => decodeCursor(raw, "users", ["id"]))).toBe("after");
  });

  test("instants in cursors need the exact microsecond form", () => {
    const ok = b64(["awards", "1", "2024-01-01T00:00:00.000000Z", "2"]);
    expect(decodeCursor(ok, "awards", ["id", "instant", "id"])).toEqual(["1", "2024-01-01T00:00:00.000000Z", "2"]);
    for (const at of ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z", "2024-01-01", "'; DROP TABLE awards; --", 5]) {
      expect(fieldOf(() => decodeCursor(b64(["awards", "1", at, "2"]), "awards", ["id", "instant", "id"]))).toBe("after");
    }
  });

  test("random strings are never accepted as another shape", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          const v = decodeCursor(s, "users", ["id"]);
          return Array.isArray(v) && v.length === 1 && /^[1-9][0-9]{0,18}$/.test(String(v[0]));
        } catch (e) {
          return e instanceof BadUserInputError;
        }
      }),
    );
  });
});

describe("toConnection", () => {
  const rows = [1, 2, 3, 4, 5];
  const cursorOf = (n: number) => `c${n}`;

  test("a page of first rows with a next page when more were fetched", async () => {
    let counted = 0;
    const c = toConnection(rows.slice(0, 3), 2, cursorOf, async () => ++counted);
    expect(c.edges).toEqual([
      { cursor: "c1", node: 1 },
      { cursor: "c2", node: 2 },
    ]);
    expect(c.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: "c1", endCursor: "c2" });
    expect(counted).toBe(0); // totalCount is evaluated only when asked for
    expect(await c.totalCount).toBe(1);
    expect(await c.totalCount).toBe(1);
    expect(counted).toBe(1);
  });

  test("the last page has no next page; an empty page has no cursors", () => {
    expect(toConnection(rows.slice(0, 2), 2, cursorOf, async () => 2).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: "c1",
      endCursor: "c2",
    });
    expect(toConnection([], 2, cursorOf, async () => 0, true).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: null,
      endCursor: null,
    });
  });
});

describe("paginate", () => {
  const ids = ["1", "2", "3", "4", "5"];
  const list = (scope: readonly string[] = []) => ({
    kind: "things",
    shape: [...scope.map(() => "id" as const), "id" as const],
    scope,
    position: (id: string) => [id],
    fetch: async (after: (string | number)[] | null, limit: number) =>
      ids.filter((id) => after === null || Number(id) > Number(after[0])).slice(0, limit),
    count: async () => ids.length,
  });

  test("walks the list a page at a time; a page read with after has a previous page", async () => {
    const p1 = await paginate({ first: 2 }, list());
    expect(p1.edges.map((e) => e.node)).toEqual(["1", "2"]);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(decodeCursor(p1.pageInfo.endCursor, "things", ["id"])).toEqual(["2"]);
    const p3 = await paginate({ first: 2, after: encodeCursor("things", ["4"]) }, list());
    expect(p3.edges.map((e) => e.node)).toEqual(["5"]);
    expect(p3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(p3.pageInfo.startCursor).toBe(p3.pageInfo.endCursor);
  });

  test("null first means 20; a first out of range or another list's cursor is BAD_USER_INPUT", async () => {
    expect((await paginate({ first: null }, list())).edges).toHaveLength(5);
    await expect(paginate({ first: 101 }, list())).rejects.toMatchObject({ extensions: { field: "first" } });
    await expect(paginate({ after: encodeCursor("others", ["1"]) }, list())).rejects.toMatchObject({ extensions: { field: "after" } });
  });

  test("a cursor carries its scope, and one of another scope is BAD_USER_INPUT", async () => {
    const p = await paginate({ first: 1 }, list(["7"]));
    expect(decodeCursor(p.pageInfo.endCursor, "things", ["id", "id"])).toEqual(["7", "1"]);
    expect((await paginate({ after: p.pageInfo.endCursor }, list(["7"]))).edges.map((e) => e.node)).toEqual(["2", "3", "4", "5"]);
    await expect(paginate({ after: p.pageInfo.endCursor }, list(["8"]))).rejects.toMatchObject({ extensions: { field: "after" } });
  });
});
