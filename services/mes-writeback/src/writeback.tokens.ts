export const WRITEBACK_CORE = Symbol('andon:writeback-core');
