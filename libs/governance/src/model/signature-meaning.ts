import { z } from 'zod';

/**
 * The meaning a signer attaches to an electronic signature (21 CFR Part 11 §11.50(a)(3)).
 * REJECTION is a signature too: a refusal is as accountable as an approval.
 */
export const SIGNATURE_MEANINGS = ['APPROVAL', 'RESPONSIBILITY', 'REVIEW', 'REJECTION'] as const;
export const signatureMeaningSchema = z.enum(SIGNATURE_MEANINGS);
export type SignatureMeaning = z.infer<typeof signatureMeaningSchema>;
