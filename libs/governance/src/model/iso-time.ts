/**
 * Timestamps travel as ISO-8601 strings (they are hashed and signed, so they must be
 * data, not Date objects). Offsets are accepted on input; everything is normalised to
 * the UTC `toISOString()` form so two spellings of one instant hash the same.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(value: string, field: string): number {
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${field}: "${value}" is not an ISO-8601 timestamp with a zone`);
  return ms;
}

export function normalizeInstant(value: string, field: string): string {
  return new Date(parseInstant(value, field)).toISOString();
}
