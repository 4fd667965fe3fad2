/** How often, in all, a request runs whose transaction lost a lock conflict (see transaction-plugin.ts). */
export const TRANSACTION_ATTEMPTS = 6;

/** The pause before running a request again after its run number `attempt`: random, up to 10 ms × 2^attempt. */
export function pauseBeforeRetry(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
}

/**
 * One run of a request through Apollo, on its context as `attempt`. An object, because Apollo
 * hands the plugins a shallow copy of the context: the transaction plugin records on it that it
 * rolled the request back after a lost lock conflict, and the HTTP handler reads that.
 */
export class RequestAttempt {
  private rolledBack = false;

  /** `number` counts runs of the request: 1, then 2 after its first rollback, … */
  constructor(readonly number: number) {}

  /** The request's transaction lost a lock conflict and was rolled back whole. */
  rolledBackAfterLockConflict(): void {
    this.rolledBack = true;
  }

  /** Whether the request is to be run again from the start. */
  get runAgain(): boolean {
    return this.rolledBack && this.number < TRANSACTION_ATTEMPTS;
  }
}
