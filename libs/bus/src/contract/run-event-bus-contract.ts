import { Metrics } from '@andon/observability';
import type { EventBus } from '../event-bus.port';
import {
  silentLogger,
  type ContractBusFactory,
  type ContractKit,
  type ContractOptions,
} from './contract-kit';
import { batchHandlingContract } from './batch-handling.contract';
import { consumerGroupsContract } from './consumer-groups.contract';
import { failureHandlingContract } from './failure-handling.contract';
import { lifecycleContract } from './lifecycle.contract';
import { topicsAndPartitioningContract } from './topics-and-partitioning.contract';

/**
 * The one behavioural specification of the EventBus port. Every adapter's spec calls it;
 * docs/adr/0004-event-bus.md lists the semantics each test pins down.
 */
export function runEventBusContract(
  name: string,
  makeBus: ContractBusFactory,
  options: ContractOptions = {},
): void {
  describe(`EventBus contract: ${name}`, () => {
    const open: EventBus[] = [];

    const kit: ContractKit = {
      testTimeoutMs: options.testTimeoutMs ?? 30_000,
      waitTimeoutMs: options.waitTimeoutMs ?? 10_000,
      async newBus() {
        const metrics = new Metrics({}, false);
        const bus = await makeBus({ logger: silentLogger(), metrics });
        open.push(bus);
        return { bus, metrics };
      },
    };

    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()));
    });

    describe('topics and keyed partitioning', () => topicsAndPartitioningContract(kit));
    describe('consumer groups', () => consumerGroupsContract(kit));
    describe('retries, dead letters and idempotency', () => failureHandlingContract(kit));
    describe('shutdown', () => lifecycleContract(kit));
    describe('batch handlers', () => batchHandlingContract(kit));
  });
}

export type { ContractBusFactory, ContractOptions } from './contract-kit';
