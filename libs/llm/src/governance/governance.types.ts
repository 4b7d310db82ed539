/** A retrieved record as the caller passes it to the gateway. */
export interface SourceRecord {
  /** Stable id in the source system or index, e.g. `ncr:NCR-1042` or `doc:SOP-17@rev4#3`. */
  id: string;
  kind: string;
  title?: string;
  text: string;
  /** Structured fields; numbers here count as evidence for the number check. */
  data?: Record<string, unknown>;
  /**
   * Set by the caller when an earlier call flagged this record's text (an injection or a
   * forbidden instruction), e.g. a past NCR reused as a similar case: it stays flagged,
   * is never evidence and is never repeated.
   */
  flagged?: boolean;
}

/** A source as the model sees it: with the short label (`S1`) it must cite. */
export interface LabelledSource extends SourceRecord {
  label: string;
}

export type CheckName =
  | 'input-injection'
  | 'prompt'
  | 'budget'
  | 'schema'
  | 'citations'
  | 'numbers'
  | 'policy'
  | 'semantic-policy'
  | 'support'
  | 'flagged-echo'
  | 'procedure-steps'
  | 'output-injection';

export interface CheckResult {
  name: CheckName;
  passed: boolean;
  /** Human-readable findings; never contains redaction map values. */
  details: string[];
}
