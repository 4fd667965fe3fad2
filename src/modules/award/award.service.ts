import type DataLoader from "dataloader";
import { isInTransaction } from "../../db/queryable";
import type { Queryable } from "../../db/queryable";
import { InvalidDateTime } from "../../common/time";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import type { AwardPageKey, RevokedAwardPageKey } from "./award.loaders";
import { parseId } from "../../common/ids";
import { AppError, BadUserInputError, NotFoundError } from "../../common/errors";
import { dbErrorInfo } from "../../db/errors";
import type { AwardAchievementInput, RevokeAwardInput } from "./award.inputs";
import { awardRepository } from "./award.repository";
import type { AwardPageRow, AwardRow, BatchAwardRow, RevokedAwardRow } from "./award.repository";
import type { UserRow } from "../user/user.repository";

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

/** Most items of one awardAchievements batch (api-contract.md, "Batches"). */
export const BATCH_MAX = 1000;

/** What one item of a batch answers: its award, or the error awardAchievement would have thrown. */
export interface BatchItemOutcome {
  index: number;
  result?: { award: AwardRow; created: boolean };
  error?: { code: string; message: string; field: string | null };
}

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

  /** The input's ids and instant, or the BAD_USER_INPUT that awardAchievement answers. */
  private validate(input: AwardAchievementInput): { userId: string; achievementId: string; awardedAt: Date } {
    const userId = parseId(input.userId, "userId");
    const achievementId = parseId(input.achievementId, "achievementId");
    const awardedAt = earnedAt(input.awardedAt, "awardedAt", this.clock());
    return { userId, achievementId, awardedAt };
  }

  /** `write`: the primary, or the transaction of a request with several mutations. */
  async award(input: AwardAchievementInput, write: Queryable): Promise<{ award: AwardRow; created: boolean }> {
    const { userId, achievementId, awardedAt } = this.validate(input);
    try {
      // The award found held may be revoked before it is read: then award again.
      for (let round = 0; round < 5; round++) {
        const inserted = await withRetry(write, () => awardRepository.insertOnce(write, userId, achievementId, awardedAt));
        if (inserted) return { award: inserted, created: true };
        const existing = await awardRepository.find(write, userId, achievementId);
        if (existing) return { award: existing, created: false };
      }
      throw new Error("the award kept being revoked while it was awarded");
    } catch (e) {
      const { code, constraint } = dbErrorInfo(e);
      if (code === "23503" && constraint === "fk_awards_user") throw new NotFoundError("User", userId, "userId");
      if (code === "23503" && constraint === "fk_awards_achievement") {
        throw new NotFoundError("Achievement", achievementId, "achievementId");
      }
      throw e;
    }
  }

  /**
   * Applies each input as `award` would, on its own, in a few set-based statements: the inputs
   * are validated in memory; one statement inserts every valid item whose user and achievement
   * exist (ON CONFLICT DO NOTHING) and names the ids that do not; one more reads the awards
   * already held. An item naming the same user and achievement as an earlier valid one answers
   * the award that earlier one created or found (created: false).
   */
  async awardBatch(inputs: readonly AwardAchievementInput[], write: Queryable): Promise<BatchItemOutcome[]> {
    if (inputs.length < 1 || inputs.length > BATCH_MAX) {
      throw new BadUserInputError("inputs", `inputs must hold 1 to ${BATCH_MAX} awards`);
    }
    const outcomes: BatchItemOutcome[] = inputs.map((_, index) => ({ index }));
    const firstOfPair = new Map<string, BatchAwardRow>();
    const laterOfPair: { index: number; pair: string }[] = [];
    inputs.forEach((input, index) => {
      try {
        const item = { index, ...this.validate(input) };
        const pair = `${item.userId}:${item.achievementId}`;
        if (firstOfPair.has(pair)) laterOfPair.push({ index, pair });
        else firstOfPair.set(pair, item);
      } catch (e) {
        outcomes[index]!.error = batchError(e);
      }
    });

    let pending = [...firstOfPair.values()];
    const awardOf = new Map<string, { award: AwardRow; created: boolean }>();
    // An award found held by the insert may be revoked before it is read: such items go round again.
    for (let round = 0; pending.length > 0; round++) {
      if (round === 5) throw new Error("batch awards kept changing under the batch");
      const batch = pending;
      const { inserted, missingUsers, missingAchievements } = await withRetry(write, () => awardRepository.insertBatch(write, batch));
      for (const a of inserted) awardOf.set(`${a.userId}:${a.achievementId}`, { award: a, created: true });
      const held: BatchAwardRow[] = [];
      for (const item of batch) {
        const pair = `${item.userId}:${item.achievementId}`;
        if (missingUsers.has(item.userId)) {
          outcomes[item.index]!.error = batchError(new NotFoundError("User", item.userId, "userId"));
        } else if (missingAchievements.has(item.achievementId)) {
          outcomes[item.index]!.error = batchError(new NotFoundError("Achievement", item.achievementId, "achievementId"));
        } else if (!awardOf.has(pair)) {
          held.push(item);
        }
      }
      const found = held.length > 0 ? await awardRepository.findPairs(write, held) : [];
      for (const a of found) awardOf.set(`${a.userId}:${a.achievementId}`, { award: a, created: false });
      pending = held.filter((item) => !awardOf.has(`${item.userId}:${item.achievementId}`));
    }

    for (const item of firstOfPair.values()) {
      const result = awardOf.get(`${item.userId}:${item.achievementId}`);
      if (result) outcomes[item.index]!.result = result;
    }
    for (const { index, pair } of laterOfPair) {
      const first = firstOfPair.get(pair)!;
      const firstOutcome = outcomes[first.index]!;
      if (firstOutcome.error) outcomes[index]!.error = firstOutcome.error;
      else if (firstOutcome.result) outcomes[index]!.result = { award: firstOutcome.result.award, created: false };
    }
    return outcomes;
  }

  /**
   * Takes an award back (api-contract.md, "Revocation"): one statement moves it from awards to
   * revoked_awards and deletes the progress row; the aggregates follow by trigger. `revokedBy`:
   * the name of the request's key.
   */
  async revoke(input: RevokeAwardInput, revokedBy: string, write: Queryable): Promise<{ revoked: boolean; award: RevokedAwardRow | null }> {
    const userId = parseId(input.userId, "userId");
    const achievementId = parseId(input.achievementId, "achievementId");
    const reason = input.reason.trim();
    const revokedAt = new Date(this.clock());
    const revoked = await withRetry(write, () => awardRepository.revoke(write, userId, achievementId, revokedAt, reason, revokedBy));
    if (revoked) return { revoked: true, award: revoked };
    // Not held: say whether the user and the achievement exist (NOT_FOUND as for an award).
    const exists = await awardRepository.idsExist(write, userId, achievementId);
    if (!exists.user) throw new NotFoundError("User", userId, "userId");
    if (!exists.achievement) throw new NotFoundError("Achievement", achievementId, "achievementId");
    return { revoked: false, award: null };
  }
}

/** A coded error as a batch item's `error`; anything else (a bug, a lost database) fails the batch. */
function batchError(e: unknown): { code: string; message: string; field: string | null } {
  if (e instanceof AppError) {
    const field = e.extensions["field"];
    return { code: String(e.extensions["code"]), message: e.message, field: typeof field === "string" ? field : null };
  }
  throw e;
}

const AWARD_CURSOR = "awards";
const REVOKED_AWARD_CURSOR = "revokedAwards";

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

/**
 * The user with this id, with the first page of their awards (`first` of them, as
 * userAwardsPage reads it) read in the same statement and put into the request's loaders, where
 * the user's `awards` field then finds it: a user's page in one round trip.
 */
export async function userWithFirstAwardsPage(
  read: Queryable,
  loaders: { primeUserAwards(key: AwardPageKey, rows: AwardPageRow[]): void },
  rawId: string,
  first: number,
): Promise<UserRow | undefined> {
  const id = parseId(rawId, "id");
  const limit = first + 1;
  const { user, awards } = await awardRepository.firstPageWithUser(read, id, limit);
  if (user) loaders.primeUserAwards({ userId: user.id, limit, after: null }, awards);
  return user;
}

/** A page of a user's revoked awards, most recently revoked first, through the request's loader. */
export function userRevokedAwardsPage(
  loaders: {
    userRevokedAwards: DataLoader<RevokedAwardPageKey, RevokedAwardRow[], string>;
    revokedAwardCount: DataLoader<string, number>;
  },
  userId: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Connection<RevokedAwardRow>> {
  return paginate(
    { first, after },
    {
      kind: REVOKED_AWARD_CURSOR,
      shape: ["id", "instant", "id"],
      scope: [userId],
      position: (a) => [a.revokedAtKey, a.id],
      fetch: (position, limit) =>
        loaders.userRevokedAwards.load({
          userId,
          limit,
          after: position ? { revokedAtKey: position[0] as string, id: position[1] as string } : null,
        }),
      count: () => loaders.revokedAwardCount.load(userId),
    },
  );
}
