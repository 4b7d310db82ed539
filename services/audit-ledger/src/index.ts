// Public API of the audit ledger, for the process that composes it (services/standalone).
export {
  AuditLedgerModule,
  AUDIT_LEDGER_GRPC,
  LEDGER_TOPICS,
  type AuditLedgerModuleOptions,
  type AuditLedgerModuleConfig,
} from './audit-ledger.module';
export {
  ledgerConfigSchema,
  loadLedgerConfig,
  type LedgerConfig,
  type LedgerSettings,
} from './config/ledger.config';
export { GOVERNED_TOPICS } from './record/governed-events';
export type { EntryView } from './query/ledger-query';
export type { RangeVerification, SeqRange } from './verify/range-verifier';
