import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusModule, InProcessEventBus } from '@andon/bus';
import { Topics } from '@andon/contracts';
import pino from 'pino';
import type { Principal } from '@andon/governance/auth';
import { waitFor } from '@andon/testing';
import { concerns } from './live-events.controller';
import { LiveEventsService, type LiveEvent } from './live-events.service';

const principal = (p: Partial<Principal>): Principal => ({
  userId: 'u',
  name: 'U',
  roles: ['production_supervisor'],
  sites: ['plant-a'],
  ...p,
});

describe('console live events', () => {
  it('relays what changed where, from the action, recommendation and dead-letter topics only', async () => {
    const bus = new InProcessEventBus();
    await bus.ensureTopics(
      [
        Topics.ActionsProposed,
        Topics.ActionsDecided,
        Topics.ActionsExecuted,
        Topics.Recommendations,
        Topics.DeadLetters,
        Topics.PlantEvents,
      ].map((name) => ({ name, partitions: 1 })),
    );
    const live = new LiveEventsService(pino({ level: 'silent' }));
    @Module({ imports: [BusModule.shared(bus)], providers: [{ provide: LiveEventsService, useValue: live }] })
    class LiveModule {}
    const app = await NestFactory.createApplicationContext(LiveModule, { logger: false });
    const seen: LiveEvent[] = [];
    live.listen((e) => seen.push(e));
    await bus.publish([
      { topic: Topics.PlantEvents, key: 'plant-a/line-1', value: Buffer.from('x'), headers: {} },
      { topic: Topics.ActionsProposed, key: 'plant-a/line-1', value: Buffer.from('x'), headers: {} },
      { topic: Topics.Recommendations, key: 'plant-b/line-3', value: Buffer.from('x'), headers: {} },
      { topic: Topics.DeadLetters, key: null, value: Buffer.from('x'), headers: {} },
    ]);
    await waitFor(() => seen.length === 3, { timeoutMs: 5_000, description: 'three live events' });
    expect(seen).toEqual(
      expect.arrayContaining([
        { kind: 'actions', site: 'plant-a', line: 'line-1' },
        { kind: 'reports', site: 'plant-b', line: 'line-3' },
        { kind: 'dead-letters', site: '', line: '' },
      ]),
    );
    await app.close();
    expect(live.listening).toBe(0);
    await bus.close();
  });

  it('tells a caller only about its sites and lines, as the REST API reads them', () => {
    expect(concerns(principal({}), { kind: 'actions', site: 'plant-a', line: 'line-2' })).toBe(true);
    expect(concerns(principal({}), { kind: 'actions', site: 'plant-b', line: 'line-3' })).toBe(false);
    expect(
      concerns(principal({ lines: ['plant-a/line-1'] }), {
        kind: 'actions',
        site: 'plant-a',
        line: 'line-2',
      }),
    ).toBe(false);
    expect(
      concerns(principal({ lines: ['plant-a/line-1'] }), {
        kind: 'actions',
        site: 'plant-a',
        line: 'line-1',
      }),
    ).toBe(true);
    // A change tied to no site (an unreadable dead letter) only for every-site callers.
    expect(concerns(principal({}), { kind: 'dead-letters', site: '', line: '' })).toBe(false);
    expect(concerns(principal({ sites: ['*'] }), { kind: 'dead-letters', site: '', line: '' })).toBe(true);
  });
});
