import type { Queryable } from "../../db/queryable";
import { keyedLoader } from "../../graphql/keyed-loader";
import { leaderboardRepository } from "./leaderboard.repository";
import type { BoardKey, KindCode, MetricCode } from "./leaderboard.repository";

/** The key of a user on a board, for rankLoader: "metric|kind|start|userId". */
export function rankKey(board: BoardKey, userId: string): string {
  return `${board.metric}|${board.kind}|${board.start}|${userId}`;
}

export function createLeaderboardLoaders(read: Queryable) {
  return {
    /** A user's rank on a board (1 + users with a greater value); undefined for a user not on it. */
    leaderboardRank: keyedLoader(
      async (keys) => {
        const byBoard = new Map<string, { board: BoardKey; userIds: string[] }>();
        for (const k of keys) {
          const [metric, kind, start, userId] = k.split("|") as [string, string, string, string];
          const name = `${metric}|${kind}|${start}`;
          const group = byBoard.get(name) ?? {
            board: { metric: Number(metric) as MetricCode, kind: Number(kind) as KindCode, start },
            userIds: [],
          };
          group.userIds.push(userId);
          byBoard.set(name, group);
        }
        const answers = await Promise.all(
          [...byBoard.values()].map(async ({ board, userIds }) =>
            (await leaderboardRepository.ranks(read, board, userIds)).map((r) => ({
              key: rankKey(board, r.userId),
              rank: Number(BigInt(r.above) + 1n),
            })),
          ),
        );
        return answers.flat();
      },
      (r) => r.key,
    ),
  };
}
