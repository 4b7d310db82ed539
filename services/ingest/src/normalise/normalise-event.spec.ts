import { DataClassification, SourceSystem } from '@andon/contracts';
import { SiteCodeRegistry } from '../site-codes/site-code-registry';
import { SITE_CODES_DIR } from '../test-support/ingest-fixtures';
import { normaliseEvent, type NormaliseOptions } from './normalise-event';
import type { RawEvent } from './raw-event';
import { IngestRejection } from './rejection';

const registry = SiteCodeRegistry.load(SITE_CODES_DIR);
const received = new Date('2026-11-24T06:00:10Z');

const options: NormaliseOptions = {
  codeMap: (site) => registry.get(site),
  defaultEnterprise: 'default-co',
  maxSkewMs: 60_000,
  receivedAt: received,
  ingestedAt: new Date('2026-11-24T06:00:11Z'),
};

const raw = (change: Partial<RawEvent> = {}): RawEvent => ({
  format: 'json',
  sourceSystem: SourceSystem.MES,
  sourceEventId: 'e-1',
  sourceRecordId: '',
  eventType: 'downtime_start',
  location: { enterprise: '', site: 'Plant-A', area: '', line: '', cell: '' },
  occurredAt: new Date('2026-11-24T06:00:00Z'),
  correlationId: '',
  causationId: '',
  dataClassification: DataClassification.UNSPECIFIED,
  payload: {
    $case: 'downtimeStart',
    value: {
      downtimeId: '',
      machineId: 'a-l2-m3',
      reasonCode: 'D03',
      canonicalReason: 0,
      reasonMapped: false,
      reasonText: '',
    },
  },
  ...change,
});

function rejection(input: RawEvent): IngestRejection | undefined {
  try {
    normaliseEvent(input, options);
    return undefined;
  } catch (err) {
    if (err instanceof IngestRejection) return err;
    throw err;
  }
}

describe('normaliseEvent', () => {
  it('builds the ISA-95 location from the plant model: site lower-cased, line and cell from the machine, area from the line', () => {
    const n = normaliseEvent(raw(), options);
    expect(n.event.envelope?.location).toEqual({
      enterprise: 'acme',
      site: 'plant-a',
      area: 'assembly',
      line: 'line-2',
      cell: 'a-l2-c3',
    });
    expect(n.key).toBe('plant-a/line-2');
    expect(n.codeMap).toBe('plant-a@v1');
  });

  it('keeps lineage and sets ingested_at; an explicit source record id and correlation are kept', () => {
    const n = normaliseEvent(
      raw({
        sourceRecordId: 'TX-991',
        correlationId: 'corr-7',
        dataClassification: DataClassification.CONFIDENTIAL,
      }),
      options,
    );
    expect(n.event.envelope).toMatchObject({
      sourceRecordId: 'TX-991',
      correlationId: 'corr-7',
      dataClassification: DataClassification.CONFIDENTIAL,
      ingestedAt: new Date('2026-11-24T06:00:11Z'),
      occurredAt: new Date('2026-11-24T06:00:00Z'),
    });
    expect(n.sourceEventId).toBe('e-1');
  });

  it('keeps location parts the event names itself', () => {
    const n = normaliseEvent(
      raw({ location: { enterprise: 'globex', site: 'plant-a', area: 'paint', line: 'line-1', cell: 'x' } }),
      options,
    );
    expect(n.event.envelope?.location).toEqual({
      enterprise: 'globex',
      site: 'plant-a',
      area: 'paint',
      line: 'line-1',
      cell: 'x',
    });
  });

  it.each<[string, RawEvent, string, RegExp]>([
    [
      'a site without a code map',
      raw({ location: { enterprise: '', site: 'plant-z', area: '', line: 'line-1', cell: '' } }),
      'unknown_location',
      /site "plant-z" has no code map/,
    ],
    [
      'a line outside the plant model',
      raw({ location: { enterprise: '', site: 'plant-a', area: '', line: 'line-9', cell: '' } }),
      'unknown_location',
      /line "line-9"/,
    ],
    [
      'a slash in the line',
      raw({ location: { enterprise: '', site: 'plant-a', area: '', line: 'line/1', cell: '' } }),
      'schema_invalid',
      /must not contain "\/"/,
    ],
    [
      'an event two minutes in the future',
      raw({ occurredAt: new Date('2026-11-24T06:02:11Z') }),
      'timestamp_skew',
      /ahead of/,
    ],
  ])('refuses %s', (_name, input, reason, message) => {
    const r = rejection(input);
    expect(r?.rejection).toBe(reason);
    expect(r?.message).toMatch(message);
  });
});
