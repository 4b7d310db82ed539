/** Vectors of another model (another dimension) must fail loudly, not rank as noise. */
export function assertDims(vector: readonly number[], dims: number): void {
  if (vector.length !== dims) {
    throw new Error(
      `embedding has ${vector.length} dimensions; this index stores ${dims} (was the embeddings model changed? rebuild the index)`,
    );
  }
}
