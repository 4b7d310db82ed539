import { randomUUID } from 'node:crypto';
import { hasLine, hasSite, type Role } from '@andon/governance/auth';
import type { InjectionFinding } from '@andon/llm';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { DownstreamTokens } from '../auth/downstream-token';
import type { McpCaller } from '../auth/mcp-auth';
import type { AndonApiClient } from '../downstream/andon-api.client';
import type { ProposalPolicy } from '../governance/proposal-policy';
import type { ProposalPublisher } from '../governance/proposal-publisher';
import { argumentsHash, type ToolCallRecorder, type ToolCallStatus } from '../governance/tool-call-recorder';
import type { RedactionCounts, UntrustedInput } from '../governance/untrusted-input';

/** What every tool handler can reach. One instance per process. */
export interface ToolDeps {
  api: AndonApiClient;
  tokens: DownstreamTokens;
  untrusted: UntrustedInput;
  recorder: ToolCallRecorder;
  publisher: ProposalPublisher;
  policy: ProposalPolicy;
  redactResults: boolean;
}

export interface CallContext {
  caller: McpCaller;
  toolCallId: string;
  argumentsHash: string;
  findings: InjectionFinding[];
  /** A short-lived token for the other services' APIs, for this caller. */
  downstreamToken(): Promise<string>;
}

export interface ToolOutcome {
  status: ToolCallStatus;
  /** Code of a refusal or error. */
  code?: string;
  body: Record<string, unknown>;
  /** Record, document and action ids the result cites. */
  cited: string[];
}

export interface ToolPolicy<A> {
  /** Site and line the call is about, checked against the token before anything runs. */
  scope?: (args: A) => { site?: string | undefined; line?: string | undefined; lineRequired?: boolean };
  /** Writes refuse arguments carrying injection markers; reads answer and flag them. */
  refuseFlagged: boolean;
}

export const refusal = (code: string, message: string, extra: Record<string, unknown> = {}): ToolOutcome => ({
  status: 'refused',
  code,
  body: { code, message, ...extra },
  cited: [],
});

/** Whether the principal holds any of the roles. */
export function holdsAny(roles: readonly Role[], allowed: Iterable<Role>): boolean {
  const set = new Set(allowed);
  return roles.some((r) => set.has(r));
}

/**
 * The governed envelope of every tool call: scope check from the token, injection scan
 * of the arguments, the handler, redaction of what goes back to the client's model, and
 * one ledger record (who, tool, arguments' hash, result status) whatever happened.
 */
export async function runTool<A extends object>(
  deps: ToolDeps,
  caller: McpCaller,
  tool: string,
  args: A,
  requestId: string | number,
  policy: ToolPolicy<A>,
  handler: (args: A, ctx: CallContext) => Promise<ToolOutcome>,
): Promise<CallToolResult> {
  const started = performance.now();
  const toolCallId = randomUUID();
  const hash = argumentsHash(args);
  const findings = deps.untrusted.scan(args);
  const scope = policy.scope?.(args) ?? {};
  const principal = caller.principal;
  let outcome: ToolOutcome;
  try {
    if (scope.site !== undefined && !hasSite(principal, scope.site)) {
      outcome = refusal('SITE_OUT_OF_SCOPE', `${principal.userId} is not scoped to site ${scope.site}`);
    } else if (
      scope.site !== undefined &&
      (scope.line !== undefined || scope.lineRequired) &&
      !hasLine(principal, scope.site, scope.line ?? '')
    ) {
      outcome = refusal(
        'LINE_OUT_OF_SCOPE',
        `${principal.userId} is scoped to lines ${principal.lines?.join(', ')}, not ${scope.site}/${scope.line ?? '(site-wide)'}`,
      );
    } else if (findings.length > 0 && policy.refuseFlagged) {
      outcome = {
        ...refusal(
          'INJECTION_SUSPECTED',
          'the arguments carry text that reads as instructions to a model; nothing was proposed',
          { findings },
        ),
        status: 'flagged',
      };
    } else {
      let token: Promise<string> | undefined;
      outcome = await handler(args, {
        caller,
        toolCallId,
        argumentsHash: hash,
        findings,
        downstreamToken: () => (token ??= deps.tokens.tokenFor(caller)),
      });
      if (findings.length > 0 && outcome.status === 'ok')
        outcome = { ...outcome, status: 'flagged', code: 'INJECTION_SUSPECTED' };
    }
  } catch (err) {
    outcome = {
      status: 'error',
      code: 'INTERNAL',
      body: { code: 'INTERNAL', message: (err as Error).message },
      cited: [],
    };
  }
  const site = scope.site ?? '';
  let body: Record<string, unknown> = {
    ...outcome.body,
    toolCallId,
    status: outcome.status,
    ...(findings.length > 0 ? { injectionFindings: findings } : {}),
  };
  let redactions: RedactionCounts = {};
  if (deps.redactResults)
    ({ value: body, redactions } = deps.untrusted.redact(site || principal.sites[0], body));
  await deps.recorder.record({
    toolCallId,
    tool,
    requestId: String(requestId),
    userId: principal.userId,
    clientId: caller.clientId,
    site,
    argumentsHash: hash,
    status: outcome.status,
    detail: outcome.code ?? (findings.length > 0 ? findings.map((f) => f.kind).join(',') : ''),
    cited: outcome.cited.slice(0, 50),
    redactions,
    latencyMs: performance.now() - started,
    at: new Date(),
  });
  return {
    content: [{ type: 'text', text: JSON.stringify(body) }],
    structuredContent: body,
    ...(outcome.status === 'ok' || (outcome.status === 'flagged' && !policy.refuseFlagged)
      ? {}
      : { isError: true }),
  };
}
