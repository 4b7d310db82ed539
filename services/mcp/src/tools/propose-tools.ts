import { z } from 'zod';
import type { Role } from '@andon/governance/auth';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpCaller } from '../auth/mcp-auth';
import type { EvidenceInput, ProposalDraft } from '../governance/proposal-publisher';
import { holdsAny, refusal, runTool, type CallContext, type ToolDeps, type ToolOutcome } from './tool-runner';

/**
 * Proposals only: each tool publishes a ProposedAction and returns its id and who must
 * sign. Nothing here calls the MES, and no tool can approve. Each tool states a typed
 * intent (what the MES should do); the site's endpoint map alone turns it into the MES
 * call (ADR 0024), so no MES path lives here. The same person, tool and
 * arguments give the same action (idempotent), and a proposal changes nothing in the
 * plant until people sign it, so none is destructive.
 */
const PROPOSE = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

/** Who may propose through MCP (approval decides who may sign; that is policy). */
export const PROPOSER_ROLES: Readonly<Record<string, readonly Role[]>> = {
  propose_lot_hold: ['quality_engineer', 'production_supervisor', 'plant_manager'],
  propose_investigation: ['quality_engineer', 'production_supervisor', 'operator', 'plant_manager'],
  propose_maintenance_work_order: [
    'maintenance_planner',
    'production_supervisor',
    'operator',
    'plant_manager',
  ],
  propose_shift_log_entry: ['production_supervisor', 'operator', 'plant_manager'],
};

const id = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, { error: 'letters, digits and . _ : - only' });
const where = {
  site: z.string().min(1).max(64).describe('Site code; must be one of your sites'),
  line: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[^/\s]+$/)
    .describe('Line code'),
};
const evidence = z
  .array(
    z.object({
      kind: z.enum(['event', 'record', 'document']),
      id: z.string().min(1).max(200),
      revision: z.string().min(1).max(64).optional(),
    }),
  )
  .max(20)
  .optional()
  .describe('What the proposal relies on: plant event ids, record ids, document ids with revision');

type Draftable = { site: string; line: string; evidence?: EvidenceInput[] | undefined };

async function propose(deps: ToolDeps, ctx: CallContext, draft: ProposalDraft): Promise<ToolOutcome> {
  const result = await deps.publisher.propose(draft, {
    principal: ctx.caller.principal,
    clientId: ctx.caller.clientId,
    toolCallId: ctx.toolCallId,
    argumentsHash: ctx.argumentsHash,
  });
  if (!result.ok) return refusal(result.code, result.message);
  const p = result.preview;
  return {
    status: 'ok',
    body: {
      actionId: result.actionId,
      state: p.autoApprove ? 'auto_approved' : 'pending',
      actionType: draft.intent.type,
      riskClass: p.riskClass,
      policy: p.rule,
      mustApprove: p.mustApprove,
      approverRoles: p.roles,
      expiresAt: result.expiresAt,
      republished: result.replayed,
      note: 'Proposed, not executed. It reaches the MES only after the signatures policy requires, given in the Andon console; you cannot sign your own proposal.',
    },
    cited: [result.actionId, ...draft.evidence.map((e) => e.id)],
  };
}

function scoped<A extends Draftable>(a: A) {
  return { site: a.site, line: a.line, lineRequired: true };
}

// Schemas are built once per process: the server is rebuilt per request (stateless HTTP).
const PROPOSE_LOT_HOLD_INPUT = {
  ...where,
  lotId: id,
  reason: z.string().trim().min(5).max(1000),
  ncrId: id.optional(),
  product: z.string().max(64).optional(),
  evidence,
};

const PROPOSE_INVESTIGATION_INPUT = {
  ...where,
  title: z.string().trim().min(5).max(200),
  description: z.string().trim().min(5).max(2000),
  ncrId: id.optional(),
  lotIds: z.array(id).max(20).optional(),
  product: z.string().max(64).optional(),
  evidence,
};

const PROPOSE_MAINTENANCE_WORK_ORDER_INPUT = {
  ...where,
  machineId: id,
  priority: z.enum(['routine', 'urgent', 'emergency']),
  title: z.string().trim().min(5).max(200),
  description: z.string().trim().min(5).max(2000),
  evidence,
};

const PROPOSE_SHIFT_LOG_ENTRY_INPUT = {
  ...where,
  title: z.string().trim().min(5).max(200),
  body: z.string().trim().min(5).max(4000),
  shiftCode: z.string().max(16).optional(),
  evidence,
};

export function registerProposeTools(server: McpServer, deps: ToolDeps, caller: McpCaller): void {
  const may = (tool: string) => holdsAny(caller.principal.roles, PROPOSER_ROLES[tool] ?? []);
  const policy = { refuseFlagged: true, scope: scoped };

  if (may('propose_lot_hold')) {
    server.registerTool(
      'propose_lot_hold',
      {
        title: 'Propose a lot hold',
        description:
          'Propose putting a lot on hold in the MES. Becomes a proposed action that policy routes to the required signers (usually two people); returns the action id and who must approve.',
        inputSchema: PROPOSE_LOT_HOLD_INPUT,
        annotations: { ...PROPOSE, title: 'Propose lot hold' },
      },
      (args, extra) =>
        runTool(deps, caller, 'propose_lot_hold', args, extra.requestId, policy, (a, ctx) =>
          propose(deps, ctx, {
            tool: 'propose_lot_hold',
            site: a.site,
            line: a.line,
            product: a.product ?? '',
            title: `Hold lot ${a.lotId}${a.ncrId ? ` for ${a.ncrId}` : ''}`,
            rationale: a.reason,
            recommendedSteps: [
              `Locate lot ${a.lotId} and segregate it from released stock.`,
              `Keep lot ${a.lotId} on hold until a disposition is decided.`,
            ],
            evidence: a.evidence ?? [],
            intent: {
              type: 'mes.hold_lot',
              body: { lotId: a.lotId, reason: a.reason, ...(a.ncrId ? { ncrId: a.ncrId } : {}) },
            },
          }),
        ),
    );
  }

  if (may('propose_investigation')) {
    server.registerTool(
      'propose_investigation',
      {
        title: 'Propose opening an investigation',
        description:
          'Propose opening a deviation/NCR investigation in the QMS-linked MES module; returns the action id and who must approve.',
        inputSchema: PROPOSE_INVESTIGATION_INPUT,
        annotations: { ...PROPOSE, title: 'Propose investigation' },
      },
      (args, extra) =>
        runTool(deps, caller, 'propose_investigation', args, extra.requestId, policy, (a, ctx) =>
          propose(deps, ctx, {
            tool: 'propose_investigation',
            site: a.site,
            line: a.line,
            product: a.product ?? '',
            title: a.title,
            rationale: a.description,
            recommendedSteps: [],
            evidence: a.evidence ?? [],
            intent: {
              type: 'mes.start_investigation',
              body: {
                site: a.site,
                line: a.line,
                title: a.title,
                summary: a.description,
                ...(a.ncrId ? { ncrId: a.ncrId } : {}),
                lotIds: a.lotIds ?? [],
                ...(a.product ? { product: a.product } : {}),
              },
            },
          }),
        ),
    );
  }

  if (may('propose_maintenance_work_order')) {
    server.registerTool(
      'propose_maintenance_work_order',
      {
        title: 'Propose a maintenance work order',
        description:
          'Propose a corrective maintenance work order for a machine; returns the action id and who must approve.',
        inputSchema: PROPOSE_MAINTENANCE_WORK_ORDER_INPUT,
        annotations: { ...PROPOSE, title: 'Propose work order' },
      },
      (args, extra) =>
        runTool(deps, caller, 'propose_maintenance_work_order', args, extra.requestId, policy, (a, ctx) =>
          propose(deps, ctx, {
            tool: 'propose_maintenance_work_order',
            site: a.site,
            line: a.line,
            product: '',
            title: a.title,
            rationale: a.description,
            recommendedSteps: [],
            evidence: a.evidence ?? [],
            intent: {
              type: 'mes.create_work_order',
              body: {
                site: a.site,
                line: a.line,
                machineId: a.machineId,
                type: 'corrective',
                priority: a.priority,
                title: a.title,
                description: a.description,
              },
            },
          }),
        ),
    );
  }

  if (may('propose_shift_log_entry')) {
    server.registerTool(
      'propose_shift_log_entry',
      {
        title: 'Propose a shift log entry',
        description:
          'Propose posting an entry to the MES shift log; a supervisor acknowledges it by signing. Returns the action id and who must approve.',
        inputSchema: PROPOSE_SHIFT_LOG_ENTRY_INPUT,
        annotations: { ...PROPOSE, title: 'Propose shift log entry' },
      },
      (args, extra) =>
        runTool(deps, caller, 'propose_shift_log_entry', args, extra.requestId, policy, (a, ctx) =>
          propose(deps, ctx, {
            tool: 'propose_shift_log_entry',
            site: a.site,
            line: a.line,
            product: '',
            title: a.title,
            rationale: a.body,
            recommendedSteps: [],
            evidence: a.evidence ?? [],
            intent: {
              type: 'mes.post_shift_log',
              body: {
                site: a.site,
                line: a.line,
                title: a.title,
                summary: a.body,
                body: a.body,
                ...(a.shiftCode ? { shiftCode: a.shiftCode } : {}),
              },
            },
          }),
        ),
    );
  }
}
