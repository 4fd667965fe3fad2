import type DataLoader from "dataloader";
import { BadUserInputError, NotFoundError } from "../../common/errors";
import { parseId } from "../../common/ids";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import { inTransaction } from "../../db/queryable";
import type { Queryable } from "../../db/queryable";
import { awardRepository } from "../award/award.repository";
import type { AwardRow } from "../award/award.repository";
import { earnedAt, withRetry } from "../award/award.service";
import type { ReportProgressInput } from "./progress.inputs";
import { progressRepository } from "./progress.repository";
import type { ProgressPageRow } from "./progress.repository";

/** One user's progress towards one incremental achievement, as the API shows it. */
export interface ProgressView {
  userId: string;
  achievementId: string;
  current: number;
  target: number;
  updatedAt: Date;
  /** The award when the user holds it (then current = target); undefined: look it up when asked. */
  award?: AwardRow | null;
}

export interface ProgressResultView {
  progress: ProgressView;
  completed: boolean;
  applied: boolean;
}

/** What a report adds: steps, or a floor to raise the progress to. */
type Step = { increment: number } | { atLeast: number };

export class ProgressService {
  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * Applies one progress report (api-contract.md, "Progress"). Its statements run in one
   * transaction (the request's, when it has several mutation fields): the key is claimed first,
   * then the progress row is raised under its row lock, and the report that raises it to the
   * target inserts the award through the award statement (the aggregates' triggers run there).
   */
  async report(input: ReportProgressInput, write: Queryable): Promise<ProgressResultView> {
    const userId = parseId(input.userId, "userId");
    const achievementId = parseId(input.achievementId, "achievementId");
    const step = stepOf(input);
    const at = earnedAt(input.at, "at", this.clock());
    const requestId = input.requestId == null ? null : input.requestId.trim();
    return withRetry(write, () => inTransaction(write, (tx) => this.apply(tx, userId, achievementId, step, at, requestId)));
  }

  private async apply(
    tx: Queryable,
    userId: string,
    achievementId: string,
    step: Step,
    at: Date,
    requestId: string | null,
  ): Promise<ProgressResultView> {
    const { subject, claimed, raised } = await progressRepository.apply(tx, userId, achievementId, requestId, step, at);
    if (!subject.userExists) throw new NotFoundError("User", userId, "userId");
    if (!subject.achievementExists) throw new NotFoundError("Achievement", achievementId, "achievementId");
    const target = subject.steps;
    if (target === null) {
      throw new BadUserInputError("achievementId", "achievementId names an achievement without steps: award it with awardAchievement");
    }
    const createdAt = subject.achievementCreatedAt!;
    const unchanged = async (): Promise<ProgressResultView> => ({
      progress: await this.currentProgress(tx, userId, achievementId, target, createdAt),
      completed: false,
      applied: false,
    });
    // Held, or the key was used before: the statement wrote nothing.
    if (subject.held) return unchanged();
    if (requestId !== null && !claimed) return unchanged();

    if (raised && raised.current === target) {
      const award = await awardRepository.insertOnce(tx, userId, achievementId, at);
      if (award) {
        return { progress: { userId, achievementId, current: target, target, updatedAt: at, award }, completed: true, applied: true };
      }
    }
    // Awarded meanwhile (by a report that completed it first, or by awardAchievement): this
    // report changes nothing, so it gives back what it wrote.
    const state = await progressRepository.state(tx, userId, achievementId);
    if (state.award) {
      if (raised) await progressRepository.remove(tx, userId, achievementId);
      if (requestId !== null) await progressRepository.releaseRequest(tx, userId, requestId);
      return { progress: heldView(state.award, target), completed: false, applied: false };
    }
    return {
      progress: {
        userId,
        achievementId,
        current: state.progress?.current ?? 0,
        target,
        updatedAt: state.progress?.updatedAt ?? createdAt,
        award: null,
      },
      completed: false,
      applied: true,
    };
  }

  private async currentProgress(
    tx: Queryable,
    userId: string,
    achievementId: string,
    target: number,
    createdAt: Date,
  ): Promise<ProgressView> {
    const state = await progressRepository.state(tx, userId, achievementId);
    if (state.award) return heldView(state.award, target);
    return {
      userId,
      achievementId,
      current: Math.min(target, state.progress?.current ?? 0),
      target,
      updatedAt: state.progress?.updatedAt ?? createdAt,
      award: null,
    };
  }
}

/** Exactly one of increment (1-10000) and atLeast (0-10000). */
function stepOf(input: ReportProgressInput): Step {
  const { increment, atLeast } = input;
  if (increment != null && atLeast != null) throw new BadUserInputError("atLeast", "give exactly one of increment and atLeast, not both");
  if (increment != null) return { increment };
  if (atLeast != null) return { atLeast };
  throw new BadUserInputError("increment", "give exactly one of increment and atLeast");
}

/** Progress of a held achievement reads as the target, as of the award. */
function heldView(award: AwardRow, target: number): ProgressView {
  return { userId: award.userId, achievementId: award.achievementId, current: target, target, updatedAt: award.awardedAt, award };
}

const PROGRESS_CURSOR = "progress";

export interface ProgressPageKey {
  userId: string;
  limit: number;
  after: { updatedAtKey: string; achievementId: string } | null;
}

/** A page of a user's started, uncompleted progress, most recently advanced first, through the request's loaders. */
export function userProgressPage(
  loaders: { userProgress: DataLoader<ProgressPageKey, ProgressPageRow[], string>; progressCount: DataLoader<string, number> },
  userId: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Connection<ProgressPageRow>> {
  return paginate(
    { first, after },
    {
      kind: PROGRESS_CURSOR,
      shape: ["id", "instant", "id"],
      scope: [userId],
      position: (p) => [p.updatedAtKey, p.achievementId],
      fetch: (position, limit) =>
        loaders.userProgress.load({
          userId,
          limit,
          after: position ? { updatedAtKey: position[0] as string, achievementId: position[1] as string } : null,
        }),
      count: () => loaders.progressCount.load(userId),
    },
  );
}
