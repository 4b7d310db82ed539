import { resolve } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, EVENT_BUS, type EventBus } from '@andon/bus';
import { Topics } from '@andon/contracts';
import { checkedIntentRenderer, IntentRenderer } from '@andon/mes-endpoints';
import { loadPlantModelFromEnv } from '@andon/plant-model';
import type { Logger, Metrics } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import {
  DOCUMENT_STORE,
  ServiceKitModule,
  authenticatorToken,
  servicePortProviders,
  userAuthProvider,
  clockOf,
  SERVICE_CLOCK,
  type Clock,
} from '@andon/service-kit';
import { createDownstreamTokens } from './auth/downstream-token';
import { McpAuth } from './auth/mcp-auth';
import { MCP_SCHEME, McpAuthenticator } from './auth/mcp.authenticator';
import type { McpSettings } from './config/mcp.config';
import { AndonApiClient } from './downstream/andon-api.client';
import { ProposalPolicy } from './governance/proposal-policy';
import { ProposalPublisher } from './governance/proposal-publisher';
import { ToolCallRecorder } from './governance/tool-call-recorder';
import { UntrustedInput } from './governance/untrusted-input';
import { McpController } from './http/mcp.controller';
import { DOWNSTREAM_TOKENS, MCP_SETTINGS, MCP_TOPICS, type McpTopics } from './mcp.tokens';
import { McpServerService } from './server/mcp-server.service';
import { McpTools } from './tools/mcp-tools';

export interface McpModuleOptions {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  config: McpSettings;
  topics?: Partial<McpTopics>;
  now?: () => Date;
}

/**
 * The MCP server as a Nest module over injected ports (bus and store belong to the caller).
 * Nest builds the authenticator, the downstream client, the proposal publisher, the tools
 * and the per-request server factory from their constructors; the publisher's outbox opens
 * asynchronously (factory), purges at start and hourly (@Sweep), and ensures its topic.
 */
@Module({})
export class McpModule {
  static forRoot(options: McpModuleOptions): DynamicModule {
    const config = options.config;
    const topics: McpTopics = {
      actionsProposed: Topics.ActionsProposed,
      llmCalls: Topics.LlmCalls,
      ...options.topics,
    };
    return {
      module: McpModule,
      imports: [ServiceKitModule, BusModule.shared(options.bus)],
      controllers: [McpController],
      providers: [
        ...servicePortProviders({
          ...options,
          component: 'mcp',
          clock: options.now ? clockOf(options.now) : undefined,
        }),
        { provide: MCP_SETTINGS, useValue: config },
        { provide: MCP_TOPICS, useValue: topics },
        McpAuth,
        McpAuthenticator,
        { provide: authenticatorToken(MCP_SCHEME), useExisting: McpAuthenticator },
        // People's console tokens (the other services' audience), for the development token exchange.
        userAuthProvider(config),
        AndonApiClient,
        { provide: DOWNSTREAM_TOKENS, useFactory: () => createDownstreamTokens(config) },
        { provide: UntrustedInput, useFactory: () => new UntrustedInput(config.LLM_REDACTION_DIR) },
        { provide: ProposalPolicy, useFactory: () => ProposalPolicy.load(config.POLICY_DIR) },
        // The endpoint maps are read once at start: a broken map stops the server before it proposes.
        {
          provide: IntentRenderer,
          useFactory: () => checkedIntentRenderer(resolve(config.MES_ENDPOINTS_DIR), loadPlantModelFromEnv()),
        },
        {
          provide: ToolCallRecorder,
          useFactory: (bus: EventBus) => new ToolCallRecorder(bus, topics.llmCalls),
          inject: [EVENT_BUS],
        },
        {
          provide: ProposalPublisher,
          useFactory: (
            store: DocumentStore,
            bus: EventBus,
            policy: ProposalPolicy,
            endpoints: IntentRenderer,
            clock: Clock,
          ) =>
            ProposalPublisher.open(store, bus, policy, endpoints, {
              topic: topics.actionsProposed,
              ttlHours: config.MCP_PROPOSAL_TTL_HOURS,
              now: () => clock.now(),
            }),
          inject: [DOCUMENT_STORE, EVENT_BUS, ProposalPolicy, IntentRenderer, SERVICE_CLOCK],
        },
        McpTools,
        McpServerService,
      ],
      exports: [McpServerService, McpTools],
    };
  }
}
