import { z } from 'zod';
import { EMPTY_CATALOGUE, procedureStepsFor } from './procedure-catalogue';
import { cite, INPUT_LABEL, sourcesOfKind, type UseCaseDefinition } from './use-case';

export const ncrTriageInput = z.object({
  ncrId: z.string().min(1),
  title: z.string().optional(),
  description: z.string().min(1),
  partNumber: z.string().optional(),
  lot: z.string().optional(),
  quantityAffected: z.number().int().nonnegative(),
  lotSize: z.number().int().positive().optional(),
  characteristic: z.string().optional(),
  specNominal: z.number().optional(),
  specTolerance: z.number().positive().optional(),
  measuredValue: z.number().optional(),
  safetyCritical: z.boolean().default(false),
  customerNotified: z.boolean().default(false),
});
export type NcrTriageInput = z.infer<typeof ncrTriageInput>;

export const NCR_CATEGORIES = [
  'dimensional',
  'material',
  'surface',
  'contamination',
  'assembly',
  'documentation',
  'other',
] as const;

export const ncrTriageOutput = z.object({
  category: z.enum(NCR_CATEGORIES),
  severity: z.enum(['minor', 'major', 'critical']),
  dispositionHint: z.enum(['rework', 'scrap', 'mrb-review', 'return-to-supplier', 'investigate']),
  summary: z.string().min(1),
  /**
   * Containment steps as step ids of the procedure revisions given as sources, in the
   * order to do them (`SOP-Q-001@D#2`); the text shown is the procedure's. Empty when no
   * effective containment procedure was retrieved.
   */
  containmentSteps: z.array(z.string().min(1).max(120)).max(20),
});
export type NcrTriageOutput = z.infer<typeof ncrTriageOutput>;

/** Keyword rules; order breaks ties (a porous, scratched casting is a material problem first). */
const CATEGORY_KEYWORDS: ReadonlyArray<[NcrTriageOutput['category'], RegExp]> = [
  [
    'material',
    /\b(porosity|porous|crack(?:ed|s)?|inclusions?|hardness|voids?|wrong material|material cert\w*|brittle|delamination)\b/gi,
  ],
  [
    'contamination',
    /\b(contaminat\w*|foreign (?:matter|material|object)|particles?|debris|residue|oil film|swarf|fod)\b/gi,
  ],
  [
    'dimensional',
    /\b(dimension\w*|diameter|length|width|thickness|oversize|undersize|out of tolerance|bore|flatness|position(?:al)?|runout|concentricity)\b/gi,
  ],
  [
    'surface',
    /\b(scratch\w*|dents?|burrs?|finish|paint|coating|corrosion|rust|blemish\w*|discolou?r\w*)\b/gi,
  ],
  [
    'assembly',
    /\b(missing (?:part|component|fastener|screw|clip)s?|torque|loose|misassembl\w*|wrong part|orientation|fasteners?|mis-?aligned)\b/gi,
  ],
  [
    'documentation',
    /\b(label\w*|traveller|traveler|paperwork|documentation|certificate|batch record|signature|lot number mismatch)\b/gi,
  ],
];

export function categorise(text: string): NcrTriageOutput['category'] {
  let best: NcrTriageOutput['category'] = 'other';
  let bestHits = 0;
  for (const [category, pattern] of CATEGORY_KEYWORDS) {
    const hits = text.match(pattern)?.length ?? 0;
    if (hits > bestHits) {
      best = category;
      bestHits = hits;
    }
  }
  return best;
}

/**
 * Parts affected from which an NCR is at least major. Shown to the model in the request
 * record (computedFacts), so "at least fifty parts" is a number the sources carry.
 */
const MAJOR_QUANTITY = 50;

/** Deviation as a multiple of the tolerance band half-width; undefined without a spec. */
function deviationMultiple(input: NcrTriageInput): number | undefined {
  if (
    input.specNominal === undefined ||
    input.specTolerance === undefined ||
    input.measuredValue === undefined
  )
    return undefined;
  return Math.abs(input.measuredValue - input.specNominal) / input.specTolerance;
}

export function severityOf(input: NcrTriageInput): {
  severity: NcrTriageOutput['severity'];
  reasons: string[];
} {
  const multiple = deviationMultiple(input);
  const share = input.lotSize ? input.quantityAffected / input.lotSize : undefined;
  const critical: string[] = [];
  if (input.safetyCritical) critical.push('the characteristic is safety-critical');
  if (multiple !== undefined && multiple >= 2) critical.push('the deviation exceeds twice the tolerance');
  if (input.customerNotified && share !== undefined && share >= 0.5)
    critical.push('the customer is notified and at least half the lot is affected');
  if (critical.length) return { severity: 'critical', reasons: critical };
  const major: string[] = [];
  if (multiple !== undefined && multiple > 1.25)
    major.push('the deviation exceeds the tolerance by more than a quarter');
  if (input.quantityAffected >= MAJOR_QUANTITY) major.push('at least fifty parts are affected');
  if (share !== undefined && share >= 0.1) major.push('at least a tenth of the lot is affected');
  if (input.customerNotified) major.push('the customer is notified');
  if (major.length) return { severity: 'major', reasons: major };
  return { severity: 'minor', reasons: ['no severity rule applies'] };
}

function disposition(
  category: NcrTriageOutput['category'],
  severity: NcrTriageOutput['severity'],
  supplierSourced: boolean,
): NcrTriageOutput['dispositionHint'] {
  if (severity === 'critical') return 'mrb-review';
  if (supplierSourced && (category === 'material' || category === 'contamination'))
    return 'return-to-supplier';
  if (category === 'surface' || category === 'assembly') return 'rework';
  if (category === 'dimensional') return severity === 'major' ? 'mrb-review' : 'rework';
  if (category === 'material' || category === 'contamination') return 'mrb-review';
  return 'investigate';
}

/** A procedure about containing nonconforming material, by its title, section or steps. */
const CONTAINMENT_PROCEDURE =
  /\b(contain\w*|nonconform\w*|ncr|quality hold|lot hold|quarantine|segregat\w*)\b/i;

export const ncrTriage: UseCaseDefinition<NcrTriageInput, NcrTriageOutput> = {
  name: 'ncr-triage',
  task: 'classify',
  outputSchemaName: 'ncr-triage.v2',
  inputSchema: ncrTriageInput,
  outputSchema: ncrTriageOutput,
  computedFacts: () => ({ majorSeverityFromPartsAffected: MAJOR_QUANTITY }),
  stepIds: (o) => o.containmentSteps,
  claimTexts: (o) => [o.summary],
  classification: (o) => ({ category: o.category, severity: o.severity }),
  deterministic: {
    generate(input, sources, _flags, procedures = EMPTY_CATALOGUE) {
      const s0 = cite(INPUT_LABEL);
      const text = [input.title, input.description, input.characteristic].filter(Boolean).join(' ');
      const category = categorise(text);
      const { severity, reasons } = severityOf(input);
      const supplier = sourcesOfKind(sources, 'supplier', 'receiving-inspection');
      const parts = [
        `${input.ncrId} reports ${input.quantityAffected} affected parts${input.partNumber ? ` of part ${input.partNumber}` : ''}${input.lot ? ` in lot ${input.lot}` : ''} ${s0}.`,
      ];
      if (
        input.measuredValue !== undefined &&
        input.specNominal !== undefined &&
        input.specTolerance !== undefined
      ) {
        parts.push(
          `The measured value ${input.measuredValue} is against a nominal of ${input.specNominal} with tolerance ${input.specTolerance} ${s0}.`,
        );
      }
      parts.push(
        `Rule-based triage: category ${category}, severity ${severity} because ${reasons.join(' and ')} ${s0}.`,
      );
      const related = sourcesOfKind(
        sources,
        'inspection',
        'batch-genealogy',
        'supplier',
        'receiving-inspection',
        'ncr',
      );
      if (related.length)
        parts.push(
          `Related records: ${related.map((r) => `${r.title ?? r.kind} ${cite(r.label)}`).join('; ')}.`,
        );
      // The containment procedure's whole step list (lot hold, segregation, genealogy, notify).
      const containmentSteps = procedureStepsFor(procedures, CONTAINMENT_PROCEDURE);
      return {
        category,
        severity,
        dispositionHint: disposition(category, severity, supplier.length > 0),
        summary: parts.join(' '),
        containmentSteps,
      };
    },
  },
};
