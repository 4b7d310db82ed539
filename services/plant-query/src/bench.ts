// What bench/ measures inside this service, named here so that a change to these parts
// shows its benchmark at compile time. Imported as '@andon/service-plant-query/bench' by bench/ only
// (an Nx project, tags type:bench); never by production code or other services.
export { METRIC_CATALOGUE, type FactKind } from './catalogue/metric-catalogue';
export { FACT_COLLECTIONS } from './facts/plant-facts';
export { PlantFactsRepository } from './facts/plant-facts.repository';
export { rebuildProductionRollups } from './facts/production-rollup';
export { PlantQueryService } from './plant-query.service';
export { QueryExecutor } from './query/query-executor';
export { QueryTranslator } from './translate/query-translator';
export type { PlantCalendarSettings } from './calendar/plant-calendar';
export { parseQuestion } from './query/question-parser';
