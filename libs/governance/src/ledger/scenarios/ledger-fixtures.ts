import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore } from '@andon/persistence';
import { Ledger } from '../ledger';
import type { LedgerDocument } from '../ledger-entry';

export interface TempLedger {
  ledger: Ledger;
  store: SqliteDocumentStore;
  file: string;
  /** direct access to stored documents, for tampering through the port */
  docs: () => Promise<import('@andon/persistence').DocumentCollection<LedgerDocument>>;
  openAnother: () => SqliteDocumentStore;
  close: () => Promise<void>;
}

/** A ledger on a real SQLite file in a fresh temp directory, with a ticking clock. */
export async function tempLedger(): Promise<TempLedger> {
  const dir = mkdtempSync(join(tmpdir(), 'andon-ledger-'));
  const file = join(dir, 'ledger.db');
  const store = SqliteDocumentStore.open(file);
  let tick = Date.parse('2025-06-02T10:00:00.000Z');
  const ledger = await Ledger.open(store, { now: () => new Date((tick += 1000)) });
  const others: SqliteDocumentStore[] = [];
  return {
    ledger,
    store,
    file,
    docs: () => store.collection<LedgerDocument>('ledger'),
    openAnother: () => {
      const other = SqliteDocumentStore.open(file);
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A short, realistic action lifecycle. */
export async function appendLifecycle(ledger: Ledger): Promise<void> {
  await ledger.append({
    kind: 'llm.call',
    subjectId: 'llm-1',
    payload: {
      promptId: 'quality.containment',
      promptVersion: '2',
      model: 'qwen2.5-14b',
      provider: 'vllm',
      tokens: { in: 1812, out: 240 },
      sources: ['qms:ncr-881'],
    },
  });
  await ledger.append({
    kind: 'action.proposed',
    subjectId: 'act-1',
    site: 'plant-b',
    correlationId: 'corr-77',
    payload: { type: 'mes.hold_lot', lotId: 'LOT-2291', actionHash: 'ab'.repeat(32) },
  });
  await ledger.append({
    kind: 'action.signed',
    subjectId: 'act-1',
    payload: { userId: 'u-qe-1', meaning: 'APPROVAL', reason: 'drift confirmed' },
  });
  await ledger.append({
    kind: 'action.signed',
    subjectId: 'act-1',
    payload: { userId: 'u-ps-1', meaning: 'RESPONSIBILITY', reason: 'line stopped' },
  });
  await ledger.append({
    kind: 'action.decided',
    subjectId: 'act-1',
    payload: { outcome: 'approved', policy: { id: 'hold-lot', version: 'v1' } },
  });
  await ledger.append({
    kind: 'action.executed',
    subjectId: 'act-1',
    payload: { mesTransactionId: 'MES-99812', status: 'ok' },
  });
}
