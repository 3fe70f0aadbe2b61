/**
 * Gathers what callers ask in one turn of the event loop and does it in one call: when hundreds of
 * screens reconnect at once, each kind of statement runs once per batch, not once per screen. A
 * batch starts after the turn's I/O callbacks (setImmediate, as TimelineService.forDisplay batches
 * its compiles) and after the batch before it has ended: while one runs, the next gathers, so a
 * storm makes the batches larger rather than the statements more. Every caller of a batch gets
 * the same answer (or the same failure).
 */
export class TurnBatch<T, R> {
  private pending: { items: T[]; result: Promise<R> } | undefined;
  /** Settles when the last batch started has ended, whatever its outcome. */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(private readonly run: (items: readonly T[]) => Promise<R>) {}

  add(item: T): Promise<R> {
    if (!this.pending) {
      const items: T[] = [];
      const turn = new Promise<void>((resolve) => setImmediate(resolve));
      const result = Promise.all([turn, this.previous]).then(() => {
        if (this.pending?.items === items) this.pending = undefined;
        return this.run(items);
      });
      this.previous = result.catch(() => undefined);
      this.pending = { items, result };
    }
    this.pending.items.push(item);
    return this.pending.result;
  }
}
