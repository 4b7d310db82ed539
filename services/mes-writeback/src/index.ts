// Public API of the MES write-back adapter, for the process that composes it (services/standalone).
export { MesWritebackModule, WRITEBACK_TOPICS, type MesWritebackModuleOptions } from './mes-writeback.module';
export {
  writebackConfigSchema,
  loadWritebackConfig,
  type WritebackConfig,
  type WritebackSettings,
} from './config/writeback.config';
export { parsePublicKeys } from './config/public-keys';
export { createRestMes, type RestMesConfig } from './mes/create-rest-mes';
export { RestMesAdapter, type RestMesOptions } from './mes/rest-mes.adapter';
export { loadEndpointMaps, type SiteEndpointMap } from './mes/endpoint-map';
export {
  MesCallError,
  MesValidationError,
  type MesPort,
  type MesCallRequest,
  type MesExecution,
  type MesResponseData,
  type PlannedRequest,
} from './mes/mes.port';
