/**
 * The labelled query set. Query texts are written the way people on the floor ask (not
 * copied from the documents); the graded judgments are computed from the generator's
 * ground truth by the rules beside each query.
 *
 * Grades (document revision level): 3 = answers the question, 2 = directly useful
 * (the machine's manual, the history entry about it), 1 = related background, 0 = not
 * relevant. Labels are for the asking caller: a revision that caller may not be shown
 * (another site or line than the scope, obsolete or draft for a non-investigator, above
 * its clearance) is graded 0, because it must not be returned to them at all.
 */
import type { DocTruth } from './corpus-model';

export type QueryRole = 'operator' | 'maintenance_planner' | 'quality_engineer';
export type QueryCategory = 'identifier' | 'paraphrase' | 'scoped' | 'revision' | 'history';

export interface QueryScope {
  site?: string;
  line?: string;
}

export interface LabelledQuery {
  id: string;
  category: QueryCategory;
  text: string;
  role: QueryRole;
  /** Caller's site scope and requested filter; no site = a caller scoped to every site. */
  scope: QueryScope;
  /** Investigation question: obsolete and draft revisions may be returned. */
  includeNonEffective: boolean;
  /** documentId@revision -> grade 1..3; everything else is 0. */
  judgments: Record<string, number>;
}

/** The instant the corpus is judged at (what "in force" means for the labels and the bench). */
export const EVAL_NOW = '2026-11-30T12:00:00Z';
const NOW = Date.parse(EVAL_NOW);

type Rule = (d: DocTruth) => number;

export function isInForce(d: DocTruth, at = NOW): boolean {
  return (
    d.status !== 'draft' &&
    Date.parse(d.effectiveFrom) <= at &&
    (d.effectiveTo === null || Date.parse(d.effectiveTo) > at)
  );
}

const inScope = (d: DocTruth, s: QueryScope) =>
  (!s.site || d.site === s.site || d.site === '') && (!s.line || d.line === s.line || d.line === '');

/** The revision in force of a procedure family (optionally one site's), graded g. */
const proc =
  (topic: string, s: QueryScope = {}, g = 3): Rule =>
  (d) =>
    d.topic === topic && isInForce(d) && inScope(d, s) ? g : 0;
/** A revision of the family whatever its status (investigation questions). */
const anyRevision =
  (topic: string, s: QueryScope, g: number, status?: DocTruth['status']): Rule =>
  (d) =>
    d.topic === topic && inScope(d, s) && (!status || d.status === status) ? g : 0;
/** The manual of one of these machines, in force. */
const manual =
  (machines: readonly string[], g: number): Rule =>
  (d) =>
    d.topic === 'manual' && isInForce(d) && d.machines.some((m) => machines.includes(m)) ? g : 0;
/** The history document holding a notable event. */
const event =
  (key: string, g = 3): Rule =>
  (d) =>
    d.events.includes(key) ? g : 0;
const doc =
  (documentId: string, g: number, revision?: string): Rule =>
  (d) =>
    d.documentId === documentId && (revision ? d.revision === revision : isInForce(d)) ? g : 0;

interface Spec {
  id: string;
  category: QueryCategory;
  text: string;
  role: QueryRole;
  scope?: QueryScope;
  includeNonEffective?: boolean;
  rules: Rule[];
}

const A = { site: 'plant-a' };
const B = { site: 'plant-b' };
const C = { site: 'plant-c' };

// One query per line reads as a table; prettier would spread each over eight lines.
// prettier-ignore
export const QUERY_SPECS: readonly Spec[] = [
  // Exact identifiers: alarm codes, part numbers, machine ids, WO/NCR/deviation ids.
  { id: 'id-01', category: 'identifier', text: 'A-410 on the molding machine', role: 'operator', scope: A, rules: [proc('barrel-overtemp', A), manual(['a-l1-m1', 'a-l1-m2'], 2)] },
  { id: 'id-02', category: 'identifier', text: 'E-7310 what now', role: 'operator', scope: C, rules: [proc('barrel-overtemp', C), manual(['c-l5-m1', 'c-l5-m2'], 2)] },
  { id: 'id-03', category: 'identifier', text: 'HF-3340', role: 'maintenance_planner', rules: [proc('hydraulic-oil-service', C), manual(['c-l5-m1', 'c-l5-m2'], 2)] },
  { id: 'id-04', category: 'identifier', text: 'which job uses BRG-6204-2RS', role: 'maintenance_planner', scope: A, rules: [proc('spindle-bearing', A), event('ev-spindle', 2), manual(['a-l2-m1'], 2)] },
  { id: 'id-05', category: 'identifier', text: 'WO-78112', role: 'maintenance_planner', scope: A, rules: [event('ev-spindle')] },
  { id: 'id-06', category: 'identifier', text: 'details of NCR-2291', role: 'quality_engineer', scope: B, rules: [event('ev-underfill')] },
  { id: 'id-07', category: 'identifier', text: 'CP-310 keeps coming up', role: 'operator', scope: C, rules: [proc('case-packer-jam', C), manual(['c-l6-m1'], 2), event('ev-vacuum-cups', 2)] },
  { id: 'id-08', category: 'identifier', text: 'M-450 alarm', role: 'operator', scope: B, rules: [proc('mixer-overtemp', B), manual(['b-l4-m1'], 2)] },
  { id: 'id-09', category: 'identifier', text: 'CH-101', role: 'operator', rules: [proc('chiller-low-flow'), manual(['a-l1-m3', 'c-l5-m3'], 2), event('ev-chiller', 1)] },
  { id: 'id-10', category: 'identifier', text: 'MS-45 cartridge fitting', role: 'maintenance_planner', scope: B, rules: [proc('agitator-seal', B), event('ev-seal-leak', 2), manual(['b-l4-m1'], 2)] },
  { id: 'id-11', category: 'identifier', text: 'VIS-021 on a-l2-m3', role: 'operator', scope: A, rules: [proc('vision-reject', A), manual(['a-l2-m3'], 2), event('ev-vision-lens', 2)] },
  { id: 'id-12', category: 'identifier', text: 'c-l6-m3 check', role: 'operator', scope: C, rules: [proc('metal-detector-test', C), manual(['c-l6-m3'], 2)] },
  { id: 'id-13', category: 'identifier', text: 'RB-110', role: 'operator', scope: B, rules: [proc('label-printer-calibration', B), manual(['b-l3-m3'], 2), event('ev-barcode', 2)] },
  { id: 'id-14', category: 'identifier', text: 'DEV-0587', role: 'quality_engineer', scope: C, rules: [event('ev-clamp-torque')] },
  { id: 'id-15', category: 'identifier', text: 'HE-220 replacement', role: 'maintenance_planner', scope: A, rules: [proc('blister-sealer-heater', A), manual(['a-l2-m4'], 2)] },

  // Paraphrased questions: the documents use other words.
  { id: 'para-01', category: 'paraphrase', text: 'the barrel keeps getting too hot, what should I do', role: 'operator', scope: A, rules: [proc('barrel-overtemp', A)] },
  { id: 'para-02', category: 'paraphrase', text: 'how do I swap the tool in the press for another product', role: 'operator', scope: C, rules: [proc('mold-changeover', C)] },
  { id: 'para-03', category: 'paraphrase', text: 'not enough cooling water getting to the mould', role: 'operator', scope: A, rules: [proc('chiller-low-flow', A)] },
  { id: 'para-04', category: 'paraphrase', text: 'spindle is making a grinding noise and shaking', role: 'maintenance_planner', scope: A, rules: [proc('spindle-bearing', A), event('ev-spindle', 2), manual(['a-l2-m1'], 1)] },
  { id: 'para-05', category: 'paraphrase', text: 'how often should the hydraulic fluid on the presses be renewed', role: 'maintenance_planner', scope: A, rules: [proc('hydraulic-oil-service', A)] },
  { id: 'para-06', category: 'paraphrase', text: 'checking the electric screwdrivers tighten right before the shift starts', role: 'operator', scope: A, rules: [proc('screwdriver-torque', A)] },
  { id: 'para-07', category: 'paraphrase', text: 'the camera keeps kicking out good parts', role: 'operator', scope: A, rules: [proc('vision-reject', A), manual(['a-l2-m3'], 1)] },
  { id: 'para-08', category: 'paraphrase', text: 'bottles dribble after they are filled', role: 'operator', scope: B, rules: [proc('filler-nozzle-cleaning', B), manual(['b-l3-m1'], 1)] },
  { id: 'para-09', category: 'paraphrase', text: 'washing the tanks and pipework without taking them apart', role: 'operator', scope: B, rules: [proc('cip-cleaning', B)] },
  { id: 'para-10', category: 'paraphrase', text: 'the batch in the mixer is overheating', role: 'operator', scope: B, rules: [proc('mixer-overtemp', B), manual(['b-l4-m1'], 1)] },
  { id: 'para-11', category: 'paraphrase', text: 'stuff leaking out around the stirrer shaft', role: 'maintenance_planner', scope: B, rules: [proc('agitator-seal', B), event('ev-seal-leak', 2)] },
  { id: 'para-12', category: 'paraphrase', text: 'belt wandering off to one side', role: 'maintenance_planner', scope: C, rules: [proc('conveyor-belt-tracking', C)] },
  { id: 'para-13', category: 'paraphrase', text: 'how do I prove the metal detector still works', role: 'operator', scope: B, rules: [proc('metal-detector-test', B), manual(['b-l3-m4'], 1)] },
  { id: 'para-14', category: 'paraphrase', text: 'scanner cannot read the barcodes we print', role: 'operator', scope: C, rules: [proc('label-printer-calibration', C), manual(['c-l6-m5'], 1)] },
  { id: 'para-15', category: 'paraphrase', text: 'cartons stuck inside the packing machine', role: 'operator', scope: C, rules: [proc('case-packer-jam', C)] },
  { id: 'para-16', category: 'paraphrase', text: 'putting a fresh roll on the pallet wrapping machine', role: 'operator', scope: C, rules: [proc('stretch-wrapper-film', C)] },
  { id: 'para-17', category: 'paraphrase', text: 'hunting for air leaks around the factory', role: 'maintenance_planner', scope: B, rules: [proc('compressed-air-leaks', B)] },
  { id: 'para-18', category: 'paraphrase', text: 'blister packs are not closing properly', role: 'maintenance_planner', scope: C, rules: [proc('blister-sealer-heater', C), manual(['c-l6-m7'], 1)] },
  { id: 'para-19', category: 'paraphrase', text: 'how do I make a machine safe before I reach inside', role: 'operator', rules: [doc('SOP-E-001', 3), proc('case-packer-jam', {}, 1)] },
  { id: 'para-20', category: 'paraphrase', text: 'what do I do with product we think is bad', role: 'operator', scope: A, rules: [doc('SOP-E-002', 3)] },

  // Site/line-scoped: the other site's near-duplicate is not relevant.
  { id: 'scope-01', category: 'scoped', text: 'clamp torque at mould changeover', role: 'operator', scope: { site: 'plant-a', line: 'line-1' }, rules: [proc('mold-changeover', A)] },
  { id: 'scope-02', category: 'scoped', text: 'how tight do the mold clamps go', role: 'operator', scope: { site: 'plant-c', line: 'line-5' }, rules: [proc('mold-changeover', C)] },
  { id: 'scope-03', category: 'scoped', text: 'which oil grade goes in the molding machines', role: 'maintenance_planner', scope: C, rules: [proc('hydraulic-oil-service', C), manual(['c-l5-m1', 'c-l5-m2'], 1)] },
  { id: 'scope-04', category: 'scoped', text: 'how often is the metal detector tested', role: 'operator', scope: { site: 'plant-c', line: 'line-6' }, rules: [proc('metal-detector-test', C)] },
  { id: 'scope-05', category: 'scoped', text: 'sizes of the metal detector test pieces', role: 'operator', scope: { site: 'plant-b', line: 'line-3' }, rules: [proc('metal-detector-test', B)] },
  { id: 'scope-06', category: 'scoped', text: 'adjusting belt tracking', role: 'maintenance_planner', scope: { site: 'plant-b', line: 'line-3' }, rules: [proc('conveyor-belt-tracking', { site: 'plant-b', line: 'line-3' })] },
  { id: 'scope-07', category: 'scoped', text: 'adjusting belt tracking', role: 'maintenance_planner', scope: { site: 'plant-a', line: 'line-2' }, rules: [proc('conveyor-belt-tracking', { site: 'plant-a', line: 'line-2' })] },
  { id: 'scope-08', category: 'scoped', text: 'vision station rejecting too much', role: 'operator', scope: { site: 'plant-c', line: 'line-6' }, rules: [proc('vision-reject', C)] },
  { id: 'scope-09', category: 'scoped', text: 'label printer darkness value', role: 'operator', scope: { site: 'plant-b', line: 'line-3' }, rules: [proc('label-printer-calibration', B)] },
  { id: 'scope-10', category: 'scoped', text: 'sealing plate temperature', role: 'maintenance_planner', scope: { site: 'plant-a', line: 'line-2' }, rules: [proc('blister-sealer-heater', A)] },
  { id: 'scope-11', category: 'scoped', text: 'chiller flow alarm', role: 'operator', scope: { site: 'plant-c', line: 'line-5' }, rules: [proc('chiller-low-flow', C), manual(['c-l5-m3'], 2)] },
  { id: 'scope-12', category: 'scoped', text: 'how often do we do the air leak walk', role: 'maintenance_planner', scope: C, rules: [proc('compressed-air-leaks', C)] },
  { id: 'scope-13', category: 'scoped', text: 'barrel zone running over temperature', role: 'operator', scope: { site: 'plant-c', line: 'line-5' }, rules: [proc('barrel-overtemp', C)] },

  // Revision-sensitive: only the revision in force answers an operator; investigators ask about history.
  { id: 'rev-01', category: 'revision', text: 'what temperature do we preheat the mould to before a changeover', role: 'operator', scope: A, rules: [proc('mold-changeover', A)] },
  { id: 'rev-02', category: 'revision', text: 'allowed tolerance at the daily screwdriver torque check', role: 'operator', scope: A, rules: [proc('screwdriver-torque', A)] },
  { id: 'rev-03', category: 'revision', text: 'caustic concentration for the CIP wash', role: 'operator', scope: B, rules: [proc('cip-cleaning', B)] },
  { id: 'rev-04', category: 'revision', text: 'at what vibration level do we change the spindle bearings', role: 'maintenance_planner', scope: A, rules: [proc('spindle-bearing', A)] },
  { id: 'rev-05', category: 'revision', text: 'pre-stretch setting on the wrapper', role: 'operator', scope: C, rules: [proc('stretch-wrapper-film', C)] },
  { id: 'rev-06', category: 'revision', text: 'size of the stainless steel test wand', role: 'operator', scope: B, rules: [proc('metal-detector-test', B)] },
  { id: 'rev-07', category: 'revision', text: 'mixer batch temperature limit', role: 'operator', scope: B, rules: [proc('mixer-overtemp', B)] },
  { id: 'rev-08', category: 'revision', text: 'how do we verify the machine is really dead after locking out', role: 'operator', rules: [doc('SOP-E-001', 3)] },
  { id: 'rev-09', category: 'revision', text: 'what did the old changeover instruction say about mould preheat', role: 'quality_engineer', scope: A, includeNonEffective: true, rules: [anyRevision('mold-changeover', A, 3, 'obsolete'), anyRevision('mold-changeover', A, 2, 'approved'), anyRevision('mold-changeover', A, 1, 'draft')] },
  { id: 'rev-10', category: 'revision', text: 'previous lockout procedure before the zero energy check was added', role: 'quality_engineer', includeNonEffective: true, rules: [doc('SOP-E-001', 3, 'B'), doc('SOP-E-001', 2, 'C')] },
  { id: 'rev-11', category: 'revision', text: 'earlier reject rate threshold for the vision alarm', role: 'quality_engineer', scope: A, includeNonEffective: true, rules: [anyRevision('vision-reject', A, 3, 'obsolete'), anyRevision('vision-reject', A, 2, 'approved'), anyRevision('vision-reject', A, 1, 'draft')] },

  // Plant history: work orders, NCRs, deviations.
  { id: 'hist-01', category: 'history', text: 'what went wrong with the chiller on Molding 5 in August', role: 'maintenance_planner', scope: C, rules: [event('ev-chiller'), proc('chiller-low-flow', C, 1)] },
  { id: 'hist-02', category: 'history', text: 'why did we scrap parts with black specks', role: 'quality_engineer', scope: A, rules: [event('ev-burn'), proc('barrel-overtemp', A, 1)] },
  { id: 'hist-03', category: 'history', text: 'investigation into short-filled bottles', role: 'quality_engineer', scope: B, rules: [event('ev-underfill'), proc('filler-nozzle-cleaning', B, 1)] },
  { id: 'hist-04', category: 'history', text: 'metal detector missed a test piece, how much product was held', role: 'quality_engineer', scope: C, rules: [event('ev-md-fail'), proc('metal-detector-test', C, 1)] },
  { id: 'hist-05', category: 'history', text: 'premix batch that ran too hot for 40 minutes', role: 'quality_engineer', scope: B, rules: [event('ev-batch-hot'), proc('mixer-overtemp', B, 1)] },
  { id: 'hist-06', category: 'history', text: 'packer jamming over and over in September', role: 'maintenance_planner', scope: C, rules: [event('ev-vacuum-cups'), proc('case-packer-jam', C, 1)] },
  { id: 'hist-07', category: 'history', text: 'last oil change on a-l1-m2 and what the particle count was', role: 'maintenance_planner', scope: A, rules: [event('ev-oil-change'), proc('hydraulic-oil-service', A, 1)] },
  { id: 'hist-08', category: 'history', text: 'mould found clamped too loose after a night shift changeover', role: 'quality_engineer', scope: C, rules: [event('ev-clamp-torque'), proc('mold-changeover', C, 1)] },
  { id: 'hist-09', category: 'history', text: 'wrong ribbon put in the label printer', role: 'maintenance_planner', scope: B, rules: [event('ev-barcode'), proc('label-printer-calibration', B, 1)] },
  { id: 'hist-10', category: 'history', text: 'repair of the leaking mixer agitator seal', role: 'maintenance_planner', scope: B, rules: [event('ev-seal-leak'), proc('agitator-seal', B, 2)] },
  { id: 'hist-11', category: 'history', text: 'scratched camera lens', role: 'maintenance_planner', scope: A, rules: [event('ev-vision-lens'), proc('vision-reject', A, 1)] },
];

const CLEARANCE: Readonly<Record<QueryRole, number>> = {
  operator: 1,
  maintenance_planner: 2,
  quality_engineer: 3,
};
const RANK: Readonly<Record<DocTruth['classification'], number>> = { internal: 1, confidential: 2 };

/** Whether the governed retriever may show this revision to the query's caller. */
export function visibleTo(
  d: DocTruth,
  q: Pick<LabelledQuery, 'role' | 'scope' | 'includeNonEffective'>,
): boolean {
  return (
    RANK[d.classification] <= CLEARANCE[q.role] &&
    inScope(d, q.scope) &&
    (q.includeNonEffective || isInForce(d))
  );
}

export function labelQueries(truths: readonly DocTruth[]): LabelledQuery[] {
  return QUERY_SPECS.map((s) => {
    const q = {
      id: s.id,
      category: s.category,
      text: s.text,
      role: s.role,
      scope: s.scope ?? {},
      includeNonEffective: s.includeNonEffective ?? false,
    };
    const judgments: Record<string, number> = {};
    for (const d of truths) {
      const grade = visibleTo(d, q) ? Math.max(0, ...s.rules.map((r) => r(d))) : 0;
      if (grade > 0) judgments[d.key] = grade;
    }
    return { ...q, judgments };
  });
}
