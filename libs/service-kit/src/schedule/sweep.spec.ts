import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { waitFor } from '@andon/testing';
import { ServiceKitModule } from '../service-kit.module';
import { Sweep } from './sweep.decorator';
import { SweepExplorer } from './sweep.explorer';

interface ExpirySettings {
  sweepMs: number;
  enabled: boolean;
}

const steps: string[] = [];

@Injectable()
class ExpirySweeper {
  runs = 0;
  private release: (() => void) | undefined;

  constructor(@Inject('settings') private readonly settings: ExpirySettings) {}

  @Sweep((self: ExpirySweeper) =>
    self.settings.enabled ? { name: 'approval.expiry', everyMs: self.settings.sweepMs } : null,
  )
  async sweep(): Promise<void> {
    this.runs += 1;
    if (this.runs === 1) throw new Error('store briefly unavailable');
    if (this.runs === 3) {
      // A slow sweep in flight when shutdown begins.
      await new Promise<void>((resolve) => (this.release = resolve));
      steps.push('sweep drained');
    }
  }

  get blocked(): boolean {
    return this.release !== undefined;
  }

  unblock(): void {
    this.release?.();
  }

  async onApplicationShutdown(): Promise<void> {
    steps.push('store closed');
  }
}

function appWith(settings: ExpirySettings): new () => object {
  @Module({
    imports: [ServiceKitModule],
    providers: [{ provide: 'settings', useValue: settings }, ExpirySweeper],
  })
  class ApprovalModule {}
  return ApprovalModule;
}

describe('@Sweep', () => {
  beforeEach(() => steps.splice(0));

  it('runs on its interval without overlap, survives a failure, and drains before the service tears down', async () => {
    const app = await NestFactory.createApplicationContext(appWith({ sweepMs: 10, enabled: true }), {
      logger: false,
    });
    const sweeper = app.get(ExpirySweeper);
    expect(app.get(SweepExplorer).names).toEqual(['approval.expiry']);
    expect(app.get(SchedulerRegistry).getIntervals()).toEqual(['approval.expiry']);
    await waitFor(() => sweeper.blocked, { timeoutMs: 5_000, description: 'the third sweep in flight' });
    const closing = app.close();
    await waitFor(() => !app.get(SchedulerRegistry).getIntervals().includes('approval.expiry'), {
      timeoutMs: 5_000,
      description: 'timer stopped',
    });
    expect(steps).toEqual([]);
    sweeper.unblock();
    await closing;
    expect(steps).toEqual(['sweep drained', 'store closed']);
    // Ticks while the third ran started no fourth.
    expect(sweeper.runs).toBe(3);
  });

  it('starts nothing when the provider switches its sweep off', async () => {
    const app = await NestFactory.createApplicationContext(appWith({ sweepMs: 10, enabled: false }), {
      logger: false,
    });
    expect(app.get(SweepExplorer).names).toEqual([]);
    await app.close();
  });

  it('refuses an interval that is not positive', async () => {
    await expect(
      NestFactory.createApplicationContext(appWith({ sweepMs: 0, enabled: true }), {
        logger: false,
        abortOnError: false,
      }),
    ).rejects.toThrow(/approval.expiry on ExpirySweeper.sweep needs a positive interval/);
  });
});
