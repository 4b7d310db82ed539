import type { PlantEventPayload } from '@andon/contracts';
import { normaliseOptional, normaliseQuantity } from './units';

export interface UnitResult {
  payload: PlantEventPayload;
  /** Units not in the conversion table; passed through unchanged. */
  unknownUnits: string[];
}

/**
 * Converts every quantity of a payload to its canonical unit. Values measured together
 * (a quality check's value and spec limits, good and scrap) use one conversion, so their
 * relations hold after conversion.
 */
export function applyCanonicalUnits(payload: PlantEventPayload): UnitResult {
  const unknownUnits: string[] = [];
  const convert = (value: number, unit: string) => {
    const q = normaliseQuantity(value, unit);
    if (!q.known && unit !== '') unknownUnits.push(unit);
    return q;
  };
  switch (payload.$case) {
    case 'historianReading': {
      const q = convert(payload.value.value, payload.value.unit);
      return {
        payload: { $case: payload.$case, value: { ...payload.value, value: q.value, unit: q.unit } },
        unknownUnits,
      };
    }
    case 'qualityCheck': {
      const v = payload.value;
      const q = convert(v.measuredValue, v.unit);
      return {
        payload: {
          $case: payload.$case,
          value: {
            ...v,
            measuredValue: q.value,
            lowerSpecLimit: normaliseOptional(v.lowerSpecLimit, v.unit),
            upperSpecLimit: normaliseOptional(v.upperSpecLimit, v.unit),
            unit: q.unit,
          },
        },
        unknownUnits,
      };
    }
    case 'productionCount': {
      const v = payload.value;
      const good = convert(v.good, v.unit);
      return {
        payload: {
          $case: payload.$case,
          value: { ...v, good: good.value, scrap: normaliseQuantity(v.scrap, v.unit).value, unit: good.unit },
        },
        unknownUnits,
      };
    }
    case 'workOrderStatus': {
      const v = payload.value;
      const planned = convert(v.plannedQuantity, v.unit);
      return {
        payload: {
          $case: payload.$case,
          value: {
            ...v,
            plannedQuantity: planned.value,
            completedQuantity: normaliseQuantity(v.completedQuantity, v.unit).value,
            unit: planned.unit,
          },
        },
        unknownUnits,
      };
    }
    case 'materialStatus': {
      const q = convert(payload.value.quantity, payload.value.unit);
      return {
        payload: { $case: payload.$case, value: { ...payload.value, quantity: q.value, unit: q.unit } },
        unknownUnits,
      };
    }
    case 'batchGenealogyLink': {
      const q = convert(payload.value.quantity, payload.value.unit);
      return {
        payload: { $case: payload.$case, value: { ...payload.value, quantity: q.value, unit: q.unit } },
        unknownUnits,
      };
    }
    case 'nonconformance': {
      const q = convert(payload.value.quantityAffected, payload.value.unit);
      return {
        payload: {
          $case: payload.$case,
          value: { ...payload.value, quantityAffected: q.value, unit: q.unit },
        },
        unknownUnits,
      };
    }
    default:
      return { payload, unknownUnits };
  }
}
