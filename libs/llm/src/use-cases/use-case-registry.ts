import { complianceCheck } from './compliance-check.use-case';
import { maintenanceProposal } from './maintenance-proposal.use-case';
import { ncrTriage } from './ncr-triage.use-case';
import { operatorQa } from './operator-qa.use-case';
import { plantQueryTranslate } from './plant-query-translate.use-case';
import { productionNarrative } from './production-narrative.use-case';
import { rootCause } from './root-cause.use-case';
import { scheduleRisk } from './schedule-risk.use-case';
import { shiftHandoff } from './shift-handoff.use-case';
import type { AnyUseCase, UseCaseName } from './use-case';

export const USE_CASE_REGISTRY: Readonly<Record<UseCaseName, AnyUseCase>> = {
  'ncr-triage': ncrTriage,
  'maintenance-proposal': maintenanceProposal,
  'schedule-risk': scheduleRisk,
  'shift-handoff': shiftHandoff,
  'production-narrative': productionNarrative,
  'root-cause': rootCause,
  'operator-qa': operatorQa,
  'compliance-check': complianceCheck,
  'plant-query-translate': plantQueryTranslate,
};

export function useCaseBySchemaName(schemaName: string): AnyUseCase | undefined {
  return Object.values(USE_CASE_REGISTRY).find((u) => u.outputSchemaName === schemaName);
}
