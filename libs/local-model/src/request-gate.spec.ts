import { QueueAbortedError, QueueFullError, RequestGate } from './request-gate';

/** A task that finishes when the test says so. */
function held(): { task: () => Promise<string>; finish: (value: string) => void; started: Promise<void> } {
  let finish: (value: string) => void = () => undefined;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<string>((resolve) => (finish = resolve));
  return {
    task: () => {
      markStarted();
      return done;
    },
    finish,
    started,
  };
}

describe('RequestGate', () => {
  it('runs up to the concurrency, queues up to the limit and refuses the next at once', async () => {
    const gate = new RequestGate(1, 1);
    const first = held();
    const second = held();
    const running = gate.run(first.task);
    await first.started;
    const queued = gate.run(second.task);
    expect([gate.running, gate.queued]).toEqual([1, 1]);
    await expect(gate.run(async () => 'third')).rejects.toBeInstanceOf(QueueFullError);
    first.finish('a');
    await expect(running).resolves.toBe('a');
    await second.started;
    second.finish('b');
    await expect(queued).resolves.toBe('b');
    expect([gate.running, gate.queued]).toEqual([0, 0]);
  });

  it('serves waiters first in, first out', async () => {
    const gate = new RequestGate(1, 3);
    const first = held();
    const order: number[] = [];
    const all = [gate.run(first.task), ...[1, 2, 3].map((n) => gate.run(async () => void order.push(n)))];
    first.finish('done');
    await Promise.all(all);
    expect(order).toEqual([1, 2, 3]);
  });

  it('drops a waiter whose signal fires and never runs it', async () => {
    const gate = new RequestGate(1, 2);
    const first = held();
    const running = gate.run(first.task);
    await first.started;
    const controller = new AbortController();
    let ran = false;
    const waiting = gate.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toEqual(new QueueAbortedError('client went away'));
    expect(gate.queued).toBe(0);
    first.finish('x');
    await running;
    expect(ran).toBe(false);
    expect(gate.running).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const gate = new RequestGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });
});
