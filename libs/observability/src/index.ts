export { createLogger, messageLogger, type Logger, type MessageContext } from './logger';
export { Metrics } from './metrics';
export { HealthRegistry, type HealthCheck, type HealthReport } from './health-registry';
export { ObservabilityModule, ObservabilityController } from './observability.module';
