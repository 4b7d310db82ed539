import type { DecodedMetric, DecodedPayload } from './sparkplug-codec';
import { SparkplugSessions } from './sparkplug-sessions';

const m = (
  name: string | undefined,
  alias: number | undefined,
  value: unknown,
  timestamp?: number,
): DecodedMetric => ({
  name,
  alias: alias === undefined ? undefined : String(alias),
  value,
  timestamp,
  isNull: value === null,
});
const payload = (seq: number | undefined, metrics: DecodedMetric[], timestamp = 1_000): DecodedPayload => ({
  seq,
  timestamp,
  metrics,
});

function born(): SparkplugSessions {
  const s = new SparkplugSessions();
  expect(
    s.accept(
      'g',
      'n',
      undefined,
      'NBIRTH',
      payload(0, [m('bdSeq', undefined, 3), m('Node Control/Rebirth', 9, false), m('Uptime', 1, 5)]),
    ).kind,
  ).toBe('data');
  expect(
    s.accept('g', 'n', 'd', 'DBIRTH', payload(1, [m('Temperature', 2, 20), m('Count', 3, 0)])).kind,
  ).toBe('data');
  return s;
}

describe('Sparkplug sessions (host application view)', () => {
  it('resolves DDATA aliases from the device birth and drops session metrics', () => {
    const s = born();
    const v = s.accept(
      'g',
      'n',
      'd',
      'DDATA',
      payload(2, [m(undefined, 2, 21.5, 1_500), m(undefined, 3, 7)]),
    );
    expect(v).toEqual({
      kind: 'data',
      bdSeq: 3,
      seq: 2,
      unresolved: [],
      metrics: [
        { name: 'Temperature', value: 21.5, timestamp: 1_500 },
        { name: 'Count', value: 7, timestamp: 1_000 },
      ],
    });
    const node = s.accept(
      'g',
      'n',
      undefined,
      'NDATA',
      payload(3, [m(undefined, 9, true), m(undefined, 1, 6)]),
    );
    expect(node.kind === 'data' && node.metrics.map((x) => x.name)).toEqual(['Uptime']);
  });

  it('refuses a sequence gap, asks for a rebirth, and refuses the node until its NBIRTH', () => {
    const s = born();
    const gap = s.accept('g', 'n', 'd', 'DDATA', payload(4, [m(undefined, 2, 1)]));
    expect(gap).toMatchObject({ kind: 'refused', reason: 'sequence_gap', rebirth: true });
    expect(s.accept('g', 'n', 'd', 'DDATA', payload(5, [m(undefined, 2, 1)]))).toMatchObject({
      kind: 'refused',
      reason: 'sequence_gap',
    });
    expect(s.accept('g', 'n', undefined, 'NBIRTH', payload(0, [m('bdSeq', undefined, 3)])).kind).toBe('data');
    // The device's old birth went with the node's: its data needs a new DBIRTH.
    expect(s.accept('g', 'n', 'd', 'DDATA', payload(1, [m(undefined, 2, 1)]))).toMatchObject({
      kind: 'refused',
      reason: 'sparkplug_no_birth',
      rebirth: true,
    });
  });

  it('wraps the sequence from 255 to 0', () => {
    const s = new SparkplugSessions();
    s.accept('g', 'n', undefined, 'NBIRTH', payload(254, [m('bdSeq', undefined, 0), m('A', 1, 0)]));
    expect(s.accept('g', 'n', undefined, 'NDATA', payload(255, [m(undefined, 1, 1)])).kind).toBe('data');
    expect(s.accept('g', 'n', undefined, 'NDATA', payload(0, [m(undefined, 1, 2)])).kind).toBe('data');
  });

  it('refuses data before any birth, and an NBIRTH without bdSeq', () => {
    const s = new SparkplugSessions();
    expect(s.accept('g', 'x', undefined, 'NDATA', payload(1, []))).toMatchObject({
      kind: 'refused',
      reason: 'sparkplug_no_birth',
      rebirth: true,
    });
    expect(s.accept('g', 'x', undefined, 'NBIRTH', payload(0, []))).toMatchObject({
      kind: 'refused',
      reason: 'schema_invalid',
    });
  });

  it('ignores a stale NDEATH (other bdSeq) and ends the session on the matching one', () => {
    const s = born();
    expect(
      s.accept('g', 'n', undefined, 'NDEATH', payload(undefined, [m('bdSeq', undefined, 2)])),
    ).toMatchObject({ kind: 'control', note: expect.stringContaining('stale') });
    expect(s.snapshot()).toHaveLength(1);
    expect(
      s.accept('g', 'n', undefined, 'NDEATH', payload(undefined, [m('bdSeq', undefined, 3)])),
    ).toMatchObject({ kind: 'control' });
    expect(s.snapshot()).toEqual([]);
    expect(s.accept('g', 'n', 'd', 'DDATA', payload(2, [m(undefined, 2, 1)]))).toMatchObject({
      kind: 'refused',
      reason: 'sparkplug_no_birth',
    });
  });

  it('ends a device on DDEATH and lists an alias missing from the birth as unresolved', () => {
    const s = born();
    const v = s.accept('g', 'n', 'd', 'DDATA', payload(2, [m(undefined, 42, 1)]));
    expect(v).toMatchObject({ kind: 'data', metrics: [], unresolved: ['alias 42'] });
    expect(s.accept('g', 'n', 'd', 'DDEATH', payload(3, [])).kind).toBe('control');
    expect(s.accept('g', 'n', 'd', 'DDATA', payload(4, [m(undefined, 2, 1)]))).toMatchObject({
      kind: 'refused',
      reason: 'sparkplug_no_birth',
    });
  });

  it('restores persisted births: aliases resolve and the first message re-anchors the sequence', () => {
    const before = born();
    const saved = before.exportNode('g', 'n');
    expect(saved).toBeDefined();
    const after = new SparkplugSessions();
    after.restore(saved ? [saved] : []);
    const v = after.accept('g', 'n', 'd', 'DDATA', payload(17, [m(undefined, 2, 30)]));
    expect(v).toMatchObject({ kind: 'data', seq: 17, metrics: [{ name: 'Temperature', value: 30 }] });
    expect(after.accept('g', 'n', 'd', 'DDATA', payload(19, [m(undefined, 2, 31)]))).toMatchObject({
      kind: 'refused',
      reason: 'sequence_gap',
    });
  });

  it('with a saved position, a gap across the restart is refused and asks for a rebirth', () => {
    const before = born();
    before.accept('g', 'n', 'd', 'DDATA', payload(2, [m(undefined, 2, 21)]));
    const saved = before.exportNode('g', 'n');
    const position = before.position('g', 'n');
    expect(position).toEqual({ node: 'g/n', bdSeq: 3, seq: 2 });
    const after = new SparkplugSessions();
    after.restore(saved ? [saved] : [], position ? [position] : []);
    // seq 3 was published while the source was down and never reached it.
    expect(after.accept('g', 'n', 'd', 'DDATA', payload(4, [m(undefined, 2, 23)]))).toMatchObject({
      kind: 'refused',
      reason: 'sequence_gap',
      rebirth: true,
    });
    expect(after.snapshot()[0]?.awaitingRebirth).toBe(true);
  });

  it('with a saved position, the next seq goes on and re-sent messages resolve without moving it', () => {
    const before = born();
    before.accept('g', 'n', 'd', 'DDATA', payload(2, [m(undefined, 2, 21)]));
    before.accept('g', 'n', 'd', 'DDATA', payload(3, [m(undefined, 2, 22)]));
    const saved = before.exportNode('g', 'n');
    const position = before.position('g', 'n');
    const after = new SparkplugSessions();
    after.restore(saved ? [saved] : [], position ? [position] : []);
    // The broker re-sends 2 and 3 (handled, never acknowledged before the crash): data for dedupe.
    expect(after.accept('g', 'n', 'd', 'DDATA', payload(2, [m(undefined, 2, 21)]))).toMatchObject({
      kind: 'data',
      seq: 2,
    });
    expect(after.accept('g', 'n', 'd', 'DDATA', payload(3, [m(undefined, 2, 22)]))).toMatchObject({
      kind: 'data',
      seq: 3,
    });
    expect(after.position('g', 'n')).toBeUndefined();
    expect(after.accept('g', 'n', 'd', 'DDATA', payload(4, [m(undefined, 2, 23)]))).toMatchObject({
      kind: 'data',
      seq: 4,
    });
    expect(after.position('g', 'n')).toEqual({ node: 'g/n', bdSeq: 3, seq: 4 });
    expect(after.accept('g', 'n', 'd', 'DDATA', payload(6, [m(undefined, 2, 25)]))).toMatchObject({
      reason: 'sequence_gap',
    });
  });

  it('ignores a saved position of an older session (another bdSeq): the first message re-anchors', () => {
    const before = born();
    const saved = before.exportNode('g', 'n');
    const after = new SparkplugSessions();
    after.restore(saved ? [saved] : [], [{ node: 'g/n', bdSeq: 2, seq: 200 }]);
    expect(after.accept('g', 'n', 'd', 'DDATA', payload(9, [m(undefined, 2, 30)]))).toMatchObject({
      kind: 'data',
      seq: 9,
    });
  });
});
