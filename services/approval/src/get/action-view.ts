import { ProposedAction } from '@andon/contracts';
import { traceIdOf } from '@andon/observability';
import type { ApproverCheck, PolicyEvaluation } from '@andon/governance/policy';
import type { ActionRecord, ExecutionNote, StoredDecision, StoredSignature } from '../domain/action-record';
import { evidenceKindName, riskClassName } from '@andon/governance/policy';

/*
 * JSON shapes the REST API returns (the console renders them). Enum values are the
 * lower-case names the console and policies use, timestamps are ISO-8601 strings.
 */

export interface ActionJson {
  actionId: string;
  actionType: string;
  riskClass: string;
  location: { enterprise: string; site: string; area: string; line: string; cell: string };
  product: string;
  proposedBy: string;
  proposedAt: string | null;
  expiresAt: string | null;
  mesCall: { method: string; path: string; payloadJson: string } | null;
  title: string;
  rationale: string;
  recommendedSteps: string[];
  evidence: Array<{
    kind: string;
    id: string;
    revision: string;
    chunk: string;
    uri: string;
    excerpt: string;
    step: string;
    label: string;
    flagged: boolean;
  }>;
  confidence: number;
  generation: {
    promptId: string;
    promptVersion: string;
    promptHash: string;
    model: string;
    provider: string;
    deterministic: boolean;
    fallbackReason: string;
    llmCallIds: string[];
    /** Some input behind the output was flagged (injection or forbidden instruction): the console shows a flag. */
    inputFlagged: boolean;
    injectionKinds: string[];
    modelWrittenFields: string[];
  } | null;
  correlationId: string;
  causationId: string;
}

export interface SignatureJson {
  userId: string;
  printedName: string;
  role: string;
  decision: 'approve' | 'reject';
  meaning: string;
  reason: string;
  signedAt: string;
  reauthenticatedAt: string;
  reauthMethod: string;
}

export interface DecisionJson {
  decisionId: string;
  outcome: string;
  policy: { id: string; version: string };
  decidedAt: string;
  expiresAt: string;
  keyId: string;
  algorithm: string;
  signature: string;
}

export interface ActionSummaryJson {
  actionId: string;
  title: string;
  actionType: string;
  riskClass: string;
  state: string;
  awaiting: string;
  location: { site: string; area: string; line: string };
  product: string;
  proposedBy: string;
  proposedAt: string;
  expiresAt: string;
  signatures: number;
  outcome: string | null;
  execution: ExecutionNote | null;
  /** Present when some input behind the proposal was flagged: the queue marks the row (kinds only, never text). */
  generation?: { inputFlagged: true; injectionKinds: string[] };
}

export interface ActionDetailJson {
  action: ActionJson;
  actionHash: string;
  state: string;
  riskClass: string;
  policy: { id: string; version: string; summary: string; description: string } | null;
  requirements: string[];
  signatures: SignatureJson[];
  expiresAt: string;
  decision: DecisionJson | null;
  canDecide: boolean;
  whyNot: string | null;
  shadow: { version: string; state: string; differences: string[] } | null;
  execution: ExecutionNote | null;
  /** OpenTelemetry trace id of the event chain that proposed it (tracing on only); find it in the trace backend. */
  traceId: string | null;
}

/** "awaits 1 more approver with role production_supervisor" */
export function formatNeeds(needed: readonly string[]): string[] {
  return needed.map((n) => `awaits ${n}`);
}

export function actionJson(record: ActionRecord): ActionJson {
  const p = ProposedAction.fromJSON(record.proposal);
  const loc = p.location;
  const g = p.generation;
  return {
    actionId: p.actionId,
    actionType: p.actionType,
    riskClass: riskClassName(p.riskClass) ?? 'unspecified',
    location: {
      enterprise: loc?.enterprise ?? '',
      site: loc?.site ?? '',
      area: loc?.area ?? '',
      line: loc?.line ?? '',
      cell: loc?.cell ?? '',
    },
    product: p.product,
    proposedBy: p.proposedBy,
    proposedAt: p.proposedAt?.toISOString() ?? null,
    expiresAt: p.expiresAt?.toISOString() ?? null,
    mesCall: p.mesCall
      ? { method: p.mesCall.method, path: p.mesCall.path, payloadJson: p.mesCall.payloadJson }
      : null,
    title: p.title,
    rationale: p.rationale,
    recommendedSteps: p.recommendedSteps,
    evidence: p.evidence.map((e) => ({
      kind: evidenceKindName(e.kind),
      id: e.id,
      revision: e.revision,
      chunk: e.chunk,
      uri: e.uri,
      excerpt: e.excerpt,
      // A recommended step's procedure step, the [Sn] label it had, and whether the text was flagged.
      step: e.step,
      label: e.label,
      flagged: e.flagged,
    })),
    confidence: p.confidence,
    generation: g
      ? {
          promptId: g.promptId,
          promptVersion: g.promptVersion,
          promptHash: g.promptHash,
          model: g.model,
          provider: g.provider,
          deterministic: g.deterministicFallback,
          fallbackReason: g.fallbackReason,
          llmCallIds: g.llmCallIds,
          inputFlagged: g.inputFlagged,
          injectionKinds: g.injectionKinds,
          modelWrittenFields: g.modelWrittenFields,
        }
      : null,
    correlationId: p.correlationId,
    causationId: p.causationId,
  };
}

export function signatureJson(s: StoredSignature): SignatureJson {
  return {
    userId: s.userId,
    printedName: s.name,
    role: s.role,
    decision: s.approved ? 'approve' : 'reject',
    meaning: s.meaning.toLowerCase(),
    reason: s.reason,
    signedAt: s.signedAt,
    reauthenticatedAt: s.reauthenticatedAt,
    reauthMethod: s.reauthMethod,
  };
}

export function decisionJson(d: StoredDecision): DecisionJson {
  return {
    decisionId: d.decisionId,
    outcome: d.outcome,
    policy: d.policy,
    decidedAt: d.decidedAt,
    expiresAt: d.expiresAt,
    keyId: d.keyId,
    algorithm: d.algorithm,
    signature: d.signature,
  };
}

export function summaryJson(record: ActionRecord, evaluation: PolicyEvaluation): ActionSummaryJson {
  return {
    actionId: record._id,
    title: record.title || record.actionType,
    actionType: record.actionType,
    riskClass: record.riskClass,
    state: record.state,
    awaiting: record.state === 'pending' ? formatNeeds(evaluation.needed).join('; ') : '',
    location: { site: record.site, area: areaOf(record), line: record.line },
    product: record.product,
    proposedBy: record.proposedBy,
    proposedAt: record.proposedAt,
    expiresAt: record.expiresAt,
    signatures: record.signatures.length,
    outcome: record.decision?.outcome ?? null,
    execution: record.execution ?? null,
    ...flaggedInput(record),
  };
}

function flaggedInput(record: ActionRecord): Pick<ActionSummaryJson, 'generation'> {
  const g = ProposedAction.fromJSON(record.proposal).generation;
  return g?.inputFlagged ? { generation: { inputFlagged: true, injectionKinds: g.injectionKinds } } : {};
}

export function detailJson(
  record: ActionRecord,
  evaluation: PolicyEvaluation,
  check: ApproverCheck,
  policy: ActionDetailJson['policy'],
): ActionDetailJson {
  return {
    action: actionJson(record),
    actionHash: record.actionHash,
    state: record.state,
    riskClass: record.riskClass,
    policy,
    requirements: record.state === 'pending' ? formatNeeds(evaluation.needed) : [],
    signatures: record.signatures.map(signatureJson),
    expiresAt: record.expiresAt,
    decision: record.decision ? decisionJson(record.decision) : null,
    canDecide: check.allowed,
    whyNot: check.allowed ? null : check.reasons.map((r) => r.message).join('; '),
    shadow: record.shadow
      ? { version: record.shadow.version, state: record.shadow.state, differences: record.shadow.differences }
      : null,
    execution: record.execution ?? null,
    traceId: traceIdOf(record.traceParent) ?? null,
  };
}

function areaOf(record: ActionRecord): string {
  const location = record.proposal['location'];
  if (typeof location !== 'object' || location === null) return '';
  const area = (location as Record<string, unknown>)['area'];
  return typeof area === 'string' ? area : '';
}
