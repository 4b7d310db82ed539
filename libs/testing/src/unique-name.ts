let counter = 0;
const processTag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

/**
 * A name no other test in this run (or a previous run) uses: valid as a Kafka topic,
 * a MongoDB/FerretDB database or collection, and an Elasticsearch index
 * (lower case letters, digits and '-', starts with a letter, at most 63 characters).
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  let clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (!/^[a-z]/.test(clean)) clean = `t${clean}`;
  const suffix = `${processTag}-${counter.toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
  return `${clean.slice(0, 62 - suffix.length)}-${suffix}`;
}
