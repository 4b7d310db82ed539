// npm run eval:policy — tunes nothing at run time: prints the leave-one-out sweep over the
// TUNING exemplars (how DEFAULT_INTENT_THRESHOLDS was chosen) and the scores of the rules,
// the semantic layer and both on the HELD-OUT paraphrases (docs/evaluation.md).
import { OnnxMiniLmEmbeddings, miniLmDirFromEnv } from '@andon/embeddings';
import { IntentClassifier } from '../../src/governance/semantic/intent-classifier';
import { join } from 'node:path';
import { evaluateIntents, loadHeldOut, sweepTuningSet } from '../../src/governance/semantic/intent-evaluation';

async function main(): Promise<void> {
  const embeddings = new OnnxMiniLmEmbeddings({ modelDir: miniLmDirFromEnv() });
  try {
    const classifier = new IntentClassifier(embeddings);
    const { best } = await sweepTuningSet(classifier);
    console.log(`tuning set (5-fold cross-validation): best thresholds at FPR <= 5%: probability ${best.probability}, similarity ${best.similarity}, margin ${best.margin} -> recall ${(best.recall * 100).toFixed(1)}%, FPR ${(best.falsePositiveRate * 100).toFixed(1)}%`);
    console.log(`in use: probability ${classifier.thresholds.probability}, similarity ${classifier.thresholds.similarity}, margin ${classifier.thresholds.margin}`);
    const cvReport = await evaluateIntents(new IntentClassifier(classifier.embedder, best));
    console.log(`held-out at the cross-validation thresholds: semantic recall ${(cvReport.semantic.recall * 100).toFixed(1)}%, FPR ${(cvReport.semantic.falsePositiveRate * 100).toFixed(1)}%`);
    const report = await evaluateIntents(classifier);
    console.log(`held-out: ${report.positives} forbidden paraphrases, ${report.negatives} ordinary sentences`);
    for (const layer of ['rules', 'semantic', 'combined'] as const) {
      const s = report[layer];
      const styles = Object.entries(s.byStyle).map(([k, v]) => `${k} ${(v.recall * 100).toFixed(0)}%`).join(', ');
      console.log(`${layer.padEnd(9)} recall ${(s.recall * 100).toFixed(1)}%  FPR ${(s.falsePositiveRate * 100).toFixed(1)}%  right category ${(s.categoryAccuracy * 100).toFixed(1)}%  [${styles}]`);
    }
    const test = await evaluateIntents(classifier, loadHeldOut(join(__dirname, 'test-intents.json')));
    console.log(`TEST set (scored once, after freezing): ${test.positives} forbidden, ${test.negatives} ordinary`);
    for (const layer of ['rules', 'semantic', 'combined'] as const) {
      const s = test[layer];
      const styles = Object.entries(s.byStyle).map(([k, v]) => `${k} ${(v.recall * 100).toFixed(0)}%`).join(', ');
      console.log(`${layer.padEnd(9)} recall ${(s.recall * 100).toFixed(1)}%  FPR ${(s.falsePositiveRate * 100).toFixed(1)}%  right category ${(s.categoryAccuracy * 100).toFixed(1)}%  [${styles}]`);
    }
    if (process.argv.includes('--details')) {
      console.log('\nTEST missed (combined):\n  ' + test.combined.missed.join('\n  '));
      console.log('\nTEST false positives (combined):\n  ' + test.combined.falsePositives.join('\n  '));
      console.log('\nmissed (combined):\n  ' + report.combined.missed.join('\n  '));
      console.log('\nfalse positives (combined):\n  ' + report.combined.falsePositives.join('\n  '));
    }
  } finally {
    await embeddings.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
