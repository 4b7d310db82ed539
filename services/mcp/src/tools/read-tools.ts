import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpCaller } from '../auth/mcp-auth';
import type { ApiResult } from '../downstream/andon-api.client';
import { holdsAny, refusal, runTool, type ToolDeps, type ToolOutcome } from './tool-runner';

const READ = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
const EXCERPT = 600;

const siteArg = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe('Site code, e.g. plant-a; must be one of your sites');
const lineArg = z.string().min(1).max(64).optional().describe('Line code, e.g. line-1');

interface HitJson {
  documentId: string;
  revision: string;
  chunkId: string;
  title: string;
  section: string;
  docType: string;
  status: string;
  effective: boolean;
  site: string;
  line: string;
  occurredAt?: string;
  score: number;
  text: string;
}

function failed(r: Extract<ApiResult<unknown>, { ok: false }>): ToolOutcome {
  return r.status === 403 || r.status === 401
    ? refusal(r.code, r.message)
    : {
        status: 'error',
        code: r.code,
        body: { code: r.code, message: r.message, upstreamStatus: r.status },
        cited: [],
      };
}

function cite(h: HitJson): Record<string, unknown> {
  return {
    citation: h.docType === 'plant_event' ? h.documentId : `${h.documentId}@${h.revision}#${h.chunkId}`,
    documentId: h.documentId,
    revision: h.revision,
    chunkId: h.chunkId,
    title: h.title,
    section: h.section,
    docType: h.docType,
    status: h.status,
    site: h.site,
    line: h.line,
    ...(h.occurredAt ? { occurredAt: h.occurredAt } : {}),
    score: Math.round(h.score * 1e4) / 1e4,
    excerpt: h.text.length > EXCERPT ? `${h.text.slice(0, EXCERPT - 1)}…` : h.text,
  };
}

const ROW_RECORD_IDS = 5;

/**
 * A result row as a model should see it: its figures and how many stored facts stand
 * behind it, with the first few ids; the answer's citations list the records. A row of
 * a busy line can name thousands of facts, which would swamp the client's context.
 */
function traceable(row: unknown): unknown {
  if (!row || typeof row !== 'object' || !('recordIds' in row) || !Array.isArray(row.recordIds)) return row;
  const { recordIds, ...rest } = row as { recordIds: string[] } & Record<string, unknown>;
  return { ...rest, recordCount: recordIds.length, recordIds: recordIds.slice(0, ROW_RECORD_IDS) };
}

/** Effective, approved revisions only: a draft or superseded procedure is never offered as guidance. */
const inForce = (h: HitJson) => h.docType === 'plant_event' || (h.effective && h.status === 'approved');

// Schemas are built once per process: the server is rebuilt per request (stateless HTTP).
const ASK_PLANT_INPUT = {
  question: z.string().trim().min(1).max(500),
  lines: z.array(z.string().min(1).max(64)).min(1).max(20).optional().describe('Narrow to these lines'),
};

const SEARCH_DOCUMENTS_INPUT = {
  query: z.string().trim().min(1).max(500),
  site: siteArg,
  line: lineArg,
  docTypes: z
    .array(
      z.enum([
        'sop',
        'work_instruction',
        'maintenance_manual',
        'deviation_history',
        'ncr_history',
        'work_order_history',
      ]),
    )
    .min(1)
    .optional(),
  topK: z.number().int().min(1).max(20).optional(),
};

const GET_CONTEXT_INPUT = {
  kind: z.enum(['ncr', 'alarm', 'work_order']),
  id: z.string().trim().min(1).max(128),
  site: siteArg,
};

const ACTIONS_AWAITING_MY_SIGNATURE_INPUT = { site: siteArg };

const EXPLAIN_ACTION_INPUT = { actionId: z.string().trim().min(1).max(128) };

const VERIFY_LEDGER_INPUT = {};

export function registerReadTools(server: McpServer, deps: ToolDeps, caller: McpCaller): void {
  const roles = caller.principal.roles;

  server.registerTool(
    'ask_plant',
    {
      title: 'Ask the plant',
      description:
        'Answer a question about plant performance (OEE, downtime, scrap, MTTR, MTBF, NCRs...) from plant data through the validated plant-query DSL. Numbers come only from stored records; the structured query, time windows and record ids are returned as lineage.',
      inputSchema: ASK_PLANT_INPUT,
      annotations: { ...READ, title: 'Ask the plant' },
    },
    (args, extra) =>
      runTool(deps, caller, 'ask_plant', args, extra.requestId, { refuseFlagged: false }, async (a, ctx) => {
        const r = await deps.api.askPlant<
          {
            answerable: boolean;
            answer: string;
            records: Array<{ id: string; collection: string }>;
            refusal?: { code: string; message: string };
          } & Record<string, unknown>
        >(await ctx.downstreamToken(), {
          question: a.question,
          ...(a.lines ? { lines: a.lines } : {}),
        });
        if (!r.ok) return failed(r);
        const { records, query, windows, rows, total, ...rest } = r.body;
        return {
          // "Cannot answer from plant data" is an answer; the refusal code stays in the body.
          status: 'ok',
          body: {
            ...rest,
            rows: Array.isArray(rows) ? rows.map(traceable) : [],
            total: total ? traceable(total) : null,
            citations: records.map((x) => ({ recordId: x.id, collection: x.collection })),
            lineage: { source: 'plant-query', query: query ?? null, windows: windows ?? {} },
          },
          cited: records.map((x) => x.id),
        };
      }),
  );

  server.registerTool(
    'search_documents',
    {
      title: 'Search procedures and documents',
      description:
        'Search SOPs, work instructions, maintenance manuals and quality history. Only approved revisions in force today are returned, each with document id, revision and chunk as its citation.',
      inputSchema: SEARCH_DOCUMENTS_INPUT,
      annotations: { ...READ, title: 'Search documents' },
    },
    (args, extra) =>
      runTool(
        deps,
        caller,
        'search_documents',
        args,
        extra.requestId,
        { refuseFlagged: false, scope: (a) => ({ site: a.site, line: a.line }) },
        async (a, ctx) => {
          const r = await deps.api.retrieve<{ hits: HitJson[]; asOf: string }>(await ctx.downstreamToken(), {
            query: a.query,
            docTypes: a.docTypes ?? [
              'sop',
              'work_instruction',
              'maintenance_manual',
              'deviation_history',
              'ncr_history',
              'work_order_history',
            ],
            includeNonEffective: false,
            topK: a.topK ?? 8,
            ...(a.site ? { site: a.site } : {}),
            ...(a.line ? { line: a.line } : {}),
          });
          if (!r.ok) return failed(r);
          const hits = r.body.hits.filter(inForce);
          return {
            status: 'ok',
            body: { asOf: r.body.asOf, results: hits.map(cite) },
            cited: hits.map((h) => `${h.documentId}@${h.revision}`),
          };
        },
      ),
  );

  server.registerTool(
    'get_context',
    {
      title: 'Context of an NCR, alarm or work order',
      description:
        'Plant records and in-force documents that mention an NCR, alarm or work order id, with their lineage (record ids, document revisions).',
      inputSchema: GET_CONTEXT_INPUT,
      annotations: { ...READ, title: 'Get context' },
    },
    (args, extra) =>
      runTool(
        deps,
        caller,
        'get_context',
        args,
        extra.requestId,
        { refuseFlagged: false, scope: (a) => ({ site: a.site }) },
        async (a, ctx) => {
          const history = {
            ncr: 'ncr_history',
            alarm: 'maintenance_manual',
            work_order: 'work_order_history',
          } as const;
          const r = await deps.api.retrieve<{ hits: HitJson[]; asOf: string }>(await ctx.downstreamToken(), {
            query: a.id,
            docTypes: ['plant_event', history[a.kind], 'sop', 'work_instruction'],
            includeNonEffective: false,
            topK: 12,
            ...(a.site ? { site: a.site } : {}),
          });
          if (!r.ok) return failed(r);
          const hits = r.body.hits.filter(inForce);
          const records = hits.filter((h) => h.docType === 'plant_event');
          const documents = hits.filter((h) => h.docType !== 'plant_event');
          return {
            status: 'ok',
            body: {
              kind: a.kind,
              id: a.id,
              asOf: r.body.asOf,
              records: records.map(cite),
              documents: documents.map(cite),
              found: hits.length > 0,
            },
            cited: hits.map((h) =>
              h.docType === 'plant_event' ? h.documentId : `${h.documentId}@${h.revision}`,
            ),
          };
        },
      ),
  );

  if (holdsAny(roles, deps.policy.signingRoles())) {
    server.registerTool(
      'actions_awaiting_my_signature',
      {
        title: 'Actions awaiting my signature',
        description:
          'Pending proposed actions you are eligible to sign. Signing happens in the Andon console with re-authentication; this server cannot approve anything.',
        inputSchema: ACTIONS_AWAITING_MY_SIGNATURE_INPUT,
        annotations: { ...READ, title: 'Awaiting my signature' },
      },
      (args, extra) =>
        runTool(
          deps,
          caller,
          'actions_awaiting_my_signature',
          args,
          extra.requestId,
          { refuseFlagged: false, scope: (a) => ({ site: a.site }) },
          async (a, ctx) => {
            const token = await ctx.downstreamToken();
            const list = await deps.api.listActions<{
              actions: Array<{ actionId: string } & Record<string, unknown>>;
            }>(token, { state: 'pending', limit: '50', ...(a.site ? { site: a.site } : {}) });
            if (!list.ok) return failed(list);
            const details = await Promise.all(
              list.body.actions.map((s) =>
                deps.api.action<{ canDecide: boolean; requirements: string[] }>(token, s.actionId),
              ),
            );
            const mine = list.body.actions.filter((_, i) => {
              const d = details[i];
              return d?.ok === true && d.body.canDecide;
            });
            return {
              status: 'ok',
              body: { actions: mine, signIn: 'sign in the Andon console; MCP clients cannot approve' },
              cited: mine.map((m) => m.actionId),
            };
          },
        ),
    );
  }

  server.registerTool(
    'explain_action',
    {
      title: 'Explain a proposed action',
      description:
        'Why an action was proposed (rationale, evidence with revisions), the exact MES call, the policy rule that governs it, who still has to sign, and its execution.',
      inputSchema: EXPLAIN_ACTION_INPUT,
      annotations: { ...READ, title: 'Explain action' },
    },
    (args, extra) =>
      runTool(
        deps,
        caller,
        'explain_action',
        args,
        extra.requestId,
        { refuseFlagged: false },
        async (a, ctx) => {
          const r = await deps.api.action<
            {
              action: { evidence: Array<{ kind: string; id: string; revision: string }> } & Record<
                string,
                unknown
              >;
            } & Record<string, unknown>
          >(await ctx.downstreamToken(), a.actionId);
          if (!r.ok) return r.status === 404 ? refusal(r.code, r.message) : failed(r);
          const { canDecide, whyNot, ...rest } = r.body;
          return {
            status: 'ok',
            body: {
              ...rest,
              youCouldSign: canDecide,
              whyNot,
              signIn:
                'signatures are given in the Andon console with re-authentication; MCP clients cannot approve',
            },
            cited: [
              a.actionId,
              ...r.body.action.evidence.map((e) => (e.revision ? `${e.id}@${e.revision}` : e.id)),
            ],
          };
        },
      ),
  );

  server.registerTool(
    'verify_ledger',
    {
      title: 'Verify the audit ledger',
      description:
        'Re-computes the ledger hash chain and reports whether every entry (proposals, decisions, executions, LLM and MCP tool calls) is intact.',
      inputSchema: VERIFY_LEDGER_INPUT,
      annotations: { ...READ, title: 'Verify ledger' },
    },
    (args, extra) =>
      runTool(
        deps,
        caller,
        'verify_ledger',
        args,
        extra.requestId,
        { refuseFlagged: false },
        async (_a, ctx) => {
          const r = await deps.api.verifyLedger<Record<string, unknown>>(await ctx.downstreamToken());
          if (!r.ok) return failed(r);
          return { status: 'ok', body: r.body, cited: [] };
        },
      ),
  );
}
