import { AlarmState, MaintenanceWorkOrderState, MaterialState, ReadingQuality } from '@andon/contracts';
import type { DecodedPlantEvent } from '@andon/agent-kit';
import type { EquipmentFact } from './equipment-facts.repository';

/** The facts an event contributes (a work order also reports stock of its parts), or none. */
export function equipmentFactsOf(e: DecodedPlantEvent): Array<Omit<EquipmentFact, 'version'>> {
  const base = { site: e.site, line: e.line, at: e.occurredAt.getTime(), eventId: e.eventId };
  const p = e.payload;
  switch (p.$case) {
    case 'machineAlarm':
      if (p.value.state === AlarmState.CLEARED || !p.value.machineId) return [];
      return [
        {
          ...base,
          _id: e.eventId,
          kind: 'alarm',
          machineId: p.value.machineId,
          ref: p.value.alarmCode,
          text: p.value.message || p.value.alarmCode.replace(/_/g, ' '),
        },
      ];
    case 'historianReading': {
      if (p.value.quality === ReadingQuality.BAD) return [];
      // Historian tags are `<machine>.<signal>` when the source names no machine.
      const machineId = p.value.machineId || p.value.tag.split('.')[0] || '';
      if (!machineId) return [];
      return [
        {
          ...base,
          _id: e.eventId,
          kind: 'reading',
          machineId,
          ref: p.value.tag,
          value: p.value.value,
          unit: p.value.unit,
        },
      ];
    }
    case 'maintenanceWorkOrder': {
      const wo = p.value;
      const parts = wo.parts.map((part) => ({
        partNumber: part.partNumber,
        description: part.description,
        quantity: part.quantity,
        onHand: part.onHand,
      }));
      return [
        {
          ...base,
          _id: e.eventId,
          kind: 'work_order',
          machineId: wo.machineId,
          ref: wo.maintenanceWorkOrderId,
          state: (MaintenanceWorkOrderState[wo.state] ?? 'UNSPECIFIED').toLowerCase(),
          text: wo.description,
          failureCode: wo.failureCode,
          alarmCodes: wo.alarmCodes.join(','),
          parts,
        },
        ...parts.map((part) => ({
          ...base,
          _id: `${e.eventId}#${part.partNumber}`,
          kind: 'stock' as const,
          machineId: '',
          ref: part.partNumber,
          value: part.onHand,
          text: part.description,
        })),
      ];
    }
    case 'materialStatus': {
      // ERP stock of spare parts: the material id is the part number.
      if (!p.value.materialId) return [];
      const onHand = p.value.state === MaterialState.AVAILABLE ? p.value.quantity : 0;
      return [
        {
          ...base,
          _id: e.eventId,
          kind: 'stock',
          machineId: '',
          ref: p.value.materialId,
          value: onHand,
          state: (MaterialState[p.value.state] ?? 'UNSPECIFIED').toLowerCase(),
        },
      ];
    }
    default:
      return [];
  }
}
