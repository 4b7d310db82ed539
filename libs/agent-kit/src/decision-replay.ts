import { Ledger } from '@andon/governance/ledger';
import {
  DocumentCallCaptureStore,
  ReplayDesk,
  replayEngines,
  type LedgerLookup,
  type LlmSettings,
} from '@andon/llm';
import type { DocumentStore } from '@andon/persistence';

/**
 * The audit ledger as decision replay reads it: entries by subject, each with the
 * governed message as the ledger keeps it (proto JSON under `payload.message`).
 */
export function ledgerLookup(ledger: Ledger): LedgerLookup {
  return {
    bySubject: async (subjectId) =>
      (await ledger.query({ subjectId, limit: 100 })).map((e) => {
        const payload = e.payload as { message?: Record<string, unknown> } | null;
        return { kind: e.kind, site: e.site, message: payload?.message ?? {} };
      }),
  };
}

/**
 * The replay desk of a deployment whose ledger and captures share one document store
 * (the standalone): reads only; its engines have no call sink and no capture store.
 */
export async function openReplayDesk(
  store: DocumentStore,
  options: { ledgerChain: string; settings: LlmSettings; baseDir?: string },
): Promise<ReplayDesk> {
  return new ReplayDesk({
    ledger: ledgerLookup(await Ledger.open(store, { chain: options.ledgerChain })),
    captures: await DocumentCallCaptureStore.open(store),
    engines: replayEngines(options.settings, options.baseDir ?? process.cwd()),
  });
}
