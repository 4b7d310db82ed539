import { InFlightEventIds } from './in-flight-event-ids';

/** Resolves once every pending promise callback has run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('InFlightEventIds', () => {
  it('lets holders of disjoint ids through at once', async () => {
    const ids = new InFlightEventIds();
    const a = await ids.hold(['e1', 'e2']);
    const b = await ids.hold(['e3']);
    expect(ids.size).toBe(3);
    a();
    b();
    expect(ids.size).toBe(0);
  });

  it('makes a holder of a shared id wait for the release, in the order they asked', async () => {
    const ids = new InFlightEventIds();
    const order: string[] = [];
    const first = await ids.hold(['e1', 'e2']);
    const second = ids.hold(['e2', 'e9']).then((release) => {
      order.push('second');
      return release;
    });
    const third = ids.hold(['e1']).then((release) => {
      order.push('third');
      return release;
    });
    await settle();
    expect(order).toEqual([]);
    first();
    const releaseSecond = await second;
    const releaseThird = await third;
    // Both waited for `first`; they share no id with each other, so both then hold.
    expect(order).toEqual(['second', 'third']);
    expect(ids.size).toBe(3);
    releaseSecond();
    releaseThird();
    expect(ids.size).toBe(0);
  });

  it('hands a contended id to one waiter at a time', async () => {
    const ids = new InFlightEventIds();
    let holders = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const release = await ids.hold(['e1', 'e1']);
        holders += 1;
        most = Math.max(most, holders);
        await settle();
        holders -= 1;
        release();
      }),
    );
    expect(most).toBe(1);
    expect(ids.size).toBe(0);
  });

  it('ignores a second release, which must not free an id a later holder took', async () => {
    const ids = new InFlightEventIds();
    const first = await ids.hold(['e1']);
    first();
    const second = await ids.hold(['e1']);
    first();
    let thirdHeld = false;
    const third = ids.hold(['e1']).then((release) => {
      thirdHeld = true;
      return release;
    });
    await settle();
    expect(thirdHeld).toBe(false);
    second();
    (await third)();
    expect(ids.size).toBe(0);
  });
});
