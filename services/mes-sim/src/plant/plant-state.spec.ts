import { Rng } from '../generator/rng';
import { siteId } from '@andon/plant-model';
import { SIM_PLANT } from '../test-support/test-plant';
import { MesError, PlantState } from './plant-state';

describe('PlantState', () => {
  const fixedNow = () => new Date('2026-11-24T08:00:00Z');

  it('holds a lot once per idempotency key', () => {
    const state = new PlantState(SIM_PLANT, fixedNow);
    const lot = state.createLot(siteId('plant-a'), 'line-1', new Rng(1));
    const first = state.apply('hold_lot', 'k1', { actionId: 'act-1', lotId: lot.id, reason: 'NCR-1' });
    const again = state.apply('hold_lot', 'k1', { actionId: 'act-1', lotId: lot.id, reason: 'NCR-1' });
    expect(again).toBe(first);
    expect(state.lot(lot.id)?.status).toBe('held');
    expect(state.lot(lot.id)?.holds).toHaveLength(1);
    expect(state.effectsForAction('act-1')).toHaveLength(1);
  });

  it('rejects a hold on an unknown lot without recording an effect', () => {
    const state = new PlantState(SIM_PLANT, fixedNow);
    expect(() => state.apply('hold_lot', 'k2', { actionId: 'act-2', lotId: 'nope', reason: 'x' })).toThrow(
      MesError,
    );
    expect(state.effect('k2')).toBeUndefined();
  });

  it('walks genealogy to descendants', () => {
    const state = new PlantState(SIM_PLANT, fixedNow);
    const rng = new Rng(7);
    const root = state.createLot(siteId('plant-b'), 'line-3', rng);
    for (let i = 0; i < 30; i++) state.createLot(siteId('plant-b'), 'line-3', rng);
    const all = state.listLots({ site: 'plant-b' });
    const expected = all.filter((l) => {
      const seen = new Set<string>();
      const stack = [...l.parents];
      while (stack.length) {
        const p = stack.pop() as string;
        if (p === root.id) return true;
        if (seen.has(p)) continue;
        seen.add(p);
        stack.push(...(state.lot(p)?.parents ?? []));
      }
      return false;
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(
      state
        .descendants(root.id)
        .map((l) => l.id)
        .sort(),
    ).toEqual(expected.map((l) => l.id).sort());
  });

  it('survives a snapshot round trip', () => {
    const state = new PlantState(SIM_PLANT, fixedNow);
    const lot = state.createLot(siteId('plant-a'), 'line-2', new Rng(3));
    state.apply('post_shift_log', 'k3', { actionId: 'a3', site: 'plant-a', line: 'line-2', text: 'handoff' });
    const restored = PlantState.restore(JSON.parse(JSON.stringify(state.snapshot())), SIM_PLANT);
    expect(restored.lot(lot.id)).toEqual(lot);
    expect(restored.listRecords('post_shift_log')).toHaveLength(1);
    expect(restored.effect('k3')?.actionId).toBe('a3');
  });
});
