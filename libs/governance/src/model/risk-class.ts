import { z } from 'zod';

/** Ordered from least to most consequential; the order is used when comparing classes. */
export const RISK_CLASSES = [
  'informational',
  'decision_support',
  'workflow_initiation',
  'transaction_execution',
] as const;
export const riskClassSchema = z.enum(RISK_CLASSES);
export type RiskClass = z.infer<typeof riskClassSchema>;
