export const LEDGER_CORE = Symbol('andon:ledger-core');
export const LEDGER_ACCESS = Symbol('andon:ledger-access');
