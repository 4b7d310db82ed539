import type { Provider } from '@nestjs/common';
import { AgentContext, AgentMessages, defineAgent, type AgentModuleOptions } from '@andon/agent-kit';
import { LlmGateway } from '@andon/llm';
import { loadPlantModelFromEnv, PlantModel } from '@andon/plant-model';
import { productionChecks, userAuthProvider } from '@andon/service-kit';
import { ActionsConsumer } from './approvals/actions.consumer';
import { PendingApprovalsRepository } from './approvals/pending-approvals.repository';
import type { ProductionAgentSettings } from './config/production-agent.config';
import { LineFactsRepository } from './facts/line-facts.repository';
import { ProductionAgent } from './production-agent';
import { MaintenanceViewService } from './reports/maintenance-view.service';
import { PLANT_VIEWS, PlantViewsController } from './reports/plant-views.controller';
import { ReportSummaryService } from './reports/report-summary.service';
import { REPORT_SITES, ReportsController } from './reports/reports.controller';
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

type Ctx = AgentContext<ProductionAgentSettings>;

// The use cases keep plain constructors (testable without Nest); Nest's injector builds them here.
const useCases: Provider[] = [
  {
    provide: ShiftReportService,
    inject: [
      LineFactsRepository,
      PendingApprovalsRepository,
      ShiftReportsRepository,
      LlmGateway,
      AgentMessages,
      PlantModel,
      AgentContext,
    ],
    useFactory: (
      facts: LineFactsRepository,
      approvals: PendingApprovalsRepository,
      reports: ShiftReportsRepository,
      gateway: LlmGateway,
      messages: AgentMessages,
      plant: PlantModel,
      agent: Ctx,
    ) =>
      new ShiftReportService({
        facts,
        approvals,
        reports,
        gateway,
        messages,
        idealRate: (site, line) => plant.idealRate(site, line),
        now: agent.now,
      }),
  },
  {
    provide: ScheduleRiskService,
    inject: [LineFactsRepository, LlmGateway, AgentMessages, PlantModel, AgentContext],
    useFactory: (
      facts: LineFactsRepository,
      gateway: LlmGateway,
      messages: AgentMessages,
      plant: PlantModel,
      agent: Ctx,
    ) =>
      new ScheduleRiskService({
        facts,
        gateway,
        messages,
        idealRate: (site, line) => plant.idealRate(site, line),
        settings: {
          rateFactor: agent.config.PRODUCTION_SCHEDULE_RATE_FACTOR,
          horizonHours: agent.config.PRODUCTION_SCHEDULE_HORIZON_HOURS,
        },
      }),
  },
  {
    provide: RootCauseService,
    inject: [LineFactsRepository, LlmGateway, AgentMessages, AgentContext],
    useFactory: (
      facts: LineFactsRepository,
      gateway: LlmGateway,
      messages: AgentMessages,
      { config: c }: Ctx,
    ) =>
      new RootCauseService({
        facts,
        gateway,
        messages,
        settings: {
          windowMinutes: c.PRODUCTION_SPIKE_WINDOW_MINUTES,
          scrapSpikeRate: c.PRODUCTION_SCRAP_SPIKE_RATE,
          scrapSpikeMinUnits: c.PRODUCTION_SCRAP_SPIKE_MIN_UNITS,
          downtimeSpikeMinutes: c.PRODUCTION_DOWNTIME_SPIKE_MINUTES,
          lookbackHours: c.PRODUCTION_ROOT_CAUSE_LOOKBACK_HOURS,
        },
      }),
  },
  {
    provide: ReportSummaryService,
    inject: [ShiftReportsRepository, LineFactsRepository, AgentContext],
    useFactory: (reports: ShiftReportsRepository, facts: LineFactsRepository, agent: Ctx) =>
      new ReportSummaryService(reports, facts, agent.config.PRODUCTION_REPORT_TREND_HOURS, agent.now),
  },
  {
    provide: PLANT_VIEWS,
    inject: [ShiftReportsRepository, LineFactsRepository, AgentContext],
    useFactory: (reports: ShiftReportsRepository, facts: LineFactsRepository, agent: Ctx) => ({
      shiftChange: new ShiftChangeService(reports, facts, agent.now),
      maintenance: new MaintenanceViewService(facts, agent.now),
    }),
  },
  // Sites the report API answers for when the caller names none: those of the plant model.
  { provide: REPORT_SITES, inject: [PlantModel], useFactory: (plant: PlantModel) => () => plant.sites() },
];

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
  providers: [...useCases, ProductionAgent, ActionsConsumer],
  optionProviders: (options) => [
    userAuthProvider(options.config),
    { provide: PlantModel, useFactory: () => options.plant ?? loadPlantModelFromEnv() },
  ],
  controllers: [ReportsController, PlantViewsController],
  // The report API takes people's tokens: production refuses them without an issuer.
  productionChecks: [productionChecks.userTokens],
});
