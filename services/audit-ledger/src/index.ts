// Public API of the audit ledger, for the process that composes it (services/standalone).
export {
  AuditLedgerModule,
  AUDIT_LEDGER_GRPC,
  LEDGER_TOPICS,
  type AuditLedgerModuleOptions,
  type AuditLedgerModuleConfig,
} from './audit-ledger.module';
export { LEDGER_CORE } from './ledger.tokens';
export {
  createLedgerCore,
  type LedgerCore,
  type LedgerCoreConfig,
  type LedgerCoreOptions,
} from './ledger-core';
export { ledgerConfigSchema, loadLedgerConfig, type LedgerConfig } from './config/ledger.config';
export { GOVERNED_TOPICS } from './record/governed-events';
export type { EntryView } from './query/ledger-query';
export type { RangeVerification, SeqRange } from './verify/range-verifier';
