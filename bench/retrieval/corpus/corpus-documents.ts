/**
 * Writes every corpus document (procedures with their revisions, machine manuals,
 * histories, enterprise documents) and records its ground truth. Deterministic for a seed.
 */
import { FAMILIES, type Family, type Params } from './corpus-families';
import { machineKindMatches } from './corpus-histories';
import { writeHistories } from './corpus-history-documents';
import {
  lineOf,
  seededRandom,
  siteOf,
  SITES,
  type CorpusFormat,
  type CorpusStatus,
  type DocTruth,
  type Line,
  type Site,
  type WrittenFile,
} from './corpus-model';
import { Writer } from './corpus-writer';

export interface GeneratedDocuments {
  files: WrittenFile[];
  truths: DocTruth[];
}

interface RevisionPlan {
  revision: string;
  status: CorpusStatus;
  from: string;
  to: string | null;
  /** Use the `*Old` parameter values. */
  old: boolean;
}

const PLAN_OLD_NEW: RevisionPlan[] = [
  { revision: 'A', status: 'obsolete', from: '2024-03-01', to: '2025-09-01', old: true },
  { revision: 'B', status: 'approved', from: '2025-09-01', to: null, old: false },
];
const PLAN_WITH_DRAFT: RevisionPlan[] = [
  ...PLAN_OLD_NEW,
  { revision: 'C', status: 'draft', from: '2027-01-15', to: null, old: false },
];
const PLAN_SINGLE: RevisionPlan[] = [
  { revision: '1', status: 'approved', from: '2025-04-01', to: null, old: false },
];
const PLAN_FUTURE: RevisionPlan[] = [
  { revision: '2', status: 'approved', from: '2025-02-01', to: null, old: false },
  { revision: '3', status: 'approved', from: '2027-02-01', to: null, old: false },
];

function resolve(params: Params, old: boolean): Params {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(params)) {
    if (k.endsWith('Old')) continue;
    out[k] = old ? (params[`${k}Old`] ?? value) : value;
  }
  return out;
}

function machinesOf(line: Line | undefined, site: Site, kind: string): string[] {
  const lines = line ? [line] : site.lines;
  return lines.flatMap((l) =>
    Object.entries(l.machines)
      .filter(([, k]) => machineKindMatches(k, kind))
      .map(([id]) => id),
  );
}

function writeFamilies(w: Writer, rand: () => number): void {
  FAMILIES.forEach((family: Family, fi) => {
    family.scopes.forEach((scope, si) => {
      const isLine = scope.startsWith('line-');
      const { site, line } = isLine ? lineOf(scope) : { site: siteOf(scope), line: undefined };
      const params = family.params[site.id];
      if (!params) throw new Error(`${family.key} has no parameters for ${site.id}`);
      const revisable = Object.keys(params).some((k) => k.endsWith('Old'));
      const r = rand();
      const plan = revisable
        ? r < 0.7
          ? PLAN_OLD_NEW
          : PLAN_WITH_DRAFT
        : r < 0.45
          ? PLAN_SINGLE
          : r < 0.75
            ? PLAN_FUTURE
            : PLAN_OLD_NEW;
      const documentId = `${family.prefix}-${site.letter.toUpperCase()}-${String((fi + 1) * 10 + si).padStart(3, '0')}`;
      const machines = machinesOf(line, site, family.machineKind);
      for (const p of plan) {
        const c = {
          v: resolve(params, p.old),
          machines,
          lineName: line ? `${line.name} (${site.city})` : site.city,
          city: site.city,
          product: line?.product ?? '',
        };
        const title = family.title(c);
        let body = family.body(c);
        if (p.status === 'draft')
          body +=
            '\n## Proposed change (draft, under review)\nAdd a second-person verification of the last step, signed in the shift log.\n';
        const format: CorpusFormat =
          site.id === 'plant-b' && family.docType === 'maintenance_manual' ? 'txt' : 'md';
        w.add(
          {
            documentId,
            revision: p.revision,
            docType: family.docType,
            site: site.id,
            line: line?.id ?? '',
            product: line?.product ?? '',
            status: p.status,
            effectiveFrom: p.from,
            effectiveTo: p.to,
            topic: family.key,
            machines,
            events: [],
          },
          title,
          body,
          format,
          'internal',
          `${family.docType === 'maintenance_manual' ? 'maintenance' : 'process-engineering'}@${site.id}`,
        );
      }
    });
  });
}

function writeMachineManuals(w: Writer, rand: () => number): void {
  for (const site of SITES) {
    for (const line of site.lines) {
      for (const [machine, kind] of Object.entries(line.machines)) {
        const related = FAMILIES.filter(
          (f) => machineKindMatches(kind, f.machineKind) && f.scopes.includes(line.id),
        );
        const values = related.flatMap((f) =>
          Object.entries(f.params[site.id] ?? {}).filter(([k]) => !k.endsWith('Old')),
        );
        const alarms = [...new Set(values.filter(([k]) => k === 'alarm').map(([, v]) => v))];
        const parts = [
          ...new Set(values.map(([, v]) => v).filter((v) => /^[A-Z]{2,3}-\d/.test(v) && !alarms.includes(v))),
        ];
        const body = `# ${kind} ${machine}

## Overview
${kind[0]?.toUpperCase()}${kind.slice(1)} ${machine} on ${line.name}, ${site.city}, producing ${line.product}. Read together with the procedures listed under Related documents.

## Alarms
${alarms.length ? alarms.map((a) => `- ${a}: see the related procedure; acknowledge only after the cause is removed.`).join('\n') : '- Machine faults are shown on the HMI with their text; no site-specific alarm codes.'}

## Inspection and lubrication
${['Daily: visual check of guards, interlocks and leaks.', 'Weekly: clean sensors and check fasteners.', `Monthly: lubricate per the lubrication chart of the ${kind}.`].map((s, i) => `${i + 1}. ${s}`).join('\n')}

## Spare parts
${parts.length ? parts.map((p) => `- ${p}`).join('\n') : '- Standard parts from the OEM catalogue.'}

## Related documents
${related.map((f) => `- ${f.title({ v: f.params[site.id] ?? {}, machines: [machine], lineName: line.name, city: site.city, product: line.product })}`).join('\n') || '- none'}
`;
        const documentId = `MAN-${machine.toUpperCase()}`;
        const format: CorpusFormat = site.id === 'plant-b' ? 'md' : 'html';
        const base = {
          documentId,
          docType: 'maintenance_manual' as const,
          site: site.id,
          line: line.id,
          product: line.product,
          topic: 'manual',
          machines: [machine],
          events: [],
        };
        if (rand() < 0.25) {
          w.add(
            {
              ...base,
              revision: '2',
              status: 'obsolete',
              effectiveFrom: '2023-01-10',
              effectiveTo: '2025-01-10',
            },
            `${kind} ${machine} manual`,
            body.replace('## Spare parts', '## Spare parts (superseded list)'),
            format,
            'internal',
            `maintenance@${site.id}`,
          );
        }
        w.add(
          { ...base, revision: '3', status: 'approved', effectiveFrom: '2025-01-10', effectiveTo: null },
          `${kind} ${machine} manual`,
          body,
          format,
          'internal',
          `maintenance@${site.id}`,
        );
      }
    }
  }
}

const LOTO = (locks: string, verify: string) => `# Lockout/tagout (LOTO)

## Scope
Any work inside a guard, on a drive, on a hydraulic, pneumatic or electrical circuit, at every site.

## Procedure
1. Announce the shutdown to the operators of the line.
2. Stop the machine with the normal stop, then open the main isolator.
3. Fit ${locks} and your danger tag on every isolation point listed on the machine's isolation sheet.
4. Release stored energy: bleed accumulators and air receivers, block raised parts.
5. ${verify}
6. Remove your own lock only, and only after the guards are back in place.
`;

function writeEnterprise(w: Writer): void {
  const base = {
    documentId: 'SOP-E-001',
    docType: 'sop' as const,
    site: '',
    line: '',
    product: '',
    topic: 'lockout-tagout',
    machines: [],
    events: [],
  };
  w.add(
    { ...base, revision: 'B', status: 'obsolete', effectiveFrom: '2022-05-01', effectiveTo: '2025-06-01' },
    'Lockout/tagout of machinery',
    LOTO('your personal lock', 'Try to start the machine from the HMI.'),
    'md',
    'internal',
    'ehs@acme',
  );
  w.add(
    { ...base, revision: 'C', status: 'approved', effectiveFrom: '2025-06-01', effectiveTo: null },
    'Lockout/tagout of machinery',
    LOTO(
      'your personal red lock',
      'Verify zero energy: try to start locally and measure absence of voltage with a tested meter.',
    ),
    'md',
    'internal',
    'ehs@acme',
  );
  w.add(
    {
      documentId: 'SOP-E-002',
      revision: '4',
      docType: 'sop',
      site: '',
      line: '',
      product: '',
      status: 'approved',
      effectiveFrom: '2025-11-01',
      effectiveTo: null,
      topic: 'quality-hold',
      machines: [],
      events: [],
    },
    'Quality hold and containment of suspect product',
    `# Quality hold and containment\n\n## Procedure\n1. Stop producing or using the suspect material.\n2. Set every suspect lot to QUALITY HOLD in the MES and list the lots in the NCR.\n3. Tag the held lots with a red HOLD tag and move them to quarantine.\n4. Trace the genealogy one level up and down and hold those lots too.\n5. Only a quality engineer dispositions held lots.\n`,
    'md',
    'internal',
    'quality@acme',
  );
  // A second approved document that contradicts the line's metal detector SOP on frequency.
  w.add(
    {
      documentId: 'WI-C-099',
      revision: '1',
      docType: 'work_instruction',
      site: 'plant-c',
      line: 'line-6',
      product: 'PX-300',
      status: 'approved',
      effectiveFrom: '2024-08-01',
      effectiveTo: null,
      topic: 'metal-detector-test',
      machines: ['c-l6-m3'],
      events: [],
    },
    'Metal detector check - quick card, Packaging 6',
    `# Metal detector check (quick card)\n\n## Frequency\nEvery four hours on c-l6-m3.\n\n## Steps\n1. Pass the ferrous, non-ferrous and stainless wands through the aperture.\n2. All three must reject; otherwise stop the line and call the shift lead.\n`,
    'md',
    'internal',
    'quality@plant-c',
  );
}

export function generateDocuments(seed: number): GeneratedDocuments {
  const rand = seededRandom(seed);
  const w = new Writer();
  writeFamilies(w, rand);
  writeMachineManuals(w, rand);
  writeHistories(w, rand);
  writeEnterprise(w);
  return { files: w.files, truths: w.truths };
}
