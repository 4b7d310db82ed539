export { siteId, normaliseSiteId, isSiteId, type SiteId } from './site-id';
export { PlantModel, type PlantLine, type PlantMachine, type PlantSite, type Shift } from './plant-model';
export { PlantModelError } from './plant-model-error';
export {
  loadPlantModel,
  loadPlantModelFromEnv,
  plantModelDir,
  DEFAULT_PLANT_MODEL_DIR,
} from './load-plant-model';
export { siteFileSchema, type SiteFile } from './plant-model.schema';
export { codeMapFileSchema, codeMapSites, loadCodeMap, type CodeMapFile } from './code-maps';
export {
  CANONICAL_ALARM_CODES,
  CANONICAL_DOWNTIME_REASONS,
  CANONICAL_NCR_CATEGORIES,
  CODE_KINDS,
  downtimeReasonOf,
  type CanonicalDowntimeReason,
  type CodeKind,
} from './canonical-codes';
export { downtimeReasonName, FAILURE_REASONS, isFailureReason } from './downtime-reason';
export { assertSiteFiles, auditSiteFiles, type SiteFileDirs } from './site-files-audit';
