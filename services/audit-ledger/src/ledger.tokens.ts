export const LEDGER_CORE = Symbol('andon:ledger-core');
export const LEDGER_ACCESS = Symbol('andon:ledger-access');
/** The module's config (AuditLedgerModuleConfig) for the providers that read it. */
export const LEDGER_SETTINGS = Symbol('andon:ledger-settings');
