import { defineAgent, type AgentModuleOptions } from '@andon/agent-kit';
import { loadPlantModelFromEnv, PlantModel } from '@andon/plant-model';
import { productionChecks, userAuthProvider } from '@andon/service-kit';
import { ActionsConsumer } from './approvals/actions.consumer';
import { PendingApprovalsRepository } from './approvals/pending-approvals.repository';
import type { ProductionAgentSettings } from './config/production-agent.config';
import { LineFactsRepository } from './facts/line-facts.repository';
import { ProductionAgent } from './production-agent';
import { MaintenanceViewService } from './reports/maintenance-view.service';
import { PlantViewsController } from './reports/plant-views.controller';
import { ReportScope } from './reports/report-scope';
import { ReportSummaryService } from './reports/report-summary.service';
import { ReportsController } from './reports/reports.controller';
import { ShiftChangeService } from './reports/shift-change.service';
import { RootCauseService } from './root-cause/root-cause.service';
import { ScheduleRiskService } from './schedule/schedule-risk.service';
import { ShiftReportService } from './shift/shift-report.service';
import { ShiftReportsRepository } from './shift/shift-reports.repository';

export const PRODUCTION_AGENT_ID = 'production-agent';

export interface ProductionAgentModuleOptions extends AgentModuleOptions<ProductionAgentSettings> {
  /** Lines, ideal rates and sites; default: loaded from PLANT_MODEL_DIR (config/plant). */
  plant?: PlantModel;
}

/**
 * The production agent: shift reports and handoffs, schedule risk and root cause over the
 * plant events, pending approvals from the action topics, and the console's report API
 * (GET /api/reports/summary, /shift-change, /maintenance).
 */
export const ProductionAgentModule = defineAgent<ProductionAgentSettings, ProductionAgentModuleOptions>({
  id: PRODUCTION_AGENT_ID,
  handlers: { plantEvents: ProductionAgent },
  consumes: ['actionsDecided'],
  stores: [PendingApprovalsRepository, ShiftReportsRepository],
  purge: [LineFactsRepository],
  providers: [
    ShiftReportService,
    ScheduleRiskService,
    RootCauseService,
    ReportSummaryService,
    ShiftChangeService,
    MaintenanceViewService,
    ReportScope,
    ProductionAgent,
    ActionsConsumer,
  ],
  optionProviders: (options) => [
    userAuthProvider(options.config),
    // A value from the options (or read once from PLANT_MODEL_DIR): the one factory left.
    { provide: PlantModel, useFactory: () => options.plant ?? loadPlantModelFromEnv() },
  ],
  controllers: [ReportsController, PlantViewsController],
  // The report API takes people's tokens: production refuses them without an issuer.
  productionChecks: [productionChecks.userTokens],
});
