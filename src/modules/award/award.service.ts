import type DataLoader from "dataloader";
import { isInTransaction } from "../../db/queryable";
import type { Queryable } from "../../db/queryable";
import { InvalidDateTime } from "../../common/time";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import type { AwardPageKey } from "./award.loaders";
import { parseId } from "../../common/ids";
import { BadUserInputError, NotFoundError } from "../../common/errors";
import { dbErrorInfo } from "../../db/errors";
import type { AwardAchievementInput } from "./award.inputs";
import { awardRepository } from "./award.repository";
import type { AwardPageRow, AwardRow } from "./award.repository";

/**
 * The award trigger gives up with serialization_failure (40001) when a concurrent award changed
 * the set of points levels under it (see the statistics migration), and PostgreSQL may still
 * abort a statement as a deadlock victim (40P01). Either way the statement wrote nothing: run it
 * again after a short random pause. Inside a request's transaction (several mutation fields) the
 * error is left to the transaction plugin, which rolls the whole request back and runs it again:
 * the transaction holds the locks of its earlier fields, which a retry of this statement alone
 * would keep.
 */
export async function withRetry<T>(db: Queryable, run: () => Promise<T>, attempts = 20): Promise<T> {
  if (isInTransaction(db)) return run();
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      const { code } = dbErrorInfo(e);
      if (i >= attempts || (code !== "40P01" && code !== "40001")) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * i)));
    }
  }
}

const EARLIEST = Date.parse("2000-01-01T00:00:00Z");
const MAX_AHEAD_MS = 60_000;

/**
 * When something was earned: the input's instant, else `now`. BAD_USER_INPUT naming `field` when
 * it is malformed, more than a minute after `now` or before 2000-01-01T00:00:00Z (awardedAt, and
 * reportProgress's at).
 */
export function earnedAt(value: Date | InvalidDateTime | null | undefined, field: string, now: number): Date {
  if (value instanceof InvalidDateTime) throw new BadUserInputError(field, value.reason.replaceAll("awardedAt", field));
  const at = value ?? new Date(now);
  if (at.getTime() > now + MAX_AHEAD_MS) {
    throw new BadUserInputError(field, `${field} must not be more than a minute after the server's clock`);
  }
  if (at.getTime() < EARLIEST) {
    throw new BadUserInputError(field, `${field} must not be before 2000-01-01T00:00:00Z`);
  }
  return at;
}

export class AwardService {
  constructor(private readonly clock: () => number = Date.now) {}

  /** `write`: the primary, or the transaction of a request with several mutations. */
  async award(input: AwardAchievementInput, write: Queryable): Promise<{ award: AwardRow; created: boolean }> {
    const userId = parseId(input.userId, "userId");
    const achievementId = parseId(input.achievementId, "achievementId");
    const awardedAt = earnedAt(input.awardedAt, "awardedAt", this.clock());
    try {
      const inserted = await withRetry(write, () => awardRepository.insertOnce(write, userId, achievementId, awardedAt));
      if (inserted) return { award: inserted, created: true };
      const existing = await awardRepository.find(write, userId, achievementId);
      if (!existing) throw new Error("award conflict without an existing award");
      return { award: existing, created: false };
    } catch (e) {
      const { code, constraint } = dbErrorInfo(e);
      if (code === "23503" && constraint === "fk_awards_user") throw new NotFoundError("User", userId, "userId");
      if (code === "23503" && constraint === "fk_awards_achievement") {
        throw new NotFoundError("Achievement", achievementId, "achievementId");
      }
      throw e;
    }
  }
}

const AWARD_CURSOR = "awards";

/** A page of a user's awards, newest first, through the request's loader. */
export function userAwardsPage(
  loaders: { userAwards: DataLoader<AwardPageKey, AwardPageRow[], string>; awardCount: DataLoader<string, number> },
  userId: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Connection<AwardPageRow>> {
  return paginate(
    { first, after },
    {
      kind: AWARD_CURSOR,
      shape: ["id", "instant", "id"],
      scope: [userId],
      position: (a) => [a.awardedAtKey, a.id],
      fetch: (position, limit) =>
        loaders.userAwards.load({
          userId,
          limit,
          after: position ? { awardedAtKey: position[0] as string, id: position[1] as string } : null,
        }),
      count: () => loaders.awardCount.load(userId),
    },
  );
}
