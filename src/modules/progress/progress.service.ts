import type DataLoader from "dataloader";
import { BadUserInputError, NotFoundError } from "../../common/errors";
import { parseId } from "../../common/ids";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import type { Queryable } from "../../db/queryable";
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
   * Applies one progress report (api-contract.md, "Progress") in one statement
   * (progressRepository.report): the key is claimed first, then the progress row is raised under
   * its row lock, and the report that raises it to the target inserts the award (the aggregates'
   * triggers run there). Inside a request with several mutation fields it runs in that request's
   * transaction.
   */
  async report(input: ReportProgressInput, write: Queryable): Promise<ProgressResultView> {
    const userId = parseId(input.userId, "userId");
    const achievementId = parseId(input.achievementId, "achievementId");
    const step = stepOf(input);
    const at = earnedAt(input.at, "at", this.clock());
    const requestId = input.requestId == null ? null : input.requestId.trim();
    const r = await withRetry(write, () => progressRepository.report(write, userId, achievementId, requestId, step, at));
    if (!r.subject.userExists) throw new NotFoundError("User", userId, "userId");
    if (!r.subject.achievementExists) throw new NotFoundError("Achievement", achievementId, "achievementId");
    const target = r.subject.steps;
    if (target === null || r.outcome === "refused") {
      throw new BadUserInputError("achievementId", "achievementId names an achievement without steps: award it with awardAchievement");
    }
    const progress: ProgressView = r.award
      ? heldView(r.award, target)
      : { userId, achievementId, current: r.current!, target, updatedAt: r.updatedAt!, award: null };
    if (r.outcome === "completed") progress.updatedAt = at;
    return { progress, completed: r.outcome === "completed", applied: r.outcome === "completed" || r.outcome === "applied" };
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
