/**
 * The synthetic plant the evaluation corpus describes, and the ground truth the generator
 * keeps for every document it writes (what it is about, which identifiers it names), from
 * which the query labels are computed.
 */

export type CorpusDocType =
  | 'sop'
  | 'work_instruction'
  | 'maintenance_manual'
  | 'deviation_history'
  | 'ncr_history'
  | 'work_order_history';
export type CorpusStatus = 'approved' | 'obsolete' | 'draft';
export type CorpusFormat = 'md' | 'txt' | 'html';

export interface Line {
  id: string;
  name: string;
  product: string;
  /** Machine id -> what it is. */
  machines: Readonly<Record<string, string>>;
}

export interface Site {
  id: string;
  letter: string;
  city: string;
  lines: readonly Line[];
}

export const SITES: readonly Site[] = [
  {
    id: 'plant-a',
    letter: 'a',
    city: 'Kassel',
    lines: [
      {
        id: 'line-1',
        name: 'Molding 1',
        product: 'PX-100',
        machines: {
          'a-l1-m1': 'injection molding machine',
          'a-l1-m2': 'injection molding machine',
          'a-l1-m3': 'mold cooling chiller',
        },
      },
      {
        id: 'line-2',
        name: 'Assembly 2',
        product: 'PX-200',
        machines: {
          'a-l2-m1': 'CNC machining centre',
          'a-l2-m2': 'screwdriving station',
          'a-l2-m3': 'vision inspection station',
          'a-l2-m4': 'blister sealer',
          'a-l2-m5': 'transfer conveyor',
        },
      },
    ],
  },
  {
    id: 'plant-b',
    letter: 'b',
    city: 'Brno',
    lines: [
      {
        id: 'line-3',
        name: 'Filling 3',
        product: 'LQ-500',
        machines: {
          'b-l3-m1': 'rotary filler',
          'b-l3-m2': 'capper',
          'b-l3-m3': 'label printer',
          'b-l3-m4': 'metal detector',
          'b-l3-m5': 'bottle conveyor',
        },
      },
      {
        id: 'line-4',
        name: 'Mixing 4',
        product: 'LQ-500',
        machines: { 'b-l4-m1': 'mixing vessel', 'b-l4-m2': 'CIP skid', 'b-l4-m3': 'transfer pump' },
      },
    ],
  },
  {
    id: 'plant-c',
    letter: 'c',
    city: 'Curitiba',
    lines: [
      {
        id: 'line-5',
        name: 'Molding 5',
        product: 'PX-100',
        machines: {
          'c-l5-m1': 'injection molding machine',
          'c-l5-m2': 'injection molding machine',
          'c-l5-m3': 'mold cooling chiller',
        },
      },
      {
        id: 'line-6',
        name: 'Packaging 6',
        product: 'PX-300',
        machines: {
          'c-l6-m1': 'case packer',
          'c-l6-m2': 'stretch wrapper',
          'c-l6-m3': 'metal detector',
          'c-l6-m4': 'vision inspection station',
          'c-l6-m5': 'label printer',
          'c-l6-m6': 'case conveyor',
          'c-l6-m7': 'blister sealer',
        },
      },
    ],
  },
];

export function siteOf(id: string): Site {
  const site = SITES.find((s) => s.id === id);
  if (!site) throw new Error(`unknown site ${id}`);
  return site;
}

export function lineOf(id: string): { site: Site; line: Line } {
  for (const site of SITES) {
    const line = site.lines.find((l) => l.id === id);
    if (line) return { site, line };
  }
  throw new Error(`unknown line ${id}`);
}

/** What the generator knows about one written document revision. */
export interface DocTruth {
  documentId: string;
  revision: string;
  /** `<documentId>@<revision>`: the unit the query labels grade. */
  key: string;
  path: string;
  docType: CorpusDocType;
  site: string;
  line: string;
  product: string;
  status: CorpusStatus;
  classification: 'internal' | 'confidential';
  effectiveFrom: string;
  effectiveTo: string | null;
  /** Procedure family ("mold-changeover"), machine manual ("manual"), or history kind. */
  topic: string;
  /** Machine ids the document is about. */
  machines: string[];
  /** Exact identifiers it names (alarm codes, part numbers, WO/NCR ids), upper case as written. */
  identifiers: string[];
  /** Hand-written notable history events it contains. */
  events: string[];
}

export interface WrittenFile {
  path: string;
  content: string;
}

/** mulberry32: small, fast and the same on every platform for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(rand() * xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
}

/** YAML front-matter the corpus loader reads (services/context-retrieval front-matter.ts). */
export function frontMatter(d: DocTruth, title: string, owner: string): string {
  const lines = [
    '---',
    `id: ${d.documentId}`,
    `title: ${JSON.stringify(title)}`,
    `type: ${d.docType}`,
    `revision: ${JSON.stringify(d.revision)}`,
    `status: ${d.status}`,
    `effective_from: ${d.effectiveFrom}`,
    ...(d.effectiveTo ? [`effective_to: ${d.effectiveTo}`] : []),
    `site: ${JSON.stringify(d.site)}`,
    `line: ${JSON.stringify(d.line)}`,
    `product: ${JSON.stringify(d.product)}`,
    `classification: ${d.classification}`,
    `owner: ${owner}`,
    '---',
  ];
  return `${lines.join('\n')}\n`;
}

/** Upper-case identifiers in a text, the way the generator records them for labelling. */
export function identifiersIn(text: string): string[] {
  const found =
    text.match(/\b(?:[A-Z]{1,4}-\d{2,5}(?:-[A-Z0-9]{1,4})?|[A-Z]{2,}_[A-Z]{2,}|[a-c]-l\d-m\d)\b/g) ?? [];
  return [...new Set(found)];
}
