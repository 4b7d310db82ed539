// The MES endpoint maps (config/mes-endpoints/<site>.yaml) and the typed intents they turn
// into MES calls: agents render proposals with them, mes-writeback checks and sends them.
export {
  loadEndpointMaps,
  loadActionTemplates,
  INJECTABLE_FIELDS,
  type InjectableField,
  type ActionMapping,
  type SiteEndpointMap,
  type SiteActionTemplates,
} from './endpoint-map';
export type {
  Json,
  MesIntent,
  MesIntentType,
  HoldLotIntent,
  StartInvestigationIntent,
  CreateWorkOrderIntent,
  PostShiftLogIntent,
  PublishScheduleScenarioIntent,
  RaiseComplianceFlagIntent,
} from './mes-intent';
export { renderIntent, IntentRenderer, IntentRenderError, type RenderedMesCall } from './render-intent';
export { checkedIntentRenderer } from './checked-intent-renderer';
