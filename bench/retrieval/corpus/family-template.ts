/** The shape of a procedure family template (see corpus-families.ts). */
import type { CorpusDocType } from './corpus-model';

export type Params = Readonly<Record<string, string>>;

export interface FamilyContext {
  /** Site-specific values; in an older revision, `x` is replaced by `xOld` where present. */
  v: Params;
  machines: string[];
  lineName: string;
  city: string;
  product: string;
}

export interface Family {
  key: string;
  docType: Extract<CorpusDocType, 'sop' | 'work_instruction' | 'maintenance_manual'>;
  prefix: 'SOP' | 'WI' | 'MM';
  /** Line ids it is written for, or site ids for site-wide documents (line ''). */
  scopes: readonly string[];
  /** The equipment (machine kind) it concerns; empty for site-wide tasks. */
  machineKind: string;
  title: (c: FamilyContext) => string;
  body: (c: FamilyContext) => string;
  /** Values per site id. */
  params: Readonly<Record<string, Params>>;
}

export const steps = (xs: readonly string[]): string => xs.map((s, i) => `${i + 1}. ${s}`).join('\n');
