import { normaliseSiteId, type SiteId } from '@andon/plant-model';
import { SUPPLIERS, type SiteSeed } from './plant-seed';
import type { Rng } from '../generator/rng';

export type LotStatus = 'released' | 'held' | 'consumed';

export interface Lot {
  id: string;
  site: SiteId;
  line: string;
  product: string;
  material: string;
  supplier: string;
  status: LotStatus;
  parents: string[];
  holds: Array<{ actionId: string; reason: string; at: string }>;
}

export interface MesRecord {
  id: string;
  site: SiteId;
  line: string;
  actionId: string;
  at: string;
  body: Record<string, unknown>;
}

/** One applied write, remembered by idempotency key so a retried call has no second effect. */
export interface Effect {
  key: string;
  command: MesCommand;
  actionId: string;
  status: number;
  response: Record<string, unknown>;
  at: string;
}

export type MesCommand =
  'hold_lot' | 'start_investigation' | 'create_work_order' | 'post_shift_log' | 'schedule_notice';

export interface PlantSnapshot {
  lots: Lot[];
  records: Record<Exclude<MesCommand, 'hold_lot'>, MesRecord[]>;
  effects: Effect[];
}

export class MesError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The simulated MES's state: lots with genealogy and holds, investigations,
 * maintenance work orders, shift log and schedule notices. Every write is keyed by an
 * idempotency key; the effect count per action lets tests prove "exactly once".
 */
export class PlantState {
  private readonly lots = new Map<string, Lot>();
  private readonly records: PlantSnapshot['records'] = {
    start_investigation: [],
    create_work_order: [],
    post_shift_log: [],
    schedule_notice: [],
  };
  private readonly effects = new Map<string, Effect>();

  constructor(
    /** The simulated plant (simulatedPlant(plant model)). */
    readonly sites: readonly SiteSeed[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  static restore(snapshot: PlantSnapshot, sites: readonly SiteSeed[], now?: () => Date): PlantState {
    const state = new PlantState(sites, now);
    for (const lot of snapshot.lots) state.lots.set(lot.id, lot);
    for (const key of Object.keys(state.records) as Array<keyof PlantSnapshot['records']>) {
      state.records[key].push(...(snapshot.records[key] ?? []));
    }
    for (const effect of snapshot.effects) state.effects.set(effect.key, effect);
    return state;
  }

  snapshot(): PlantSnapshot {
    return {
      lots: [...this.lots.values()],
      records: structuredClone(this.records),
      effects: [...this.effects.values()],
    };
  }

  /** Creates a lot on a line; a new lot's parents are earlier lots on the same site (genealogy). */
  createLot(site: SiteId, line: string, rng: Rng): Lot {
    const seed = this.lineSeed(site, line);
    const existing = [...this.lots.values()].filter((l) => l.site === site);
    const id = `LOT-${site.slice(-1).toUpperCase()}${line.replace('line-', '')}-${String(existing.length + 1).padStart(5, '0')}`;
    const parents = existing.length > 0 && rng.chance(0.5) ? [rng.pick(existing).id] : [];
    const lot: Lot = {
      id,
      site,
      line,
      product: seed.product,
      material: `RESIN-${seed.product.slice(0, 2)}`,
      supplier: rng.pick(SUPPLIERS),
      status: 'released',
      parents,
      holds: [],
    };
    this.lots.set(id, lot);
    return lot;
  }

  lot(id: string): Lot | undefined {
    return this.lots.get(id);
  }

  listLots(filter: { site?: string; line?: string } = {}): Lot[] {
    const site = filter.site && normaliseSiteId(filter.site);
    return [...this.lots.values()].filter(
      (l) => (!site || l.site === site) && (!filter.line || l.line === filter.line),
    );
  }

  /** Lots descending from `lotId` (children, grandchildren), used for containment. */
  descendants(lotId: string): Lot[] {
    const out: Lot[] = [];
    const frontier = [lotId];
    while (frontier.length > 0) {
      const current = frontier.shift() as string;
      for (const lot of this.lots.values()) {
        if (lot.parents.includes(current) && !out.includes(lot)) {
          out.push(lot);
          frontier.push(lot.id);
        }
      }
    }
    return out;
  }

  listRecords(command: keyof PlantSnapshot['records'], site?: string): MesRecord[] {
    const id = site && normaliseSiteId(site);
    return this.records[command].filter((r) => !id || r.site === id);
  }

  effect(key: string): Effect | undefined {
    return this.effects.get(key);
  }

  effectsForAction(actionId: string): Effect[] {
    return [...this.effects.values()].filter((e) => e.actionId === actionId);
  }

  /**
   * Applies one MES write. A repeated idempotency key returns the first response and
   * changes nothing; a bad request throws MesError (4xx) and records no effect.
   */
  apply(command: MesCommand, key: string, body: Record<string, unknown>): Effect {
    const seen = this.effects.get(key);
    if (seen) return seen;
    const actionId = requireString(body, 'actionId');
    const at = this.now().toISOString();
    const response =
      command === 'hold_lot' ? this.holdLot(body, actionId, at) : this.addRecord(command, body, actionId, at);
    const effect: Effect = { key, command, actionId, status: 201, response, at };
    this.effects.set(key, effect);
    return effect;
  }

  private holdLot(body: Record<string, unknown>, actionId: string, at: string): Record<string, unknown> {
    const lot = this.lots.get(requireString(body, 'lotId'));
    if (!lot) throw new MesError(404, `lot ${String(body['lotId'])} does not exist`);
    if (lot.status === 'consumed') throw new MesError(409, `lot ${lot.id} is consumed and cannot be held`);
    lot.status = 'held';
    lot.holds.push({ actionId, reason: requireString(body, 'reason'), at });
    return { lotId: lot.id, status: lot.status };
  }

  private addRecord(
    command: keyof PlantSnapshot['records'],
    body: Record<string, unknown>,
    actionId: string,
    at: string,
  ): Record<string, unknown> {
    const line = requireString(body, 'line');
    const site = this.lineSeed(requireString(body, 'site'), line).site;
    const prefix = {
      start_investigation: 'INV',
      create_work_order: 'MWO',
      post_shift_log: 'LOG',
      schedule_notice: 'SCN',
    }[command];
    const id = `${prefix}-${String(this.records[command].length + 1).padStart(5, '0')}`;
    this.records[command].push({ id, site, line, actionId, at, body });
    return { id };
  }

  /** The line of a site named by a caller (any case: site ids are normalised once, ADR 0023). */
  private lineSeed(site: string, line: string) {
    const siteSeed = this.sites.find((s) => s.id === normaliseSiteId(site));
    const seed = siteSeed?.lines.find((l) => l.id === line);
    if (!siteSeed || !seed) throw new MesError(404, `unknown site/line ${site}/${line}`);
    return { ...seed, site: siteSeed.id };
  }
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0)
    throw new MesError(400, `field "${field}" is required`);
  return value;
}
