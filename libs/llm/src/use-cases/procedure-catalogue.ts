import type { CheckResult, LabelledSource, SourceRecord } from '../governance/governance.types';
import { stepLists } from './procedure-steps';

/**
 * Recommended steps come from procedures, never from a model's words: an agent passes the
 * procedure revisions it retrieved as sources (`procedureSource`), the model (or the
 * deterministic engine) selects and orders step ids, and the text shown is the
 * procedure's own step, cited with its document and revision. An injected instruction
 * can only ever select a step that an approved, effective revision already has.
 */

/** A procedure revision as an agent retrieved it (document management, knowledge index). */
export interface ProcedureRevisionText {
  documentId: string;
  revision: string;
  title: string;
  /** 'approved' is the only status whose steps may be recommended. */
  status: string;
  /** ISO dates; absent means no bound. */
  effectiveFrom?: string | undefined;
  effectiveTo?: string | undefined;
  /** '' (or absent) means every site. */
  site?: string | undefined;
  /** The document body (Markdown); its numbered lists are the steps. */
  text: string;
}

export const PROCEDURE_SOURCE_KIND = 'procedure-revision';

/** `SOP-Q-001@D#3`: the third step of revision D, counted through the whole document. */
export function stepId(documentId: string, revision: string, position: number): string {
  return `${documentId}@${revision}#${position}`;
}

export interface CatalogueStep {
  id: string;
  documentId: string;
  revision: string;
  /** 1-based position in the whole document (sections restart their numbering, this does not). */
  position: number;
  /** The number the document gives the step inside its list. */
  number: number;
  section: string;
  /** The procedure's own wording: what is shown, never a model's paraphrase. */
  text: string;
  /** The label of the source the step came from (`S3`) and that source's id. */
  label: string;
  sourceId: string;
  documentTitle: string;
}

interface StepEntry {
  id: string;
  position: number;
  number: number;
  section: string;
  text: string;
}

function entries(rev: Pick<ProcedureRevisionText, 'documentId' | 'revision' | 'text'>): StepEntry[] {
  let position = 0;
  return stepLists(rev.text).flatMap((list) =>
    list.steps.map((s) => {
      position += 1;
      return {
        id: stepId(rev.documentId, rev.revision, position),
        position,
        number: s.number,
        section: list.section,
        text: s.text.replace(/\s+/g, ' ').trim(),
      };
    }),
  );
}

/**
 * A revision as a gateway source: the text lists every step under its id (what the model
 * selects from); `data` keeps what the catalogue needs to judge whether the revision may
 * be recommended (status, effective window, site).
 */
export function procedureSource(rev: ProcedureRevisionText): SourceRecord {
  const steps = entries(rev);
  return {
    id: `doc:${rev.documentId}@${rev.revision}`,
    kind: PROCEDURE_SOURCE_KIND,
    title: `${rev.title} (${rev.documentId} rev ${rev.revision})`,
    text: steps.map((s) => `Step ${s.id}: ${s.text}`).join('\n'),
    data: {
      documentId: rev.documentId,
      revision: rev.revision,
      status: rev.status,
      effectiveFrom: rev.effectiveFrom ?? null,
      effectiveTo: rev.effectiveTo ?? null,
      site: rev.site ?? '',
      steps: steps.map((s) => ({
        id: s.id,
        position: s.position,
        number: s.number,
        section: s.section,
        text: s.text,
      })),
    },
  };
}

export type StepRefusal = 'not-approved' | 'not-effective' | 'other-site' | 'flagged';

/** The steps a call may recommend, and why the others it was shown may not be. */
export interface ProcedureCatalogue {
  usable: ReadonlyMap<string, CatalogueStep>;
  refused: ReadonlyMap<string, StepRefusal>;
  /** Usable steps in source order, then document order. */
  ordered(): CatalogueStep[];
}

export const EMPTY_CATALOGUE: ProcedureCatalogue = {
  usable: new Map(),
  refused: new Map(),
  ordered: () => [],
};

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function storedSteps(data: Record<string, unknown> | undefined): StepEntry[] {
  const raw = data?.['steps'];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s: unknown) => {
    if (!s || typeof s !== 'object') return [];
    const o = s as Record<string, unknown>;
    const id = str(o['id']);
    const text = str(o['text']);
    const position = Number(o['position']);
    return id && text && Number.isInteger(position)
      ? [{ id, position, number: Number(o['number']) || position, section: str(o['section']), text }]
      : [];
  });
}

function refusalOf(data: Record<string, unknown>, site: string, at: number): StepRefusal | undefined {
  if (str(data['status']).toLowerCase() !== 'approved') return 'not-approved';
  const from = Date.parse(str(data['effectiveFrom']));
  const to = Date.parse(str(data['effectiveTo']));
  if ((!Number.isNaN(from) && at < from) || (!Number.isNaN(to) && at >= to)) return 'not-effective';
  const scope = str(data['site']);
  if (scope !== '' && scope !== site) return 'other-site';
  return undefined;
}

/** A step overlaps text the gateway flagged (an injection or forbidden instruction in the revision). */
function overlapsFlagged(step: StepEntry, spans: readonly string[]): boolean {
  const probe = step.text.slice(0, 60);
  return spans.some((span) => span.length > 0 && (span.includes(probe) || step.text.includes(span)));
}

/**
 * The steps of the procedure sources of one call: usable when the revision is approved,
 * in force at `at`, for `site` (or every site), and the step was not flagged; every other
 * step the model was shown is refused with the reason.
 */
export function procedureCatalogue(
  sources: readonly LabelledSource[],
  ctx: { site: string; at: number; flaggedByLabel?: ReadonlyMap<string, readonly string[]> },
): ProcedureCatalogue {
  const usable = new Map<string, CatalogueStep>();
  const refused = new Map<string, StepRefusal>();
  for (const source of sources) {
    if (source.kind !== PROCEDURE_SOURCE_KIND || !source.data) continue;
    const data = source.data;
    const revisionRefusal = refusalOf(data, ctx.site, ctx.at);
    const spans = source.flagged
      ? [`${source.title ?? ''}\n${source.text}`]
      : (ctx.flaggedByLabel?.get(source.label) ?? []);
    for (const step of storedSteps(data)) {
      const refusal = revisionRefusal ?? (overlapsFlagged(step, spans) ? 'flagged' : undefined);
      if (refusal) {
        if (!usable.has(step.id)) refused.set(step.id, refusal);
        continue;
      }
      refused.delete(step.id);
      usable.set(step.id, {
        ...step,
        documentId: str(data['documentId']),
        revision: str(data['revision']),
        label: source.label,
        sourceId: source.id,
        documentTitle: source.title ?? str(data['documentId']),
      });
    }
  }
  return { usable, refused, ordered: () => [...usable.values()] };
}

/**
 * The whole step list a deterministic engine recommends from a catalogue: the first usable
 * revision's steps in the document's order (never a subset of a list: half a procedure is
 * a dangerous instruction), optionally only revisions whose title or steps match `about`.
 */
export function procedureStepsFor(catalogue: ProcedureCatalogue, about?: RegExp): string[] {
  const steps = catalogue.ordered();
  const first = steps.find(
    (s) =>
      !about ||
      about.test(`${s.documentTitle} ${s.section}`) ||
      steps.some((o) => o.sourceId === s.sourceId && about.test(o.text)),
  );
  if (!first) return [];
  return steps.filter((s) => s.sourceId === first.sourceId && s.section === first.section).map((s) => s.id);
}

/** Every selected id must be a usable step, once: unknown ids and ids of refused revisions fail. */
export function checkStepSelection(ids: readonly string[], catalogue: ProcedureCatalogue): CheckResult {
  const details: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    // The id itself is model output: reported shortened, never as a step.
    const shown = JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
    if (seen.has(id)) details.push(`step ${shown} selected twice`);
    seen.add(id);
    if (catalogue.usable.has(id)) continue;
    const refusal = catalogue.refused.get(id);
    details.push(
      refusal
        ? `step ${shown} is from a revision that may not be recommended (${refusal})`
        : `step ${shown} is not a step of any retrieved procedure`,
    );
  }
  return { name: 'procedure-steps', passed: details.length === 0, details };
}

/** The selected steps with the procedure's text, in the selected order (unknown ids dropped). */
export function resolveSteps(ids: readonly string[], catalogue: ProcedureCatalogue): CatalogueStep[] {
  return ids.flatMap((id) => catalogue.usable.get(id) ?? []);
}

/** "Put every suspect lot on hold ... (SOP-Q-001 rev D, step 2)": the text shown for a selected step. */
export function stepText(step: CatalogueStep): string {
  return `${step.text} (${step.documentId} rev ${step.revision}, step ${step.number}${step.section ? ` of "${step.section}"` : ''})`;
}
