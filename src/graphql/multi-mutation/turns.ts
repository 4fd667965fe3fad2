/** A queue of turns: `take()` resolves, in call order, to a function that ends the turn. */
export interface Turns {
  take(): Promise<() => void>;
}

/** Turns in this process; waiting for one holds no connection (transaction-plugin.ts). */
export function turns(): Turns {
  let tail: Promise<void> = Promise.resolve();
  return {
    take() {
      let end!: () => void;
      const mine = new Promise<void>((resolve) => (end = resolve));
      const before = tail;
      tail = before.then(() => mine);
      return before.then(() => end);
    },
  };
}
