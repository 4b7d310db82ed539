/** The module's config (WritebackSettings) for the use cases that read it. */
export const WRITEBACK_CONFIG = Symbol('andon:writeback-config');
/** The MES the adapter calls (a MesPort). */
export const MES_PORT = Symbol('andon:mes-port');
/** keyId -> the approval service's Ed25519 public key. */
export const APPROVAL_PUBLIC_KEYS = Symbol('andon:approval-public-keys');
/** This instance, as recorded on the execution rows it holds (host-pid-random by default). */
export const WRITEBACK_OWNER = Symbol('andon:writeback-owner');
