import {
  PlantQueryTranslation,
  type PlantQueryRow,
  type PlantQueryServiceAskResponse,
} from '@andon/contracts';
import type { ResultRow } from '../query/aggregate';
import type { PlantAnswer } from '../plant-query.service';

export function rowToProto(row: ResultRow): PlantQueryRow {
  const measures = Object.fromEntries(
    Object.entries(row.measures).filter((e): e is [string, number] => e[1] !== null),
  );
  return {
    key: { ...row.key },
    ...(row.value === null ? {} : { value: row.value }),
    measures,
    recordIds: [...row.recordIds],
    usedIn: [...(row.usedIn ?? [])],
  };
}

export function answerToProto(a: PlantAnswer): PlantQueryServiceAskResponse {
  return {
    answerable: a.answerable,
    answer: a.answer,
    queryJson: a.query ? JSON.stringify(a.query) : '',
    windows: Object.fromEntries(
      Object.entries(a.windows).map(([site, w]) => [site, { from: w.from, to: w.to, zone: w.zone }]),
    ),
    rows: a.rows.map(rowToProto),
    total: a.total ? rowToProto(a.total) : undefined,
    records: a.records.map((r) => ({ id: r.id, collection: r.collection })),
    narrativeChecked: a.narrativeCheck?.passed ?? false,
    refusal: a.refusal ? { code: a.refusal.code, message: a.refusal.message } : undefined,
    translation: a.translation === 'llm' ? PlantQueryTranslation.LLM : PlantQueryTranslation.DETERMINISTIC,
    translationFallback: a.translationFallback ?? '',
  };
}
