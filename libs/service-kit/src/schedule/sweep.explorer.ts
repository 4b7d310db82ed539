import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SWEEP_METADATA, type SweepResolver, type SweepSpec } from './sweep.decorator';

interface RunningSweep {
  spec: SweepSpec;
  running: Promise<void> | null;
}

/** Starts every @Sweep method of the application's singleton providers; stops and drains them first at shutdown. */
@Injectable()
export class SweepExplorer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Sweeps');
  private readonly sweeps: RunningSweep[] = [];

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
  ) {}

  /** The sweeps started, by name (what the service runs on a timer). */
  get names(): string[] {
    return this.sweeps.map((s) => s.spec.name);
  }

  onApplicationBootstrap(): void {
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (
        !wrapper.isDependencyTreeStatic() ||
        typeof instance !== 'object' ||
        instance === null ||
        seen.has(instance)
      )
        continue;
      seen.add(instance);
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object | null)) {
        const fn: unknown = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const resolve: SweepResolver<object> | undefined = this.reflector.get<
          SweepResolver<object> | undefined
        >(SWEEP_METADATA, fn as () => unknown);
        const spec: SweepSpec | null | undefined = resolve?.(instance);
        if (!spec) continue;
        this.start(
          spec,
          () => (fn as () => Promise<unknown>).call(instance),
          `${instance.constructor.name}.${method}`,
        );
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    for (const sweep of this.sweeps) {
      if (this.registry.doesExist('interval', sweep.spec.name)) this.registry.deleteInterval(sweep.spec.name);
    }
    await Promise.all(this.sweeps.map((s) => s.running));
  }

  private start(spec: SweepSpec, run: () => Promise<unknown>, owner: string): void {
    if (!(spec.everyMs > 0))
      throw new Error(`@Sweep ${spec.name} on ${owner} needs a positive interval, got ${spec.everyMs}`);
    const sweep: RunningSweep = { spec, running: null };
    const timer = setInterval(() => {
      if (sweep.running) return;
      sweep.running = run()
        .then(
          () => undefined,
          (err: unknown) =>
            this.log.error(`${spec.name} failed: ${err instanceof Error ? err.message : String(err)}`),
        )
        .finally(() => {
          sweep.running = null;
        });
    }, spec.everyMs);
    timer.unref();
    this.registry.addInterval(spec.name, timer);
    this.sweeps.push(sweep);
  }
}
