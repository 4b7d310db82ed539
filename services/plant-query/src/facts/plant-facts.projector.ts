import type { DecodedPlantEvent, PlantEventHandler } from '@andon/agent-kit';
import {
  AlarmSeverity,
  AlarmState,
  CheckResult,
  MaterialState,
  NonconformanceSeverity,
  NonconformanceStatus,
  isRaisedNonconformance,
} from '@andon/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { downtimeReasonName, siteId } from '@andon/plant-model';
import type { Logger } from '@andon/observability';
import type { Filter } from '@andon/persistence';
import { localDate } from '../calendar/local-time';
import { PlantCalendar, type PlantCalendarSettings } from '../calendar/plant-calendar';
import { shiftAt } from '../calendar/shift-pattern';
import type { FactBase, NcrStatus } from './plant-facts';
import { PlantFactsRepository } from './plant-facts.repository';
import { refreshProductionBucket } from './production-rollup';

type EnumObject = Record<number, string>;

function ncrStatus(status: NonconformanceStatus): NcrStatus {
  if (isRaisedNonconformance(status)) return 'open';
  if (status === NonconformanceStatus.CONTAINED) return 'contained';
  return status === NonconformanceStatus.CLOSED ? 'closed' : 'unrecognized';
}
const enumName = (e: EnumObject, value: number): string => (e[value] ?? 'UNSPECIFIED').toLowerCase();

/**
 * Projects plant events into the operational store. Every fact is keyed by its event
 * id and inserted if absent, so redelivery is harmless; events that carry no queryable
 * fact (historian readings, notes...) are ignored.
 */
@Injectable()
export class PlantFactsProjector implements PlantEventHandler {
  constructor(
    @Inject(PlantFactsRepository) private readonly repo: PlantFactsRepository,
    @Inject(PlantCalendar) private readonly calendar: Pick<PlantCalendarSettings, 'siteCalendar'>,
  ) {}

  async handle(e: DecodedPlantEvent, log: Logger): Promise<void> {
    const base = this.base(e, e.occurredAt.getTime());
    const p = e.payload;
    switch (p.$case) {
      case 'productionCount': {
        const v = p.value;
        const fact = {
          ...base,
          product: v.product,
          lotId: v.lotId,
          workOrderId: v.workOrderId,
          machineId: v.machineId,
          good: v.good,
          scrap: v.scrap,
        };
        const stored = await this.repo.facts('production').insert(fact);
        // Also on a duplicate (recomputed then): a bucket missed by a crash after the insert heals on redelivery.
        await refreshProductionBucket(this.repo, { ...fact, version: 1 }, stored === 'inserted');
        return;
      }
      case 'downtimeStart':
        await this.repo.openStops.insert({
          _id: e.eventId,
          site: e.site,
          eventId: e.eventId,
          line: e.line,
          machineId: p.value.machineId,
          downtimeId: p.value.downtimeId,
          startMs: base.atMs,
          reason: downtimeReasonName(p.value.canonicalReason, p.value.reasonCode),
        });
        return;
      case 'downtimeEnd': {
        const v = p.value;
        const endMs = base.atMs;
        const open = await this.openStopFor(e, v.downtimeId, v.machineId, endMs);
        const startMs = v.startedAt ? v.startedAt.getTime() : open?.startMs;
        if (startMs === undefined || startMs > endMs) {
          log.warn(
            { eventId: e.eventId, machineId: v.machineId },
            'downtime end without a matching start: not counted',
          );
          return;
        }
        const reason = downtimeReasonName(v.canonicalReason, v.reasonCode);
        await this.repo.facts('downtime').insert({
          ...this.base(e, startMs),
          machineId: v.machineId,
          downtimeId: v.downtimeId,
          reason,
          reasonCode: v.reasonCode,
          startMs,
          endMs,
        });
        if (open) await this.repo.openStops.remove(open._id);
        return;
      }
      case 'qualityCheck': {
        const v = p.value;
        await this.repo.facts('quality').insert({
          ...base,
          checkId: v.checkId,
          characteristic: v.characteristic,
          product: v.product,
          lotId: v.lotId,
          passed: v.result === CheckResult.PASS,
        });
        return;
      }
      case 'machineAlarm': {
        const v = p.value;
        if (v.state === AlarmState.CLEARED) return;
        await this.repo.facts('alarm').insert({
          ...base,
          machineId: v.machineId,
          alarmCode: v.alarmCode,
          severity: enumName(AlarmSeverity as unknown as EnumObject, v.severity),
          message: v.message,
        });
        return;
      }
      case 'nonconformance': {
        const v = p.value;
        await this.repo.facts('ncr').insert({
          ...base,
          ncrId: v.ncrId,
          // Updates are kept too: NCR cycle time needs the CLOSED event's time.
          status: ncrStatus(v.status),
          category: v.category,
          severity: enumName(NonconformanceSeverity as unknown as EnumObject, v.severity),
          product: v.product,
          supplier: v.supplier,
          lotIds: v.lotIds,
          quantityAffected: v.quantityAffected,
        });
        return;
      }
      case 'materialStatus': {
        const v = p.value;
        if (!v.lotId) return;
        const materialClass = (/^[A-Za-z]+/.exec(v.materialId)?.[0] ?? '').toLowerCase();
        await this.repo.facts('lot').insert({
          ...base,
          lotId: v.lotId,
          material: v.materialId,
          materialClass,
          supplier: v.supplier,
          state: enumName(MaterialState as unknown as EnumObject, v.state),
          quantity: v.quantity,
        });
        return;
      }
      case 'batchGenealogyLink': {
        const v = p.value;
        await this.repo.genealogy.insert({
          ...base,
          parentLotId: v.parentLotId,
          childLotId: v.childLotId,
          material: v.materialId,
        });
        return;
      }
      default:
        return;
    }
  }

  /** Local day and shift by the site's zone and shift pattern (a site the plant model lacks: UTC, no shift). */
  private base(e: DecodedPlantEvent, atMs: number): Omit<FactBase, 'version'> {
    const cal = this.calendar.siteCalendar(siteId(e.site));
    return {
      _id: e.eventId,
      eventId: e.eventId,
      site: e.site,
      area: e.area,
      line: e.line,
      cell: e.event.envelope?.location?.cell ?? '',
      shift: cal ? shiftAt(atMs, cal).code : '',
      day: localDate(atMs, cal?.zone ?? 'UTC'),
      atMs,
    };
  }

  private async openStopFor(e: DecodedPlantEvent, downtimeId: string, machineId: string, endMs: number) {
    const filter: Filter = downtimeId
      ? { downtimeId }
      : { line: e.line, machineId, startMs: { $lte: endMs } };
    const [open] = await this.repo.openStops.find([e.site], filter, { sort: { startMs: -1 }, limit: 1 });
    return open;
  }
}
