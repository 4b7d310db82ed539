import type { DocumentCollection, DocumentStore, Filter } from '@andon/persistence';
import { scopedSites } from '@andon/governance/auth';
import { type RiskClass } from '@andon/governance/policy';
import type { ActionRecord, ActionStateName, ExecutionNote } from './action-record';

/**
 * The sites a caller may see; `*` means every site. Required by every scoped query. A
 * principal's line scope narrows the sites to those it names (`scopedSites`).
 */
export interface SiteScope {
  readonly sites: readonly string[];
  readonly lines?: readonly string[] | undefined;
}

export const ALL_SITES_SCOPE: SiteScope = { sites: ['*'] };

export interface ActionQuery {
  state?: ActionStateName | readonly ActionStateName[];
  site?: string;
  line?: string;
  riskClass?: RiskClass;
  execution?: ExecutionNote['status'];
  limit: number;
  skip?: number;
}

export const ACTIONS_COLLECTION = 'approval_actions';

/**
 * Persistence of action records. Queries a person makes take a SiteScope, so a
 * listing without a site restriction does not compile; the unscoped methods exist
 * for the service's own work (intake, sweeps, the outbox).
 */
export class ActionRepository {
  private constructor(private readonly actions: DocumentCollection<ActionRecord>) {}

  static async open(store: DocumentStore): Promise<ActionRepository> {
    const actions = await store.collection<ActionRecord>(ACTIONS_COLLECTION, [
      { name: 'state_expires', fields: { state: 1, expiresAtMs: 1 } },
      { name: 'site_proposed', fields: { site: 1, proposedAtMs: -1 } },
      { name: 'published', fields: { published: 1 } },
    ]);
    return new ActionRepository(actions);
  }

  insert(record: Omit<ActionRecord, 'version'>): Promise<'inserted' | 'duplicate'> {
    return this.actions.insert(record);
  }

  /** Unscoped: for the service's own use, never for a caller's request. */
  get(id: string): Promise<ActionRecord | null> {
    return this.actions.get(id);
  }

  /** null when the action does not exist or lies outside the caller's sites (indistinguishable on purpose). */
  async getInScope(scope: SiteScope, id: string): Promise<ActionRecord | null> {
    const record = await this.actions.get(id);
    return record && inScope(scope, record.site) ? record : null;
  }

  async list(scope: SiteScope, query: ActionQuery): Promise<ActionRecord[]> {
    const filter: Filter = {};
    if (query.site !== undefined) {
      if (!inScope(scope, query.site)) return [];
      filter['site'] = query.site;
    } else {
      const sites = scopedSites(scope);
      if (!sites.includes('*')) filter['site'] = { $in: sites };
    }
    if (typeof query.state === 'string') filter['state'] = query.state;
    else if (query.state !== undefined) filter['state'] = { $in: [...query.state] };
    if (query.line !== undefined) filter['line'] = query.line;
    if (query.riskClass !== undefined) filter['riskClass'] = query.riskClass;
    if (query.execution !== undefined) filter['execution.status'] = query.execution;
    return this.actions.find(filter, {
      sort: { proposedAtMs: -1 },
      limit: query.limit,
      skip: query.skip ?? 0,
    });
  }

  /** Applies the patch only if nobody changed the record since `expected` was read and it is still pending. */
  updatePending(
    expected: ActionRecord,
    patch: Partial<Omit<ActionRecord, '_id' | 'version'>>,
  ): Promise<ActionRecord | null> {
    return this.actions.compareAndSet(expected._id, expected.version, patch, { state: 'pending' });
  }

  /** Records the write-back outcome on a decided action; null when someone changed it first. */
  noteExecution(record: ActionRecord, execution: ExecutionNote): Promise<ActionRecord | null> {
    return this.actions.compareAndSet(record._id, record.version, { execution });
  }

  markPublished(record: ActionRecord): Promise<ActionRecord | null> {
    return this.actions.compareAndSet(record._id, record.version, { published: true }, { published: false });
  }

  duePending(nowMs: number, limit: number): Promise<ActionRecord[]> {
    return this.actions.find(
      { state: 'pending', expiresAtMs: { $lte: nowMs } },
      { sort: { expiresAtMs: 1 }, limit },
    );
  }

  unpublished(limit: number): Promise<ActionRecord[]> {
    return this.actions.find({ published: false }, { sort: { proposedAtMs: 1 }, limit });
  }

  countPending(): Promise<number> {
    return this.actions.count({ state: 'pending' });
  }

  /** Actions compared against shadow policy `version`, within the caller's scope. */
  withShadow(scope: SiteScope, version: string, limit: number): Promise<ActionRecord[]> {
    const filter: Filter = { 'shadow.version': version };
    const sites = scopedSites(scope);
    if (!sites.includes('*')) filter['site'] = { $in: sites };
    return this.actions.find(filter, { sort: { proposedAtMs: -1 }, limit });
  }
}

export function inScope(scope: SiteScope, site: string): boolean {
  const sites = scopedSites(scope);
  return sites.includes('*') || sites.includes(site);
}
