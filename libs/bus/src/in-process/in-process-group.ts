export interface TopicPartition {
  topic: string;
  partition: number;
}

/** A group member as the coordinator sees it. */
export interface GroupMember {
  readonly memberId: number;
  readonly topics: readonly string[];
  /** Starts consuming exactly these partitions. */
  assign(partitions: readonly TopicPartition[]): void;
  /** Stops consuming; resolves once in-flight handlers are done. */
  revoke(): Promise<void>;
}

/**
 * Where a group's committed positions live beyond memory (the SQLite bus persists them;
 * the in-process bus keeps none). `load` is asked once per partition the group has no
 * position for yet; `save` is called on every commit.
 */
export interface GroupPositionStore {
  load(groupId: string, tp: TopicPartition): number | undefined;
  save(groupId: string, tp: TopicPartition, nextOffset: number): void;
}

/**
 * In-process consumer group: committed positions plus a coordinator that reassigns
 * partitions whenever a member joins or leaves. Like Kafka's eager rebalance, every
 * member stops (finishing its in-flight message) before anyone gets new partitions, so
 * a partition never has two concurrent consumers in one group.
 */
export class InProcessGroup {
  private readonly positions = new Map<string, number>();
  private members: GroupMember[] = [];
  private rebalancing: Promise<void> = Promise.resolve();

  constructor(
    readonly groupId: string,
    private readonly partitionCount: (topic: string) => number,
    private readonly store?: GroupPositionStore,
  ) {}

  join(member: GroupMember): Promise<void> {
    return this.rebalance(() => {
      this.members.push(member);
    });
  }

  leave(member: GroupMember): Promise<void> {
    return this.rebalance(() => {
      this.members = this.members.filter((m) => m !== member);
    });
  }

  get size(): number {
    return this.members.length;
  }

  position(tp: TopicPartition): number | undefined {
    const key = positionKey(tp);
    let position = this.positions.get(key);
    if (position === undefined && this.store) {
      position = this.store.load(this.groupId, tp);
      if (position !== undefined) this.positions.set(key, position);
    }
    return position;
  }

  commit(tp: TopicPartition, nextOffset: number): void {
    this.positions.set(positionKey(tp), nextOffset);
    this.store?.save(this.groupId, tp, nextOffset);
  }

  private rebalance(change: () => void): Promise<void> {
    const run = async (): Promise<void> => {
      await Promise.all(this.members.map((m) => m.revoke()));
      change();
      for (const [member, partitions] of this.assignment()) member.assign(partitions);
    };
    this.rebalancing = this.rebalancing.then(run, run);
    return this.rebalancing;
  }

  /** Per topic, partition p goes to the (p mod n)-th member subscribed to it, in join order. */
  private assignment(): Map<GroupMember, TopicPartition[]> {
    const result = new Map<GroupMember, TopicPartition[]>(this.members.map((m) => [m, []]));
    const topics = new Set(this.members.flatMap((m) => m.topics));
    for (const topic of topics) {
      const subscribers = this.members.filter((m) => m.topics.includes(topic));
      const count = this.partitionCount(topic);
      for (let partition = 0; partition < count; partition++) {
        result.get(subscribers[partition % subscribers.length])?.push({ topic, partition });
      }
    }
    return result;
  }
}

function positionKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}
