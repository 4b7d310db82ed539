/** JSON a request body may carry. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * What an agent proposes the MES should do, typed by action: the facts of the request and
 * nothing about the MES's API. The site's endpoint map alone turns an intent into the MES
 * call (method, path, body), see renderIntent. Field order is the body's key order.
 */
export type MesIntent =
  | HoldLotIntent
  | StartInvestigationIntent
  | CreateWorkOrderIntent
  | PostShiftLogIntent
  | PublishScheduleScenarioIntent
  | RaiseComplianceFlagIntent;

/*
 * Fields marked optional are ones a person proposing through MCP (services/mcp) may not
 * state: the agents always fill them; an absent field is left out of the body.
 */

export interface HoldLotIntent {
  type: 'mes.hold_lot';
  body: { lotId: string; reason: string; ncrId?: string };
}

export interface StartInvestigationIntent {
  type: 'mes.start_investigation';
  body: {
    site: string;
    line: string;
    ncrId?: string;
    title: string;
    category?: string;
    severity?: string;
    dispositionHint?: string;
    product?: string;
    lotIds: string[];
    summary: string;
    containment?: string[];
  };
}

export interface CreateWorkOrderIntent {
  type: 'mes.create_work_order';
  body: {
    site: string;
    line: string;
    machineId: string;
    type: 'corrective' | 'preventive';
    priority: string;
    title: string;
    description: string;
    probableCauses?: string[];
    parts?: Array<{ partNumber: string; quantity: number; onHand: number }>;
    window?: { start: string; end: string };
  };
}

export interface PostShiftLogIntent {
  type: 'mes.post_shift_log';
  body: {
    site: string;
    line: string;
    shiftId?: string;
    shiftCode?: string;
    from?: string;
    to?: string;
    title: string;
    summary: string;
    body: string;
  };
}

export interface PublishScheduleScenarioIntent {
  type: 'mes.publish_schedule_scenario';
  body: {
    site: string;
    line: string;
    orderId: string;
    material: string;
    riskLevel: string;
    summary: string;
    scenarios: Array<{ name: string; description: string }>;
  };
}

export interface RaiseComplianceFlagIntent {
  type: 'mes.raise_compliance_flag';
  body: { site: string; line: string; text: string };
}

export type MesIntentType = MesIntent['type'];
