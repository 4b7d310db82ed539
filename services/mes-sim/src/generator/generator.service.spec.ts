import { InProcessEventBus } from '@andon/bus';
import { createLogger } from '@andon/observability';
import { PlantService } from '../plant/plant.service';
import { SIM_PLANT } from '../test-support/test-plant';
import { GeneratorService } from './generator.service';

const RAW_TOPICS = ['mes', 'erp', 'historian', 'qms', 'cmms'].map((s) => ({
  name: `andon.raw.${s}.v1`,
  partitions: 2,
}));

describe('GeneratorService', () => {
  it('replays history quickly but never stamps events after the wall clock', async () => {
    const bus = new InProcessEventBus();
    await bus.ensureTopics(RAW_TOPICS);
    const wall = new Date('2026-11-24T12:00:00Z');
    const gen = new GeneratorService(
      new PlantService(SIM_PLANT, undefined),
      bus,
      createLogger('test', 'silent'),
      {
        seed: 1,
        intervalMs: 10,
        startAt: new Date(wall.getTime() - 5 * 60_000),
        now: () => wall,
      },
    );
    for (let i = 0; i < 20; i++) await gen.step();
    // 11:55..12:00 inclusive: six simulated minutes, then it waits for the clock.
    const afterCatchUp = gen.published;
    expect(afterCatchUp).toBeGreaterThan(0);
    await gen.step();
    expect(gen.published).toBe(afterCatchUp);
    await bus.close();
  });

  it('gives every run distinct source event ids so a restart is not deduped away', async () => {
    const ids = async (startAt: Date) => {
      const bus = new InProcessEventBus();
      const seen: string[] = [];
      await bus.ensureTopics(RAW_TOPICS);
      const sub = await bus.subscribe({
        groupId: 'g',
        topics: ['andon.raw.mes.v1'],
        handler: async (value) => {
          try {
            seen.push((JSON.parse(Buffer.from(value).toString()) as { sourceEventId: string }).sourceEventId);
          } catch {
            // malformed records are part of the simulation
          }
        },
      });
      const gen = new GeneratorService(
        new PlantService(SIM_PLANT, undefined),
        bus,
        createLogger('test', 'silent'),
        {
          seed: 1,
          intervalMs: 10,
          startAt,
          now: () => new Date('2030-01-01T00:00:00Z'),
        },
      );
      await gen.step();
      await sub.close();
      await bus.close();
      return seen;
    };
    const first = await ids(new Date('2026-11-24T10:00:00Z'));
    const second = await ids(new Date('2026-11-24T11:00:00Z'));
    expect(first.length).toBeGreaterThan(0);
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });
});
