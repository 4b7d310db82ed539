import { ScopedRepository, type DocumentStore, type SiteScoped } from '@andon/persistence';

export interface PartLine {
  partNumber: string;
  description: string;
  quantity: number;
  onHand: number;
}

/** An equipment-related plant event as the maintenance agent keeps it, keyed by event id. */
export interface EquipmentFact extends SiteScoped {
  line: string;
  kind: 'alarm' | 'reading' | 'work_order' | 'stock';
  at: number;
  eventId: string;
  machineId: string;
  /** alarm code, historian tag, work order id, or part number */
  ref: string;
  text?: string;
  state?: string;
  value?: number;
  unit?: string;
  failureCode?: string;
  /** work orders: the alarm codes it references, comma-separated */
  alarmCodes?: string;
  parts?: PartLine[];
}

export class EquipmentFactsRepository extends ScopedRepository<EquipmentFact> {
  static async open(store: DocumentStore): Promise<EquipmentFactsRepository> {
    return new EquipmentFactsRepository(
      await store.collection<EquipmentFact>('maintenance_agent_facts', [
        { name: 'by_machine_kind_at', fields: { site: 1, machineId: 1, kind: 1, at: 1 } },
        { name: 'by_ref', fields: { site: 1, kind: 1, ref: 1, at: 1 } },
        { name: 'by_at', fields: { at: 1 } },
      ]),
    );
  }

  forMachine(
    site: string,
    machineId: string,
    kind: EquipmentFact['kind'],
    from: number,
    to: number,
  ): Promise<EquipmentFact[]> {
    return this.find([site], { machineId, kind, at: { $gte: from, $lt: to } }, { sort: { at: 1, _id: 1 } });
  }

  /** Latest stock observation per part number at or before `at`. */
  async stock(site: string, partNumbers: readonly string[], at: number): Promise<Map<string, EquipmentFact>> {
    const out = new Map<string, EquipmentFact>();
    if (partNumbers.length === 0) return out;
    for (const f of await this.find(
      [site],
      { kind: 'stock', ref: { $in: [...partNumbers] }, at: { $lte: at } },
      { sort: { at: 1, _id: 1 } },
    ))
      out.set(f.ref, f);
    return out;
  }

  purgeBefore(before: number): Promise<number> {
    return this.collection.deleteMany({ at: { $lt: before } });
  }
}
