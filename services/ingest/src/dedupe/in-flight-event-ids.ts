/**
 * The event ids this process is publishing right now. The dedupe store is checked before
 * a publish and marked after it, so two inputs carrying the same source event id on two
 * partitions (or on a partition and HTTP) would both pass the check if they were handled
 * at the same time. Holding an id from the check until the mark closes that window inside
 * one process: the second holder waits, then finds the id marked and dedupes.
 *
 * `hold` takes all ids at once, and a holder never asks for more while it holds some, so
 * two holders cannot wait on each other.
 */
export class InFlightEventIds {
  private readonly held = new Map<string, Promise<void>>();

  /** Waits until none of `ids` is held by another caller, then holds them all; returns the release. */
  async hold(ids: Iterable<string>): Promise<() => void> {
    const wanted = [...new Set(ids)];
    for (;;) {
      const busy = wanted.map((id) => this.held.get(id)).find((p) => p !== undefined);
      if (busy === undefined) break;
      await busy;
    }
    // No await between the last check and here, so nobody took an id meanwhile.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    for (const id of wanted) this.held.set(id, released);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const id of wanted) if (this.held.get(id) === released) this.held.delete(id);
      release();
    };
  }

  /** How many ids are held (for tests and diagnostics). */
  get size(): number {
    return this.held.size;
  }
}
