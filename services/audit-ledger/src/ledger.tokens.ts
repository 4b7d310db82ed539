/** The module's config (AuditLedgerModuleConfig) for the providers that read it. */
export const LEDGER_SETTINGS = Symbol('andon:ledger-settings');
/** The checkpoint signing key and the keys checkpoints are verified with (CheckpointKeys). */
export const CHECKPOINT_KEYS = Symbol('andon:ledger-checkpoint-keys');
/** The witness directory checkpoints are written to, or null without LEDGER_WITNESS_DIR. */
export const LEDGER_WITNESS = Symbol('andon:ledger-witness');
