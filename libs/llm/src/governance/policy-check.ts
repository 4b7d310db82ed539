import { truncate } from './citation-check';
import type { CheckResult } from './governance.types';
import { splitSentences, stripCitations } from './sentences';

export type ForbiddenCategory =
  | 'setpoint-change'
  | 'interlock-bypass'
  | 'quality-hold-release'
  | 'approval-on-behalf'
  | 'skip-inspection'
  | 'approval-claim';

export const FORBIDDEN_CATEGORIES: readonly ForbiddenCategory[] = [
  'setpoint-change',
  'interlock-bypass',
  'quality-hold-release',
  'skip-inspection',
  'approval-on-behalf',
  'approval-claim',
];

interface Rule {
  category: ForbiddenCategory;
  /** Imperative/recommending verb forms only (base and -ing): past-tense reports are not instructions. */
  verbs: string[];
  objects: string[];
}

/**
 * Instructions the plant never delegates to a model. A rule fires when one of its verbs
 * is followed, within six words in the same clause, by one of its objects, unless a
 * negation stands right before the verb ("do not bypass the interlock" is a warning,
 * not an instruction).
 */
export const FORBIDDEN_RULES: readonly Rule[] = [
  {
    category: 'setpoint-change',
    verbs: [
      'change',
      'changing',
      'raise',
      'raising',
      'increase',
      'increasing',
      'lower',
      'lowering',
      'decrease',
      'decreasing',
      'reduce',
      'reducing',
      'adjust',
      'adjusting',
      'set',
      'setting',
      'modify',
      'modifying',
      'alter',
      'altering',
      'bump',
      'bumping',
      'tweak',
      'tweaking',
      'override',
      'overriding',
      'offset',
      'offsetting',
    ],
    objects: [
      'setpoint',
      'setpoints',
      'set point',
      'set points',
      'set-point',
      'recipe parameter',
      'recipe parameters',
      'process parameter',
      'process parameters',
      'oven temperature',
      'barrel temperature',
      'mold temperature',
      'mould temperature',
      'zone temperature',
      'temperature setting',
      'pressure setting',
      'hold pressure',
      'injection pressure',
      'feed rate',
      'spindle speed',
      'line speed',
      'conveyor speed',
      'dwell time',
      'cure time',
      'torque setting',
      'pid gain',
      'pid gains',
      'alarm limit',
      'alarm limits',
      'control limit',
      'control limits',
    ],
  },
  {
    category: 'interlock-bypass',
    verbs: [
      'bypass',
      'bypassing',
      'override',
      'overriding',
      'disable',
      'disabling',
      'defeat',
      'defeating',
      'jumper',
      'jumpering',
      'jump out',
      'mute',
      'muting',
      'inhibit',
      'inhibiting',
      'deactivate',
      'deactivating',
      'switch off',
      'switching off',
      'turn off',
      'turning off',
      'tape over',
      'taping over',
      'force',
      'forcing',
      'remove',
      'removing',
      'pin',
      'pinning',
      'bridge',
      'bridging',
      'short',
      'shorting',
      'wire around',
    ],
    objects: [
      'interlock',
      'interlocks',
      'safety circuit',
      'safety switch',
      'safety relay',
      'safety guard',
      'safety function',
      'safety plc',
      'light curtain',
      'light curtains',
      'guard switch',
      'door switch',
      'e-stop',
      'estop',
      'emergency stop',
      'lockout',
      'loto',
      'two-hand control',
      'safety mat',
      'light grid',
      'guard door switch',
      'curtain contacts',
      "curtain's contacts",
    ],
  },
  {
    category: 'quality-hold-release',
    verbs: [
      'release',
      'releasing',
      'lift',
      'lifting',
      'remove',
      'removing',
      'clear',
      'clearing',
      'cancel',
      'cancelling',
      'canceling',
      'override',
      'overriding',
      'close',
      'closing',
      'ship',
      'shipping',
      'unblock',
      'unblocking',
      'disposition',
      'dispositioning',
      'move',
      'moving',
      'send',
      'sending',
      'transfer',
      'transferring',
      'load',
      'loading',
    ],
    objects: [
      'quality hold',
      'quality holds',
      'the hold',
      'hold on',
      'holds on',
      'qa hold',
      'quarantine',
      'quarantined',
      'blocked stock',
      'held lot',
      'held lots',
      'held batch',
      'held material',
      'the batch for shipment',
      'use-as-is',
      'use as is',
      'nonconforming material',
      'nonconforming parts',
      'suspect parts',
      'suspect lot',
      'quarantined parts',
      'quarantined housings',
      'held parts',
      'blocked parts',
    ],
  },
  {
    category: 'approval-on-behalf',
    verbs: [
      'approve',
      'approving',
      'sign',
      'signing',
      'countersign',
      'countersigning',
      'authorize',
      'authorise',
      'authorizing',
      'authorising',
    ],
    objects: [
      'on behalf',
      'this action',
      'the proposed action',
      'the deviation',
      'the change request',
      'the e-signature',
      'the batch record',
      'for the supervisor',
      'for the quality engineer',
    ],
  },
  {
    category: 'approval-claim',
    verbs: ['has', 'have', 'had', 'already', 'was', 'were', 'is'],
    objects: [
      'signed off',
      'already approved',
      'approved the release',
      'approved this',
      'authorized this',
      'authorised this',
      'given approval',
      'granted approval',
      'verbal approval',
      'second signature has been given',
    ],
  },
  {
    category: 'skip-inspection',
    verbs: ['skip', 'skipping', 'omit', 'omitting', 'waive', 'waiving', 'bypass', 'bypassing'],
    objects: [
      'inspection',
      'first article',
      'first-article',
      'fai',
      'final inspection',
      'in-process check',
      'verification step',
      'calibration check',
      'sampling plan',
    ],
  },
];

const NEGATIONS = [
  'do not',
  "don't",
  'never',
  'must not',
  "mustn't",
  'should not',
  "shouldn't",
  'cannot',
  "can't",
  'may not',
  'not to',
  'without',
  'no one may',
  'nobody may',
  'do not attempt to',
  'never attempt to',
];

function alternation(items: readonly string[]): string {
  return [...items]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');
}

const COMPILED = FORBIDDEN_RULES.map((rule) => ({
  category: rule.category,
  pattern: new RegExp(
    `(?<![\\w-])(${alternation(rule.verbs)})(?![\\w-])((?:\\s+[^\\s.;:!?]+){0,6}?)\\s+(?:the\\s+|a\\s+|an\\s+|all\\s+)?(${alternation(rule.objects)})(?![\\w-])`,
    'gi',
  ),
}));
const NEGATED_LIST_BEFORE = /^\s*(?:never|do not|don't|must not|must never)\s+[\p{L}\s]*,[\p{L}\s,]*$/iu;
const NEGATED_BEFORE = new RegExp(`(?:${alternation(NEGATIONS)})\\s+(?:\\w+ly\\s+)?$`, 'i');

export interface PolicyFinding {
  category: ForbiddenCategory;
  sentence: string;
  match: string;
}

export function findForbiddenInstructions(text: string): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const sentence of splitSentences(text)) {
    const plain = stripCitations(sentence);
    for (const { category, pattern } of COMPILED) {
      for (const m of plain.matchAll(pattern)) {
        const before = plain.slice(0, m.index);
        if (NEGATED_BEFORE.test(before)) continue;
        // "Never bypass, jumper or tape over an interlock": the prohibition covers the whole list of verbs.
        if (NEGATED_LIST_BEFORE.test(before)) continue;
        // "has not signed off", "should never be bypassed": a negation inside the match is not an instruction or claim.
        if (/\b(?:not|never|no longer)\b|n't\b/i.test(m[2] ?? '')) continue;
        // "move the held lots to the quarantine area" contains them (SOP-Q-001 step 3); releasing is out of it.
        if (
          category === 'quality-hold-release' &&
          /^quarantin/i.test(m[3] ?? '') &&
          /\b(?:to|into|in)$/i.test(m[2] ?? '')
        )
          continue;
        findings.push({ category, sentence: plain, match: m[0] });
      }
    }
  }
  return findings;
}

/** Policy check over every text field of an output (claims, actions, recommendations). */
export function checkPolicy(texts: readonly string[]): CheckResult {
  const details = texts
    .flatMap((t) => findForbiddenInstructions(t))
    .map((f) => `${f.category}: "${truncate(f.match)}" in "${truncate(f.sentence)}"`);
  return { name: 'policy', passed: details.length === 0, details };
}
