import { award, createAchievement, createUser, expectError, ok } from "../helpers/fixtures";
import { useTestApp } from "../helpers/test-app";

const t = useTestApp();

const STREAKS = `query($days: Int, $first: Int, $after: String) {
  stats {
    streaks(days: $days, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { user { id } streak { days } } }
    }
  }
}`;

interface StreaksPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { user: { id: string }; streak: { days: number } } }[];
}

const streaks = async (vars: { days?: number; first?: number; after?: string | null }) =>
  ok(await t.gql<{ stats: { streaks: StreaksPage } }>(STREAKS, vars)).stats.streaks;

/** A user with awards on `days` consecutive UTC days. */
async function userWithStreak(days: number): Promise<string> {
  const u = await createUser(t, { timeZone: "UTC" });
  for (let d = 0; d < days; d++) {
    await award(t, u.id, (await createAchievement(t)).id, new Date(Date.UTC(2024, 0, 1 + d, 12)).toISOString());
  }
  return u.id;
}

describe("streaks pages", () => {
  test("walk longest first, then by user id, with the cursors of their ends and whether a page was read after a cursor", async () => {
    const three = await userWithStreak(3);
    const four = await userWithStreak(4);
    const threeAgain = await userWithStreak(3);
    await userWithStreak(1);
    const walked: [string, number][] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages++) {
      const page: StreaksPage = await streaks({ days: 2, first: 2, after });
      expect(page.totalCount).toBe(3);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      walked.push(...page.edges.map((e): [string, number] => [e.node.user.id, e.node.streak.days]));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) {
        expect(pages).toBe(2);
        break;
      }
    }
    expect(walked).toEqual([
      [four, 4],
      [three, 3],
      [threeAgain, 3],
    ]);
  });

  test("a cursor of the list with other days is BAD_USER_INPUT on field after", async () => {
    await userWithStreak(3);
    await userWithStreak(3);
    const cursor = (await streaks({ days: 2, first: 1 })).pageInfo.endCursor;
    expect((await streaks({ days: 2, after: cursor })).edges).toHaveLength(1);
    expectError(await t.gql(STREAKS, { days: 3, after: cursor }), "BAD_USER_INPUT", "after");
  });
});
