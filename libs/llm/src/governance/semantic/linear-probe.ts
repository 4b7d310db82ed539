/**
 * Multinomial logistic regression over sentence embeddings: the "small local classifier"
 * of the semantic policy layer, trained in-process from the curated exemplars at start-up
 * (full-batch gradient descent from zero weights, so the same exemplars always give the
 * same model; ~0.3 s for a few hundred exemplars).
 */
export interface ProbeOptions {
  epochs: number;
  learningRate: number;
  l2: number;
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = { epochs: 300, learningRate: 2, l2: 1e-3 };

export class LinearProbe {
  private constructor(
    readonly weights: Float32Array[],
    readonly bias: Float32Array,
  ) {}

  /** A probe from weights trained earlier (the on-disk index cache). */
  static fromWeights(weights: Float32Array[], bias: Float32Array): LinearProbe {
    return new LinearProbe(weights, bias);
  }

  static train(
    features: readonly Float32Array[],
    labels: readonly number[],
    classes: number,
    options: ProbeOptions = DEFAULT_PROBE_OPTIONS,
  ): LinearProbe {
    const dims = features[0]?.length ?? 0;
    const weights = Array.from({ length: classes }, () => new Float32Array(dims));
    const bias = new Float32Array(classes);
    // Classes are weighted by inverse frequency, so a category with few exemplars still counts.
    const counts = new Array<number>(classes).fill(0);
    for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
    const classWeight = counts.map((c) => (c > 0 ? features.length / (classes * c) : 0));
    const probe = new LinearProbe(weights, bias);
    const n = features.length;
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      const gradW = Array.from({ length: classes }, () => new Float32Array(dims));
      const gradB = new Float32Array(classes);
      for (let i = 0; i < n; i += 1) {
        const x = features[i] as Float32Array;
        const label = labels[i] as number;
        const p = probe.probabilities(x);
        const w = classWeight[label] as number;
        for (let c = 0; c < classes; c += 1) {
          const err = ((p[c] as number) - (c === label ? 1 : 0)) * w;
          if (err === 0) continue;
          const g = gradW[c] as Float32Array;
          for (let d = 0; d < dims; d += 1) g[d] = (g[d] as number) + err * (x[d] as number);
          gradB[c] = (gradB[c] as number) + err;
        }
      }
      for (let c = 0; c < classes; c += 1) {
        const wc = weights[c] as Float32Array;
        const g = gradW[c] as Float32Array;
        for (let d = 0; d < dims; d += 1)
          wc[d] =
            (wc[d] as number) -
            options.learningRate * ((g[d] as number) / n + options.l2 * (wc[d] as number));
        bias[c] = (bias[c] as number) - (options.learningRate * (gradB[c] as number)) / n;
      }
    }
    return probe;
  }

  probabilities(x: Float32Array): number[] {
    const logits = this.weights.map((w, c) => {
      let s = this.bias[c] as number;
      for (let d = 0; d < w.length; d += 1) s += (w[d] as number) * (x[d] as number);
      return s;
    });
    const max = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    return exp.map((e) => e / sum);
  }
}
