import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';
import {
  sameRevision,
  type LearnOutcome,
  type ProcedureRevision,
  type ProcedureStep,
  type RevisionStatus,
} from './procedure-library';

interface StoredRevision extends Versioned {
  documentId: string;
  revision: string;
  status: RevisionStatus;
  title: string;
  effectiveFrom: number | null;
  effectiveTo: number | null;
  scopeSite: string;
  scopeLine: string;
  steps: ProcedureStep[];
  file: string;
  learnedAt: number;
  /** When the lines still on an older revision were flagged for this one; null until it is in force and checked. */
  announcedAt: number | null;
}

export interface KnownRevision {
  revision: ProcedureRevision;
  id: string;
  version: number;
  announcedAt: number | null;
}

/**
 * The procedure revisions the agent has learned, so a restarted (or second) replica
 * judges steps at once instead of re-reading the documents topic first. Not site-scoped
 * like the step records: a revision is reference data whose own scope says where it
 * applies, and a plant-wide SOP belongs to every site.
 */
export class ProcedureRevisionsRepository {
  private constructor(private readonly collection: DocumentCollection<StoredRevision>) {}

  static async open(store: DocumentStore): Promise<ProcedureRevisionsRepository> {
    return new ProcedureRevisionsRepository(
      await store.collection<StoredRevision>('compliance_agent_procedures', [
        { name: 'by_announced', fields: { announcedAt: 1 } },
      ]),
    );
  }

  /** Stores a revision, or replaces a republished one whose content changed; keeps when it was announced. */
  async save(revision: ProcedureRevision, now: number): Promise<LearnOutcome> {
    const id = idOf(revision);
    for (;;) {
      const existing = await this.collection.get(id);
      if (!existing) {
        const inserted = await this.collection.insert({
          _id: id,
          ...toStored(revision),
          learnedAt: now,
          announcedAt: null,
        });
        if (inserted === 'inserted') return 'added';
        continue;
      }
      if (sameRevision(fromStored(existing), revision)) return 'unchanged';
      if (
        await this.collection.compareAndSet(id, existing.version, { ...toStored(revision), learnedAt: now })
      )
        return 'changed';
    }
  }

  async all(): Promise<KnownRevision[]> {
    const docs = await this.collection.find({}, { sort: { _id: 1 } });
    return docs.map((d) => ({
      revision: fromStored(d),
      id: d._id,
      version: d.version,
      announcedAt: d.announcedAt,
    }));
  }

  async get(documentId: string, revision: string): Promise<KnownRevision | undefined> {
    const d = await this.collection.get(idOf({ documentId, revision }));
    return d
      ? { revision: fromStored(d), id: d._id, version: d.version, announcedAt: d.announcedAt }
      : undefined;
  }

  async unannounced(): Promise<KnownRevision[]> {
    return (await this.all()).filter((r) => r.announcedAt === null);
  }

  /** False when another replica announced it first (or the revision changed meanwhile). */
  async markAnnounced(known: KnownRevision, at: number): Promise<boolean> {
    return (
      (await this.collection.compareAndSet(
        known.id,
        known.version,
        { announcedAt: at },
        { announcedAt: null },
      )) !== null
    );
  }
}

function idOf(r: Pick<ProcedureRevision, 'documentId' | 'revision'>): string {
  return `${r.documentId}@${r.revision}`;
}

function toStored(
  r: ProcedureRevision,
): Omit<StoredRevision, '_id' | 'version' | 'learnedAt' | 'announcedAt'> {
  return {
    documentId: r.documentId,
    revision: r.revision,
    status: r.status,
    title: r.title,
    effectiveFrom: r.effectiveFrom ?? null,
    effectiveTo: r.effectiveTo ?? null,
    scopeSite: r.scope.site,
    scopeLine: r.scope.line,
    steps: r.steps.map((s) => ({ stepNo: s.stepNo, section: s.section, text: s.text })),
    file: r.file,
  };
}

function fromStored(d: StoredRevision): ProcedureRevision {
  return {
    documentId: d.documentId,
    revision: d.revision,
    status: d.status,
    title: d.title,
    effectiveFrom: d.effectiveFrom ?? undefined,
    effectiveTo: d.effectiveTo ?? undefined,
    steps: d.steps,
    scope: { site: d.scopeSite, line: d.scopeLine },
    file: d.file,
  };
}
