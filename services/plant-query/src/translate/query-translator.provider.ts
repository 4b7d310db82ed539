import type { FactoryProvider } from '@nestjs/common';
import { LlmCallPublisher } from '@andon/agent-kit';
import {
  createLlmGateway,
  DocumentCallCaptureStore,
  DocumentTokenUsageStore,
  loadLlmSettings,
  type LlmGateway,
  type LlmSettings,
} from '@andon/llm';
import { Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { DOCUMENT_STORE } from '@andon/service-kit';
import { QueryTranslator } from './query-translator';

export interface TranslatorOptions {
  /** A gateway from the caller (the standalone's, a test's): questions go through the `plant-query-translate` use case. */
  gateway?: LlmGateway;
  /** Read when no gateway is given: with a model configured (LLM_*), one is built here. */
  llmSettings?: LlmSettings;
}

/**
 * The translator: with a gateway, the small-tier model proposes the query (the gateway
 * records its calls); as the agents do, a model only when LLM_* configures one, otherwise
 * the deterministic parser alone (and the service records that translation itself).
 */
export function queryTranslatorProvider(options: TranslatorOptions): FactoryProvider<QueryTranslator> {
  return {
    provide: QueryTranslator,
    inject: [DOCUMENT_STORE, Metrics, LlmCallPublisher],
    useFactory: async (store: DocumentStore, metrics: Metrics, calls: LlmCallPublisher) => {
      if (options.gateway) return new QueryTranslator(options.gateway);
      const settings = options.llmSettings ?? loadLlmSettings();
      if (!settings.provider) return new QueryTranslator();
      const [tokenUsage, captures] = await Promise.all([
        DocumentTokenUsageStore.open(store),
        DocumentCallCaptureStore.open(store),
      ]);
      return new QueryTranslator(
        createLlmGateway({ settings, metrics, onCall: calls.sink, tokenUsage, captures }),
      );
    },
  };
}
