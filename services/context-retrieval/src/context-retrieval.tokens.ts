/** Nest injection token of the ContextRetrievalCore. */
export const CONTEXT_RETRIEVAL_CORE = Symbol('CONTEXT_RETRIEVAL_CORE');
/** The module's options (ContextRetrievalModuleOptions: config, start-up corpus progress) for the providers that read them. */
export const RETRIEVAL_OPTIONS = Symbol('RETRIEVAL_OPTIONS');
/** The module's config (ContextRetrievalModuleConfig). */
export const RETRIEVAL_SETTINGS = Symbol('RETRIEVAL_SETTINGS');
