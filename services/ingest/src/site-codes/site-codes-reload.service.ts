import { Inject, Injectable } from '@nestjs/common';
import { UnmappedCodesRepository } from '../unmapped/unmapped-codes.repository';
import { SiteCodeRegistry } from './site-code-registry';

export interface SiteCodesReloadReport {
  sites: Array<{ site: string; version: number }>;
  errors: string[];
  /** Unmapped-code entries the new maps now cover (dropped from the work list). */
  resolved: number;
}

/** Re-reads the code maps and drops unmapped-code entries the new maps now cover. */
@Injectable()
export class SiteCodesReload {
  constructor(
    @Inject(SiteCodeRegistry) private readonly siteCodes: SiteCodeRegistry,
    @Inject(UnmappedCodesRepository) private readonly unmapped: UnmappedCodesRepository,
  ) {}

  async reload(): Promise<SiteCodesReloadReport> {
    const report = this.siteCodes.reload();
    let resolved = 0;
    for (const entry of await this.unmapped.list({ limit: 10_000 })) {
      const map = this.siteCodes.get(entry.site);
      const covered =
        entry.kind === 'downtime_reason'
          ? map?.downtimeReason(entry.code)
          : entry.kind === 'alarm_code'
            ? map?.alarmCode(entry.code)
            : map?.ncrCategory(entry.code);
      if (covered !== undefined && (await this.unmapped.resolve(entry.site, entry.kind, entry.code)))
        resolved += 1;
    }
    return { ...report, resolved };
  }
}
