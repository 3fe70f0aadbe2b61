/**
 * Work on one key (a media id) runs one at a time in this process, in the order asked. A media
 * file and its row are written in two steps with awaits between them; an upload and a delete of
 * the same bytes taking turns never leave a row without its file or a file removed under a row.
 */
export class KeyedTurns {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.then(work, work);
    const tail = mine.catch(() => undefined);
    this.tails.set(key, tail);
    // The last in line forgets the key, so the map holds only ids being worked on.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return mine;
  }
}
