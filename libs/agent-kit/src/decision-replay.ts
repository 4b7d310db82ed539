import type { Ledger } from '@andon/governance';
import type { LedgerLookup } from '@andon/llm';

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
