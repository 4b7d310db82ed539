import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeaderNames, Topics } from '@andon/contracts';
import { loadPlantModel } from '@andon/plant-model';
import { waitFor } from '@andon/testing';
import { IngestHeaders } from '../pipeline/ingest-headers';
import {
  SITE_CODES_DIR,
  collect,
  jsonBytes,
  jsonHeaders,
  rawJson,
  startHarness,
  type CollectedRecord,
  type Harness,
} from '../test-support/ingest-fixtures';

const PLANT_C = `site: plant-c
timeZone: Europe/Berlin
shifts:
  - { code: A, start: '06:00', hours: 8 }
  - { code: B, start: '14:00', hours: 8 }
  - { code: C, start: '22:00', hours: 8 }
lines:
  line-7: { area: packing, idealRatePerMinute: 50 }
`;

describe('dead-letter archive and replay', () => {
  let dir: string;
  let h: Harness;
  let plant: CollectedRecord[];

  let plantDir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-replay-'));
    cpSync(SITE_CODES_DIR, dir, { recursive: true });
    // The plant model a new site must join before its code map is accepted (ADR 0023).
    plantDir = mkdtempSync(join(tmpdir(), 'ingest-replay-plant-'));
    cpSync(join(SITE_CODES_DIR, '..', 'plant'), plantDir, { recursive: true });
    h = await startHarness({
      settings: { INGEST_SITE_CODES_DIR: dir },
      plant: () => loadPlantModel(plantDir),
    });
    plant = (await collect(h.bus, Topics.PlantEvents, 'replay-plant')).records;
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(plantDir, { recursive: true, force: true });
  });

  it('replays a dead letter after the mapping fix, to its topic, with its key and headers, and marks it replayed', async () => {
    const newSite = rawJson({ sourceEventId: 'c-1', location: { site: 'plant-c', line: 'line-7' } });
    const garbage = Buffer.from('not json at all');
    await h.bus.publish([
      {
        topic: Topics.RawMes,
        key: 'plant-c/line-7',
        value: jsonBytes(newSite),
        headers: { ...jsonHeaders, 'x-origin': 'plc-gateway' },
      },
      { topic: Topics.RawMes, key: 'plant-c/line-7', value: garbage, headers: jsonHeaders },
    ]);
    const archived = await waitFor(
      async () => {
        const letters = await h.archive.find({});
        return letters.length === 2 ? letters : undefined;
      },
      { description: 'both dead letters archived' },
    );
    expect(archived.map((l) => [l.reason, l.detail, l.consumerGroup])).toEqual([
      ['unknown_location', 'unknown_location', 'ingest'],
      ['decode_failed', 'decode_failed', 'ingest'],
    ]);

    // The fix: the new site in the plant model, and a code map for it.
    writeFileSync(join(plantDir, 'plant-c.yaml'), PLANT_C);
    mkdirSync(join(dir, 'plant-c'));
    writeFileSync(join(dir, 'plant-c', 'v1.yaml'), 'site: plant-c\nversion: 1\nenterprise: acme\n');
    writeFileSync(join(dir, 'plant-c', 'active.yaml'), 'version: 1\n');
    h.siteCodes.reload();

    const dry = await h.replay.replay({ reason: 'unknown_location', dryRun: true });
    expect(dry.replayed).toHaveLength(1);
    expect(await h.archive.find({ reason: 'unknown_location' })).toHaveLength(1);

    const report = await h.replay.replay({ reason: 'unknown_location' });
    expect(report).toMatchObject({ matched: 1, skipped: [], dryRun: false });
    const record = await waitFor(() => plant.find((r) => r.headers[IngestHeaders.SourceEventId] === 'c-1'), {
      description: 'the replayed event published',
    });
    expect(record.key).toBe('plant-c/line-7');
    expect(record.headers[HeaderNames.Site]).toBe('plant-c');
    expect(record.headers[IngestHeaders.IngestSource]).toMatch(/^andon\.raw\.mes\.v1\/\d+\/\d+$/);

    expect(await h.archive.find({ reason: 'unknown_location' })).toHaveLength(0);
    const replayed = await h.archive.find({ status: 'replayed' });
    expect(replayed.map((l) => [l._id, l.replayCount])).toEqual([[archived[0]?._id, 1]]);
    // The other letter is still pending and nothing else was published.
    expect((await h.archive.find({})).map((l) => l.detail)).toEqual(['decode_failed']);
    expect(plant).toHaveLength(1);
  });

  it('replays by id, keeps the original headers and the first receive time, and a second replay is deduped', async () => {
    await h.bus.publish([
      {
        topic: Topics.RawMes,
        key: 'plant-c/line-1',
        value: jsonBytes(rawJson({ sourceEventId: 'c-2', location: { site: 'plant-c', line: 'line-1' } })),
        headers: { ...jsonHeaders, 'x-origin': 'gw' },
      },
    ]);
    const [letter] = await waitFor(
      async () => {
        const letters = await h.archive.find({});
        return letters.length === 1 ? letters : undefined;
      },
      { description: 'archived' },
    );
    writeFileSync(join(plantDir, 'plant-c.yaml'), PLANT_C.replace('line-7', 'line-1'));
    mkdirSync(join(dir, 'plant-c'));
    writeFileSync(join(dir, 'plant-c', 'v1.yaml'), 'site: plant-c\nversion: 1\n');
    writeFileSync(join(dir, 'plant-c', 'active.yaml'), 'version: 1\n');
    h.siteCodes.reload();
    const raw = (await collect(h.bus, Topics.RawMes, 'replay-raw')).records;

    await h.replay.replay({ ids: [letter?._id ?? ''] });
    await h.replay.replay({ ids: [letter?._id ?? ''] });
    await waitFor(() => raw.filter((r) => r.headers[IngestHeaders.ReplayOf] === letter?._id).length === 2, {
      description: 'two replays on the raw topic',
    });
    const replay = raw.find((r) => r.headers[IngestHeaders.ReplayOf] === letter?._id) as CollectedRecord;
    expect(replay.headers).toMatchObject({
      'x-origin': 'gw',
      [HeaderNames.ContentType]: 'application/json',
      [IngestHeaders.ReceivedAt]: letter?.failedAt,
    });
    expect(Object.keys(replay.headers).filter((k) => k.startsWith('andon-dlq-'))).toEqual([]);
    await waitFor(async () => (await h.archive.get(letter?._id ?? ''))?.replayCount === 2, {
      description: 'replay counted twice',
    });
    await waitFor(() => plant.length === 1, { description: 'published once' });
  });
});
