/**
 * Gathers what callers ask in one turn of the event loop and does it in one call: when hundreds of
 * screens reconnect at once, each kind of statement runs once per turn, not once per screen. The
 * call starts after the turn's I/O callbacks (setImmediate), as TimelineService.forDisplay batches
 * its compiles. Every caller of a turn gets the same answer (or the same failure).
 */
export class TurnBatch<T, R> {
  private pending: { items: T[]; result: Promise<R> } | undefined;

  constructor(private readonly run: (items: readonly T[]) => Promise<R>) {}

  add(item: T): Promise<R> {
    if (!this.pending) {
      const items: T[] = [];
      const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.pending?.items === items) this.pending = undefined;
        return this.run(items);
      });
      this.pending = { items, result };
    }
    this.pending.items.push(item);
    return this.pending.result;
  }
}
