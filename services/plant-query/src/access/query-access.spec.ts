import type { Role } from '@andon/governance/auth';
import { validatePlantQuery, type PlantQuery, type PlantQueryInput } from '../query/plant-query.dsl';
import { checkAccess } from './query-access';

const q = (input: Omit<PlantQueryInput, 'time'>): PlantQuery => {
  const v = validatePlantQuery({ ...input, time: { kind: 'relative', period: 'today' } });
  if (!v.ok) throw new Error(v.problems.join('; '));
  return v.query;
};
const as = (...roles: Role[]) => ({ roles });

describe('query access by role and line scope', () => {
  it('lets an operator ask about line performance', () => {
    for (const metric of [
      'downtime_minutes',
      'scrap_rate',
      'first_pass_yield',
      'oee',
      'alarm_count',
      'mttr',
      'mtbf',
    ] as const) {
      expect(checkAccess(q({ metric }), as('operator')).ok).toBe(true);
    }
  });

  it('keeps supplier/lot traceability and the NCR register from operators', () => {
    expect(checkAccess(q({ metric: 'lots' }), as('operator'))).toMatchObject({
      ok: false,
      code: 'role-not-permitted',
    });
    expect(checkAccess(q({ metric: 'open_ncrs' }), as('operator'))).toMatchObject({
      ok: false,
      code: 'role-not-permitted',
    });
    expect(
      checkAccess(q({ metric: 'open_ncrs', groupBy: ['supplier'] }), as('operator', 'maintenance_planner')),
    ).toMatchObject({ ok: false, code: 'role-not-permitted' });
    expect(
      checkAccess(q({ metric: 'lots', filters: { supplier: ['ResinWorks GmbH'] } }), as('production_planner'))
        .ok,
    ).toBe(true);
    expect(checkAccess(q({ metric: 'open_ncrs', groupBy: ['supplier'] }), as('quality_engineer')).ok).toBe(
      true,
    );
    expect(checkAccess(q({ metric: 'ncr_cycle_time' }), as('operator'))).toMatchObject({
      ok: false,
      code: 'role-not-permitted',
    });
    expect(checkAccess(q({ metric: 'ncr_cycle_time' }), as('maintenance_planner'))).toMatchObject({
      ok: false,
      code: 'role-not-permitted',
    });
    expect(checkAccess(q({ metric: 'ncr_cycle_time', groupBy: ['line'] }), as('quality_engineer')).ok).toBe(
      true,
    );
  });

  it('any one permitted role is enough', () => {
    expect(checkAccess(q({ metric: 'lots' }), as('operator', 'production_supervisor')).ok).toBe(true);
  });

  it('narrows a line-scoped caller to their line, and refuses another line', () => {
    const narrowed = checkAccess(q({ metric: 'downtime_minutes', groupBy: ['reason'] }), {
      roles: ['operator'],
      lines: ['line-3'],
    });
    expect(narrowed).toEqual({ ok: true, query: expect.objectContaining({ filters: { line: ['line-3'] } }) });
    expect(
      checkAccess(q({ metric: 'scrap_rate', filters: { line: ['line-3'] } }), {
        roles: ['operator'],
        lines: ['line-3'],
      }).ok,
    ).toBe(true);
    expect(
      checkAccess(q({ metric: 'scrap_rate', filters: { line: ['line-3', 'line-4'] } }), {
        roles: ['operator'],
        lines: ['line-3'],
      }),
    ).toMatchObject({ ok: false, code: 'line-out-of-scope' });
  });

  it('refuses a caller with no roles', () => {
    expect(checkAccess(q({ metric: 'scrap_rate' }), as())).toMatchObject({
      ok: false,
      code: 'role-not-permitted',
    });
  });
});
