import { z } from 'zod';

/**
 * The meaning a signer attaches to an electronic signature (21 CFR Part 11 §11.50(a)(3)),
 * as in the SignatureMeaning contract enum. Whether the signer approved or rejected is
 * recorded separately (`approved`), so a rejection carries a meaning too.
 */
export const SIGNATURE_MEANINGS = ['REVIEW', 'APPROVAL', 'RESPONSIBILITY'] as const;
export const signatureMeaningSchema = z.enum(SIGNATURE_MEANINGS);
export type SignatureMeaning = z.infer<typeof signatureMeaningSchema>;
