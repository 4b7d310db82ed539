import type { DecodedPlantEvent } from '@andon/agent-kit';

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One nonconformance to triage: an NCR from the QMS, or a deviation the agent opened from failing checks. */
export interface TriageRequest {
  trigger: DecodedPlantEvent;
  origin: 'qms' | 'deviation';
  ncrId: string;
  /** Canonical QMS category from ingest's code map; '' when the source gave none. */
  qmsCategory: string;
  /** Severity the QMS (a person) assigned; the agent never proposes less. */
  qmsSeverity: Severity | undefined;
  description: string;
  product: string;
  supplier: string;
  lotIds: string[];
  quantityAffected: number;
  unit: string;
  spec?: { characteristic: string; nominal?: number; tolerance?: number; measured?: number };
}

export function higherSeverity(a: Severity, b: Severity | undefined): Severity {
  if (!b) return a;
  return SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a;
}

/** Categories whose cause may sit in an input material, so lots made from the same parent lots are suspect too. */
export const MATERIAL_CATEGORIES: ReadonlySet<string> = new Set(['material', 'contamination']);
