/** Nest injection token of the ContextRetrievalCore. */
export const CONTEXT_RETRIEVAL_CORE = Symbol('CONTEXT_RETRIEVAL_CORE');
