import { DowntimeReason, type PlantEventPayload } from '@andon/contracts';
import type { CodeKind } from '@andon/plant-model';
import type { SiteCodeMap } from './site-code-map';

export interface CodeTranslation {
  kind: CodeKind;
  /** The site-local code as sent. */
  code: string;
  /** The canonical code, or undefined when the site map has no entry (unmapped). */
  canonical: string | undefined;
}

export interface TranslatedPayload {
  payload: PlantEventPayload;
  translations: CodeTranslation[];
}

function downtime<T extends { reasonCode: string; canonicalReason: DowntimeReason; reasonMapped: boolean }>(
  value: T,
  map: SiteCodeMap,
  out: CodeTranslation[],
): T {
  if (value.reasonCode.trim() === '') {
    // Nothing to translate (a stop whose reason is only known later); keep what the source said.
    const known =
      value.canonicalReason !== DowntimeReason.UNSPECIFIED &&
      value.canonicalReason !== DowntimeReason.UNMAPPED;
    return { ...value, reasonMapped: known };
  }
  const canonical = map.downtimeReason(value.reasonCode);
  out.push({
    kind: 'downtime_reason',
    code: value.reasonCode,
    canonical: canonical === undefined ? undefined : DowntimeReason[canonical],
  });
  return canonical === undefined
    ? { ...value, canonicalReason: DowntimeReason.UNMAPPED, reasonMapped: false }
    : { ...value, canonicalReason: canonical, reasonMapped: true };
}

function alarm(code: string, map: SiteCodeMap, out: CodeTranslation[]): string {
  if (code.trim() === '') return code;
  const canonical = map.alarmCode(code);
  out.push({ kind: 'alarm_code', code, canonical });
  // An unmapped code passes through as sent; the event's andon-unmapped-codes header flags it.
  return canonical ?? code;
}

/**
 * Translates the site-local codes of a payload to canonical ones. Downtime keeps the
 * local code in reason_code beside canonical_reason / reason_mapped (the proto has the
 * fields); alarm codes and NCR categories are replaced in place, the local code kept in
 * the translation list (headers) because their messages have no field for it.
 */
export function translateCodes(payload: PlantEventPayload, map: SiteCodeMap): TranslatedPayload {
  const translations: CodeTranslation[] = [];
  switch (payload.$case) {
    case 'downtimeStart':
      return {
        payload: { $case: payload.$case, value: downtime(payload.value, map, translations) },
        translations,
      };
    case 'downtimeEnd':
      return {
        payload: { $case: payload.$case, value: downtime(payload.value, map, translations) },
        translations,
      };
    case 'machineAlarm':
      return {
        payload: {
          $case: payload.$case,
          value: { ...payload.value, alarmCode: alarm(payload.value.alarmCode, map, translations) },
        },
        translations,
      };
    case 'maintenanceWorkOrder':
      return {
        payload: {
          $case: payload.$case,
          value: {
            ...payload.value,
            alarmCodes: payload.value.alarmCodes.map((c) => alarm(c, map, translations)),
          },
        },
        translations,
      };
    case 'nonconformance': {
      const code = payload.value.category;
      if (code.trim() === '') return { payload, translations };
      const canonical = map.ncrCategory(code);
      translations.push({ kind: 'ncr_category', code, canonical });
      return {
        payload: { $case: payload.$case, value: { ...payload.value, category: canonical ?? code } },
        translations,
      };
    }
    default:
      return { payload, translations };
  }
}
