import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type RevisionStatus = 'approved' | 'draft' | 'obsolete' | 'unknown';

export interface ProcedureStep {
  /** 1-based position in the whole document: sections restart their list numbering, terminals count through. */
  stepNo: number;
  section: string;
  text: string;
}

export interface ProcedureRevision {
  documentId: string;
  revision: string;
  status: RevisionStatus;
  title: string;
  /** Epoch ms; undefined means "no bound". */
  effectiveFrom: number | undefined;
  effectiveTo: number | undefined;
  steps: ProcedureStep[];
  /** Where the revision applies; '' means every site / every line. */
  scope: { site: string; line: string };
  /** The seed file, or `documents:<source record id>` for a revision learned from the bus. */
  file: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const STEP = /^(\d+)\.\s+(.*)$/;
const HEADING = /^#{1,6}\s+(.*)$/;

export type LearnOutcome = 'added' | 'changed' | 'unchanged';

/**
 * The procedure revisions the agent knows, in memory: seeded from a knowledge folder in
 * development, learned from andon.documents.published.v1 (through the store) otherwise.
 * A revision is replaced as a whole when its document system republishes it (status or
 * end date changed); revisions are never removed, since an old event is judged by the
 * revision of its own time.
 */
export class ProcedureLibrary {
  private readonly byDocument = new Map<string, ProcedureRevision[]>();

  constructor(revisions: readonly ProcedureRevision[] = []) {
    for (const r of revisions) this.learn(r);
  }

  static load(dir: string): ProcedureLibrary {
    return new ProcedureLibrary(loadProcedureFolder(dir));
  }

  learn(r: ProcedureRevision): LearnOutcome {
    const list = this.byDocument.get(r.documentId) ?? [];
    const i = list.findIndex((x) => x.revision === r.revision);
    if (i >= 0 && sameRevision(list[i], r)) return 'unchanged';
    if (i >= 0) list[i] = r;
    else list.push(r);
    this.byDocument.set(r.documentId, list);
    return i >= 0 ? 'changed' : 'added';
  }

  all(): ProcedureRevision[] {
    return [...this.byDocument.values()].flat();
  }

  knows(documentId: string): boolean {
    return this.byDocument.has(documentId);
  }

  revision(documentId: string, revision: string): ProcedureRevision | undefined {
    return this.byDocument.get(documentId)?.find((r) => r.revision === revision);
  }

  /** The revision with the latest effective date, whatever its status. */
  latest(documentId: string): ProcedureRevision | undefined {
    return [...(this.byDocument.get(documentId) ?? [])].sort(
      (a, b) => (b.effectiveFrom ?? 0) - (a.effectiveFrom ?? 0),
    )[0];
  }

  /**
   * The approved revision in force at `at`; of several, the latest effective one wins. A
   * revision made obsolete with an end date was the approved one inside its window, so a
   * replayed or late event is judged by the revision of its own time.
   */
  approvedAt(documentId: string, at: number): ProcedureRevision | undefined {
    const wasApproved = (r: ProcedureRevision) =>
      r.status === 'approved' || (r.status === 'obsolete' && r.effectiveTo !== undefined);
    const inForce = (this.byDocument.get(documentId) ?? []).filter(
      (r) =>
        wasApproved(r) &&
        (r.effectiveFrom === undefined || r.effectiveFrom <= at) &&
        (r.effectiveTo === undefined || at < r.effectiveTo),
    );
    return inForce.sort((a, b) => (b.effectiveFrom ?? 0) - (a.effectiveFrom ?? 0))[0];
  }
}

/** A procedure from markdown with YAML front matter, or undefined for files that are not procedures (histories, notes). */
export function parseProcedure(markdown: string, file = ''): ProcedureRevision | undefined {
  const match = FRONT_MATTER.exec(markdown);
  if (!match) return undefined;
  const meta: unknown = parseYaml(match[1] ?? '');
  if (typeof meta !== 'object' || meta === null) return undefined;
  const m = meta as Record<string, unknown>;
  const documentId = text(m['documentId'] ?? m['id']);
  const revision = text(m['revision']);
  if (!documentId || !revision) return undefined;
  const steps = parseSteps(match[2] ?? '');
  if (steps.length === 0) return undefined;
  return {
    documentId,
    revision,
    status: statusOf(text(m['status'])),
    title: text(m['title']) || documentId,
    effectiveFrom: dateOf(m['effectiveFrom'] ?? m['effective_from']),
    effectiveTo: dateOf(m['effectiveTo'] ?? m['effective_to']),
    steps,
    scope: { site: text(m['site']), line: text(m['line']) },
    file,
  };
}

/** Every procedure revision in a knowledge folder (recursively). */
export function loadProcedureFolder(dir: string): ProcedureRevision[] {
  return markdownFiles(dir).flatMap((file) => parseProcedure(readFileSync(file, 'utf8'), file) ?? []);
}

/** Same content, whichever source it came from. */
export function sameRevision(a: ProcedureRevision | undefined, b: ProcedureRevision): boolean {
  return a !== undefined && JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

// Field order fixed here, because revisions from the store and from a parser build their objects differently.
function canonical(r: ProcedureRevision): unknown[] {
  return [
    r.documentId,
    r.revision,
    r.status,
    r.title,
    r.effectiveFrom ?? null,
    r.effectiveTo ?? null,
    r.scope.site,
    r.scope.line,
    r.steps.map((s) => [s.stepNo, s.section, s.text]),
  ];
}

export function parseSteps(body: string): ProcedureStep[] {
  const steps: ProcedureStep[] = [];
  let section = '';
  let current: ProcedureStep | undefined;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = HEADING.exec(line);
    const step = STEP.exec(line);
    if (heading) {
      section = (heading[1] ?? '').trim();
      current = undefined;
    } else if (step) {
      current = { stepNo: steps.length + 1, section, text: (step[2] ?? '').trim() };
      steps.push(current);
    } else if (current && line.trim() !== '' && /^\s/.test(line)) {
      current.text = `${current.text} ${line.trim()}`;
    } else if (line.trim() === '' || !/^\s/.test(line)) {
      current = line.trim() === '' ? current : undefined;
    }
  }
  return steps;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(path);
    return e.isFile() && e.name.endsWith('.md') ? [path] : [];
  });
}

function text(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
}

function statusOf(s: string): RevisionStatus {
  const lower = s.toLowerCase();
  return lower === 'approved' || lower === 'draft' || lower === 'obsolete' ? lower : 'unknown';
}

function dateOf(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}
