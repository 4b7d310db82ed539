// Public API of plant-query, for services/standalone (composition).
export { PlantQueryModule, type PlantQueryModuleOptions } from './plant-query.module';
export { PLANT_QUERY_SERVICE_ID, type PlantQueryTopics } from './plant-query.tokens';
export {
  plantQueryConfigSchema,
  loadPlantQueryConfig,
  type PlantQueryConfig,
  type PlantQuerySettings,
} from './config/plant-query.config';
export {
  CANNOT_ANSWER,
  PlantQueryService,
  type PlantAnswer,
  type RecordLink,
  type AskOptions,
} from './plant-query.service';
export { plantQuerySchema, validatePlantQuery, type PlantQuery } from './query/plant-query.dsl';
export {
  METRIC_CATALOGUE,
  METRIC_IDS,
  DIMENSIONS,
  type MetricId,
  type Dimension,
} from './catalogue/metric-catalogue';
export { PlantQueryGrpcServer } from './grpc/plant-query-grpc.server';
export { checkAccess, METRIC_ROLES, DIMENSION_ROLES, type CallerScope } from './access/query-access';
// The OEE path of "ask the plant" (projection, store, executor on the plant model's calendar),
// for the cross-service check that the shift report and plant-query give one OEE (services/standalone/test).
export { PlantFactsProjector } from './facts/plant-facts.projector';
export { PlantFactsRepository } from './facts/plant-facts.repository';
export { QueryExecutor } from './query/query-executor';
export { PlantCalendar } from './calendar/plant-calendar';
