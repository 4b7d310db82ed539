export { siteId, isSiteId, normaliseSiteId, type SiteId } from './site-id';
export { PlantModel, type PlantSite, type PlantLine, type Shift } from './plant-model';
export { loadPlantModel, loadPlantModelFromEnv, plantModelDir } from './load-plant-model';
export { codeMapSites, loadCodeMap, type CodeMapFile } from './code-maps';
export { CODE_KINDS, downtimeReasonOf, type CodeKind } from './canonical-codes';
export { downtimeReasonName, isFailureReason } from './downtime-reason';
export { assertSiteFiles, auditSiteFiles } from './site-files-audit';
