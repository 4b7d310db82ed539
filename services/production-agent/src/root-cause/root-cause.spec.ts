import { MaintenanceWorkOrderState, MaterialState, RecommendationKind } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  alarm,
  clockIn,
  count,
  downtimeEnd,
  downtimeStart,
  maintenance,
  material,
  ncr,
  startProductionAgent,
  type RunningProductionAgent,
} from '../test-support/production-fixtures';

interface Driver {
  driver: string;
  kind: string;
  strength: number;
  eventIds: string[];
}

describe('cross-system root cause of scrap and downtime spikes', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningProductionAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startProductionAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it('ranks the lot, its supplier, recent maintenance and the crew behind a scrap spike, with evidence, once per window', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      clockIn('lab-1', 0, 'B', 'B1001'),
      clockIn('lab-2', 1, 'B', 'B1002'),
      clockIn('lab-3', 2, 'C', 'C2001'),
      maintenance('mwo-1', 60, 'CM-31', MaintenanceWorkOrderState.COMPLETED),
      material('mat-7', 100, {
        materialId: 'RESIN-PX',
        lotId: 'LOT-A1-00007',
        supplier: 'Polymer Supply Co',
        quantity: 300,
        state: MaterialState.AVAILABLE,
      }),
      // baseline: clean output on lot 6
      count('c-0', 110, 500, 2, 'LOT-A1-00006'),
      count('c-1', 125, 450, 40, 'LOT-A1-00007'),
      alarm('al-1', 126, 'a-l1-m1'),
      count('c-2', 130, 50, 2, 'LOT-A1-00006'),
      count('c-3', 135, 430, 60, 'LOT-A1-00007'),
      // still spiking in the same window: no second analysis
      count('c-4', 140, 420, 70, 'LOT-A1-00007'),
    ]);
    await waitFor(() => agent.recorder.recommendations.length >= 1, {
      timeoutMs: 10_000,
      description: 'the root-cause recommendation',
    });
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      ncr('sentinel', 141, 'NCR-S', 'LOT-Z'),
      material('sentinel-2', 142, { materialId: 'X' }),
    ]);
    await waitFor(() => agent.recorder.recommendations.length >= 2, {
      timeoutMs: 10_000,
      description: 'the sentinel output',
    });

    const causes = agent.recorder.recommendations.filter((r) => r.kind === RecommendationKind.ROOT_CAUSE);
    expect(causes).toHaveLength(1);
    const [rc] = causes;
    // c-3 is the first count at which the last hour's scrap reaches 5% over 200+ units.
    expect(rc?.correlationId).toBe('corr-c-3');
    const data = JSON.parse(rc?.dataJson ?? '{}') as {
      drivers: Driver[];
      spike: { kind: string; value: number };
    };
    expect(data.spike.kind).toBe('scrap');
    expect(data.drivers.slice(0, 2).map((d) => d.driver)).toEqual([
      'lot LOT-A1-00007',
      'supplier Polymer Supply Co',
    ]);
    expect(data.drivers[0]?.strength).toBe(0.96);
    expect(data.drivers.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['cmms-work-order', 'mes-crew', 'mes-alarm']),
    );
    const crewB = data.drivers.find((d) => d.driver === 'crew B');
    const crewC = data.drivers.find((d) => d.driver === 'crew C');
    expect(crewB?.strength).toBeGreaterThan(crewC?.strength ?? 1);
    const ids = rc?.citations.map((c) => c.id) ?? [];
    expect(ids[0]).toBe('c-3');
    expect(ids).toEqual(expect.arrayContaining(['c-1', 'mat-7', 'mwo-1', 'lab-1', 'al-1']));
    expect(rc?.bodyMarkdown).toContain('1. lot LOT-A1-00007');
    expect(rc?.generation).toMatchObject({
      promptId: 'root-cause@deterministic',
      deterministicFallback: true,
    });
  });

  it('analyses a downtime spike by stop reason', async () => {
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      count('c-0', 0, 500, 0),
      downtimeStart('d-1', 5, 'a-l1-m2'),
      downtimeEnd('d-2', 25, 'a-l1-m2'),
      downtimeStart('d-3', 30, 'a-l1-m1'),
      downtimeEnd('d-4', 42, 'a-l1-m1'),
    ]);
    await waitFor(() => agent.recorder.recommendations.length === 1, {
      timeoutMs: 10_000,
      description: 'the root-cause recommendation',
    });
    const [rc] = agent.recorder.recommendations;
    expect(rc?.correlationId).toBe('corr-d-4');
    const data = JSON.parse(rc?.dataJson ?? '{}') as {
      drivers: Driver[];
      spike: { kind: string; value: number };
    };
    expect(data.spike).toMatchObject({ kind: 'downtime', value: 32 });
    expect(data.drivers[0]).toMatchObject({
      driver: 'stops for mechanical failure',
      strength: 1,
      eventIds: ['d-1', 'd-2', 'd-3', 'd-4'],
    });
  });
});
