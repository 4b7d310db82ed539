import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventBusContract } from '../contract/run-event-bus-contract';
import { SqliteEventBus } from './sqlite-event-bus';

const dir = mkdtempSync(join(tmpdir(), 'andon-sqlite-bus-contract-'));
let n = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

runEventBusContract(
  'sqlite',
  ({ logger, metrics }) =>
    new SqliteEventBus({ file: join(dir, `bus-${++n}.sqlite`), logger, metrics, retentionIntervalMs: 0 }),
);
