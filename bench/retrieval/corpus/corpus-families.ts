/**
 * Procedure families: one template per task, instantiated for every line (or site) that
 * has the equipment. Instances at different sites are near-duplicates whose values
 * differ (temperatures, part numbers, alarm codes, intervals); older revisions differ
 * from the current one in the values named `*Old`. The order fixes document ids.
 */
import { MOLDING_ASSEMBLY_FAMILIES } from './families-molding-assembly';
import { PROCESS_PACKAGING_FAMILIES } from './families-process-packaging';
import type { Family } from './family-template';

export type { Family, FamilyContext, Params } from './family-template';

export const FAMILIES: readonly Family[] = [...MOLDING_ASSEMBLY_FAMILIES, ...PROCESS_PACKAGING_FAMILIES];
