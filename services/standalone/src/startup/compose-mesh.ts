import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { resolve } from 'node:path';
import { LlmCallPublisher, openReplayDesk } from '@andon/agent-kit';
import { SqliteEventBus, createEventBus, embeddedBusFile, type EventBus } from '@andon/bus';
import { Topics } from '@andon/contracts';
import {
  createLlmGateway,
  DocumentCallCaptureStore,
  DocumentTokenUsageStore,
  loadLlmSettings,
} from '@andon/llm';
import { ConsoleModule } from '@andon/console';
import { loadPlantModelFromEnv } from '@andon/plant-model';
import { HealthRegistry, Metrics, ObservabilityModule, type Logger } from '@andon/observability';
import { createDocumentStore, type DocumentStore } from '@andon/persistence';
import {
  ContextRetrievalModule,
  createEmbeddings,
  createKnowledgeIndex,
  fusionPolicyFromConfig,
  createProgressBar,
  loadContextRetrievalConfig,
} from '@andon/service-context-retrieval';
import {
  ApprovalModule,
  loadApprovalConfig,
  resolveSigningKey,
  resolveUserDirectory,
} from '@andon/service-approval';
import {
  IngestModule,
  loadIngestConfig,
  loadMqttSourceConfig,
  mqttSourceProviders,
  openDeadLetterDesk,
} from '@andon/service-ingest';
import { AuditLedgerModule, loadLedgerConfig } from '@andon/service-audit-ledger';
import { MesSimModule, SparkplugPlantPublisher } from '@andon/service-mes-sim';
import {
  MesWritebackModule,
  createRestMes,
  loadWritebackConfig,
  parsePublicKeys,
} from '@andon/service-mes-writeback';
import { PlantQueryModule, loadPlantQueryConfig } from '@andon/service-plant-query';
import { McpModule, loadMcpConfig } from '@andon/service-mcp';
import { ComplianceAgentModule, loadComplianceAgentConfig } from '@andon/service-compliance-agent';
import { MaintenanceAgentModule, loadMaintenanceAgentConfig } from '@andon/service-maintenance-agent';
import { ProductionAgentModule, loadProductionAgentConfig } from '@andon/service-production-agent';
import { QualityAgentModule, loadQualityAgentConfig } from '@andon/service-quality-agent';
import type { StandaloneConfig } from '../config/standalone.config';
import { persistedDevSecret } from '../config/dev-secret';
import { catalogueTopics } from './catalogue-topics';
import { publishSimulatedDocuments } from './simulated-document-control';

type Env = Record<string, string | undefined>;

function mcpEnv(env: Env, port: number): Env {
  const self = `http://127.0.0.1:${port}`;
  return {
    ...env,
    HTTP_PORT: String(port),
    MCP_PLANT_QUERY_URL: env['MCP_PLANT_QUERY_URL'] ?? self,
    MCP_RETRIEVAL_URL: env['MCP_RETRIEVAL_URL'] ?? self,
    MCP_APPROVAL_URL: env['MCP_APPROVAL_URL'] ?? self,
    MCP_LEDGER_URL: env['MCP_LEDGER_URL'] ?? self,
  };
}

/** Hosts ingest's MQTT source next to the ingest module it feeds (no providers unless INGEST_MQTT_URL is set). */
class MqttSourceHost {}

export interface Mesh {
  module: Type<unknown>;
  dataDir: string;
  adapters: { bus: string; store: string; index: string; llm: string };
  bus: EventBus;
  store: DocumentStore;
  metrics: Metrics;
  httpBodyLimit: number;
}

/**
 * Builds the adapters once and hands the same instances to every service module, so the
 * in-process bus really connects them. Each service validates its own variables from
 * the same environment; standalone only fills in laptop defaults.
 */
export async function composeMesh(config: StandaloneConfig, processEnv: Env, log: Logger): Promise<Mesh> {
  const dataDir = resolve(config.ANDON_DATA_DIR);
  const env: Env = {
    ...processEnv,
    ANDON_DATA_DIR: dataDir,
    GRPC_ENABLED: String(config.STANDALONE_GRPC),
    JWT_HS256_SECRET:
      processEnv['JWT_HS256_SECRET'] ||
      (processEnv['JWKS_URL'] ? undefined : persistedDevSecret(dataDir, 'jwt-hs256')),
    // The simulated MES wants a credential like a real one; the write-back adapter presents it.
    MES_API_TOKEN: processEnv['MES_API_TOKEN'] || persistedDevSecret(dataDir, 'mes-sim-token'),
  };
  const metrics = new Metrics({ service: 'andon-standalone' });
  const health = new HealthRegistry();
  const bus = createEventBus({ ...config, ANDON_DATA_DIR: dataDir }, { logger: log, metrics });
  if (bus instanceof SqliteEventBus) reportRetentionLosses(bus, log);
  await bus.ensureTopics(catalogueTopics(1));
  const store = await createDocumentStore({ ...config, ANDON_DATA_DIR: dataDir });
  health.register('bus', () => bus.ping());
  health.register('store', () => store.ping());

  const retrievalConfig = loadContextRetrievalConfig(env);
  if (config.SIM_DOCUMENTS && retrievalConfig.KNOWLEDGE_DIR)
    await publishSimulatedDocuments(bus, retrievalConfig.KNOWLEDGE_DIR, log.child({ service: 'mes-sim' }));
  const { embeddings, dims, description: ranking, semantic } = createEmbeddings(retrievalConfig);
  const index = await createKnowledgeIndex(retrievalConfig, dims);
  health.register('knowledge-index', () => index.ping());
  const approvalConfig = loadApprovalConfig(env);
  const plantQueryConfig = loadPlantQueryConfig(env);
  const ingestConfig = loadIngestConfig(env);
  const signingKey = resolveSigningKey({ pem: approvalConfig.APPROVAL_SIGNING_KEY_PEM, dataDir }, log);
  // The write-back adapter trusts exactly the approval key of this process and calls the
  // simulated MES over real HTTP on this process's own port (the path a real MES takes).
  const mesUrl = `http://127.0.0.1:${config.HTTP_PORT}/mes/v1`;
  const writebackConfig = loadWritebackConfig({
    ...env,
    APPROVAL_PUBLIC_KEYS:
      env['APPROVAL_PUBLIC_KEYS'] ??
      JSON.stringify({
        [signingKey.keyId]: signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      }),
    MES_BASE_URLS: env['MES_BASE_URLS'] ?? JSON.stringify({ 'plant-a': mesUrl, 'plant-b': mesUrl }),
  });
  // SIM_TRANSPORT=sparkplug + SIM_MQTT_URL: the simulated machines speak Sparkplug B to that
  // broker; INGEST_MQTT_URL (the same broker) has ingest's MQTT source read them (ADR 0016).
  const simMqttUrl = env['SIM_TRANSPORT'] === 'sparkplug' ? env['SIM_MQTT_URL'] : undefined;
  if (env['SIM_TRANSPORT'] === 'sparkplug' && !simMqttUrl)
    throw new Error('SIM_TRANSPORT=sparkplug needs SIM_MQTT_URL');
  const simSink = simMqttUrl
    ? await SparkplugPlantPublisher.start({
        bus,
        url: simMqttUrl,
        plant: loadPlantModelFromEnv(env),
        log: log.child({ service: 'mes-sim-sparkplug' }),
        ...(env['INGEST_MQTT_URL'] ? { primaryHostId: loadMqttSourceConfig(env).INGEST_MQTT_HOST_ID } : {}),
      })
    : undefined;
  const ingestModule = IngestModule.forRoot({
    bus,
    store,
    log: log.child({ service: 'ingest' }),
    metrics,
    config: ingestConfig,
  });
  const modules: DynamicModule[] = [
    ObservabilityModule.forRoot({ health, metrics }),
    ConsoleModule.forRoot({
      // Site time zones have one home, the plant model (config/plant).
      siteTimeZones: siteTimeZones(loadPlantModelFromEnv(env)),
      live: { bus, log: log.child({ service: 'console' }) },
      deadLetters: await openDeadLetterDesk({ store, bus, log: log.child({ service: 'console' }) }),
      replay: await openReplayDesk(store, {
        ledgerChain: loadLedgerConfig(env).LEDGER_CHAIN,
        settings: loadLlmSettings(env),
      }),
    }),
    MesSimModule.forRoot({
      bus: simSink ?? bus,
      log,
      dataDir,
      apiTokens: [env['MES_API_TOKEN'] ?? ''],
      plant: loadPlantModelFromEnv(env),
      generator: {
        enabled: config.SIM_GENERATOR,
        seed: config.SIM_SEED,
        intervalMs: config.SIM_INTERVAL_MS,
        malformedRate: config.SIM_MALFORMED_RATE,
        scenario: config.SIM_SCENARIO,
        startAt: new Date(Date.now() - config.SIM_BACKFILL_HOURS * 3_600_000),
      },
    }),
    ingestModule,
    {
      module: MqttSourceHost,
      imports: [ingestModule],
      providers: mqttSourceProviders(loadMqttSourceConfig(env), health),
    },
    ApprovalModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'approval' }),
      metrics,
      config: approvalConfig,
      signingKey,
      users: resolveUserDirectory(approvalConfig, log),
    }),
    // Each agent builds its own LLM gateway (deterministic engine unless LLM_* is set) wired
    // to its own call-record publisher, so they are composed without sharing one.
    MesWritebackModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'mes-writeback' }),
      metrics,
      config: writebackConfig,
      publicKeys: parsePublicKeys(writebackConfig.APPROVAL_PUBLIC_KEYS),
      mes: createRestMes(writebackConfig, { log, metrics }),
    }),
    AuditLedgerModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'audit-ledger' }),
      metrics,
      config: loadLedgerConfig(env),
    }),
    ContextRetrievalModule.forRoot({
      index,
      bus,
      store,
      log: log.child({ service: 'context-retrieval' }),
      metrics,
      gateway: createLlmGateway({
        metrics,
        onCall: new LlmCallPublisher(bus, Topics.LlmCalls, 'context-retrieval').sink,
        tokenUsage: await DocumentTokenUsageStore.open(store),
        captures: await DocumentCallCaptureStore.open(store),
      }),
      embeddings,
      fusion: fusionPolicyFromConfig(retrievalConfig, semantic),
      config: retrievalConfig,
      // The knowledge corpus is indexed at start-up with a progress bar.
      onIngestProgress: createProgressBar(process.stderr),
    }),
    QualityAgentModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'quality-agent' }),
      metrics,
      config: loadQualityAgentConfig(env),
    }),
    MaintenanceAgentModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'maintenance-agent' }),
      metrics,
      config: loadMaintenanceAgentConfig(env),
    }),
    ProductionAgentModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'production-agent' }),
      metrics,
      config: loadProductionAgentConfig(env),
    }),
    ComplianceAgentModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'compliance-agent' }),
      metrics,
      config: loadComplianceAgentConfig(env),
    }),
    PlantQueryModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'plant-query' }),
      metrics,
      config: plantQueryConfig,
    }),
    // The MCP server reaches the other services over their REST APIs on this process's own port, as it would across pods.
    McpModule.forRoot({
      bus,
      store,
      log: log.child({ service: 'mcp' }),
      metrics,
      config: loadMcpConfig(mcpEnv(env, config.HTTP_PORT)),
    }),
  ];

  @Module({ imports: modules })
  class StandaloneModule {}

  return {
    module: StandaloneModule,
    dataDir,
    adapters: {
      bus: busDescription(config, dataDir),
      store: config.MONGO_URI ? 'mongodb' : `sqlite ${dataDir}/andon.sqlite`,
      index: `${index.engine}, ${ranking}`,
      llm: processEnv['LLM_BASE_URL'] ? processEnv['LLM_BASE_URL'] : 'deterministic engine',
    },
    bus,
    store,
    metrics,
    httpBodyLimit: ingestConfig.INGEST_HTTP_MAX_BODY_BYTES,
  };
}

function busDescription(config: StandaloneConfig, dataDir: string): string {
  if (config.KAFKA_BROKERS) return `kafka ${config.KAFKA_BROKERS.join(',')}`;
  return config.BUS_EMBEDDED === 'sqlite'
    ? `sqlite ${embeddedBusFile({ ANDON_DATA_DIR: dataDir })} (durable)`
    : 'in-process (memory only)';
}

/** Losses stay recorded in the bus file; each start says so until someone looks (docs/adr/0004). */
function reportRetentionLosses(bus: SqliteEventBus, log: Logger): void {
  const losses = bus.retentionLosses();
  if (losses.length === 0) return;
  const records = losses.reduce((sum, l) => sum + l.records, 0);
  const groups = [...new Set(losses.map((l) => l.groupId))];
  log.error(
    { records, groups, table: 'bus_retention_losses' },
    'the embedded bus has recorded records deleted by retention before these consumer groups committed them',
  );
}

/** `{ site: IANA zone }` for the console's public configuration. */
function siteTimeZones(plant: {
  sites(): string[];
  zoneOf(site: string): string | undefined;
}): Record<string, string> {
  return Object.fromEntries(
    plant.sites().flatMap((s) => {
      const zone = plant.zoneOf(s);
      return zone ? [[s, zone]] : [];
    }),
  );
}
