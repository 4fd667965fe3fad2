import type { Queryable } from "../../db/queryable";
import type { UserRow } from "../user/user.repository";
import { BadUserInputError } from "../../common/errors";
import { parseId } from "../../common/ids";
import { CONNECTION_MAX, decodeCursor, encodeCursor, pageSize } from "../../common/pagination";
import type { Edge, PageInfoData } from "../../common/pagination";
import { InvalidDateTime } from "../../common/time";
import { leaderboardRepository } from "./leaderboard.repository";
import type { BoardKey, BoardRead } from "./leaderboard.repository";
import { LeaderboardMetric, LeaderboardPeriod, METRIC_CODE, PERIOD_CODE, periodBounds } from "./leaderboard.periods";

const CURSOR = "leaderboard";
// metric, period kind, period start (ms; 0 for ALL_TIME), value, user id
const CURSOR_SHAPE = ["int", "int", "int", "int", "id"] as const;

export interface LeaderboardEntryData {
  rank: number;
  userId: string;
  value: number;
  /** The user, read with the entry (undefined only for a user gone since). */
  user?: UserRow | undefined;
}

export interface LeaderboardData {
  metric: LeaderboardMetric;
  period: LeaderboardPeriod;
  periodStart: Date | null;
  periodEnd: Date | null;
  edges: Edge<LeaderboardEntryData>[];
  pageInfo: PageInfoData;
  /** Evaluated only when the client selects it. */
  readonly totalCount: Promise<number>;
}

export interface LeaderboardArgs {
  metric?: LeaderboardMetric | null;
  period?: LeaderboardPeriod | null;
  at?: Date | InvalidDateTime | null;
  first?: number | null;
  after?: string | null;
  around?: string | null;
  /** Read the board's total with the page (the client selected totalCount). */
  withTotal?: boolean;
}

export interface Board {
  metric: LeaderboardMetric;
  period: LeaderboardPeriod;
  key: BoardKey;
  bounds: { start: Date; end: Date } | null;
  /** The cursor values naming this board. */
  scope: number[];
}

/** The board of this metric and period kind for the period holding `at`. */
export function boardAt(metric: LeaderboardMetric, period: LeaderboardPeriod, at: Date): Board {
  const bounds = periodBounds(period, at);
  return {
    metric,
    period,
    bounds,
    key: { metric: METRIC_CODE[metric], kind: PERIOD_CODE[period], start: bounds ? bounds.start.toISOString() : "-infinity" },
    scope: [METRIC_CODE[metric], PERIOD_CODE[period], bounds ? bounds.start.getTime() : 0],
  };
}

/** Ranks of rows read with their levels: 1 + users above the highest row + users of the levels above each value. */
function withRanks(read: BoardRead): LeaderboardEntryData[] {
  return read.rows.map((r) => {
    const v = BigInt(r.value);
    let above = read.above;
    for (const l of read.levels) if (l.value > v) above += l.userCount;
    return { rank: Number(above) + 1, userId: r.userId, value: Number(v), user: r.user };
  });
}

export class LeaderboardService {
  constructor(private readonly clock: () => number = Date.now) {}

  /** The board of this metric and period for the current period (the server's clock). */
  current(metric: LeaderboardMetric | null | undefined, period: LeaderboardPeriod | null | undefined): Board {
    return boardAt(metric ?? LeaderboardMetric.POINTS, period ?? LeaderboardPeriod.ALL_TIME, new Date(this.clock()));
  }

  async leaderboard(read: Queryable, args: LeaderboardArgs): Promise<LeaderboardData> {
    if (args.at instanceof InvalidDateTime) throw new BadUserInputError("at", args.at.reason.replace(/^awardedAt/, "at"));
    const first = pageSize(args.first, 20, CONNECTION_MAX);
    const hasAround = args.around !== null && args.around !== undefined;
    if (hasAround && args.after !== null && args.after !== undefined) {
      throw new BadUserInputError("after", "after and around cannot be used together");
    }
    const board = boardAt(
      args.metric ?? LeaderboardMetric.POINTS,
      args.period ?? LeaderboardPeriod.ALL_TIME,
      args.at ?? new Date(this.clock()),
    );
    const after = decodeCursor(args.after, CURSOR, CURSOR_SHAPE);
    if (after && board.scope.some((v, i) => after[i] !== v)) {
      throw new BadUserInputError("after", "after is not a cursor of this leaderboard");
    }
    const cursorOf = (e: LeaderboardEntryData) => encodeCursor(CURSOR, [...board.scope, e.value, e.userId]);

    const withTotal = args.withTotal === true;
    let entries: LeaderboardEntryData[];
    let hasNextPage: boolean;
    let hasPreviousPage: boolean;
    let readTotal: number | undefined;
    if (hasAround) {
      const userId = parseId(args.around, "around");
      const read_ = await leaderboardRepository.around(read, board.key, userId, first, first + 1, withTotal);
      readTotal = read_.total;
      const ranked = withRanks(read_);
      const before = ranked.filter((_, i) => read_.rows[i]!.side === 0);
      const from = ranked.filter((_, i) => read_.rows[i]!.side === 1);
      byBoardOrder(before, -1);
      byBoardOrder(from, 1);
      if (from.length === 0) {
        entries = [];
        hasNextPage = false;
        hasPreviousPage = false;
      } else {
        const nb = Math.min(before.length, Math.max(Math.floor((first - 1) / 2), first - Math.min(from.length, first)));
        entries = [...before.slice(0, nb).reverse(), ...from.slice(0, first - nb)];
        hasNextPage = from.length > first - nb;
        hasPreviousPage = before.length > nb;
      }
    } else {
      const position = after ? { value: after[3] as number, userId: after[4] as string } : null;
      const read_ = await leaderboardRepository.page(read, board.key, position, first + 1, withTotal);
      readTotal = read_.total;
      const ranked = withRanks(read_);
      byBoardOrder(ranked, 1);
      entries = ranked.slice(0, first);
      hasNextPage = ranked.length > first;
      hasPreviousPage = after !== undefined;
    }
    const edges = entries.map((e) => ({ cursor: cursorOf(e), node: e }));
    // Read with the page when the client asked for it and the page had rows; else on demand.
    let total: Promise<number> | undefined = readTotal === undefined ? undefined : Promise.resolve(readTotal);
    return {
      metric: board.metric,
      period: board.period,
      periodStart: board.bounds?.start ?? null,
      periodEnd: board.bounds?.end ?? null,
      edges,
      pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      get totalCount() {
        total ??= leaderboardRepository.total(read, board.key);
        return total;
      },
    };
  }
}

/** Sorts entries in board order (direction 1: value descending, then id) or its reverse (-1). */
function byBoardOrder(entries: LeaderboardEntryData[], direction: 1 | -1): void {
  entries.sort((a, b) => {
    const byValue = b.value - a.value;
    const byId = BigInt(a.userId) < BigInt(b.userId) ? -1 : BigInt(a.userId) > BigInt(b.userId) ? 1 : 0;
    return direction * (byValue !== 0 ? byValue : byId);
  });
}
