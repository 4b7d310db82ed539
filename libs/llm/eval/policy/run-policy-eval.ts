// npm run eval:policy — tunes nothing at run time: prints the leave-one-out sweep over the
// TUNING exemplars (how DEFAULT_INTENT_THRESHOLDS was chosen) and the scores of the rules,
// the semantic layer and both on the HELD-OUT paraphrases (docs/evaluation.md).
import { OnnxMiniLmEmbeddings, miniLmDirFromEnv } from '@andon/embeddings';
import { IntentClassifier } from '../../src/governance/semantic/intent-classifier';
import { checkSupport } from '../../src/governance/semantic/support-check';
import { loadScenarios } from '../../src/eval/eval-scenario';
import { labelSources } from '../../src/gateway/label-sources';
import { USE_CASE_REGISTRY } from '../../src/use-cases/use-case-registry';

/** Statements no golden scenario's sources support (fabrications a model might add), cited to S0 and to S1. */
const FABRICATED = [
  'The supervisor confirmed that the affected parts are fine',
  'The customer accepted the parts as they are',
  'The press was rebuilt by the manufacturer last year',
  'Management approved weekend overtime for this order',
  'The root cause is operator error on the night shift',
  'The supplier changed its casting process last month',
  'The quality manager has released the material for shipment',
  'The maintenance team replaced the hydraulic pump yesterday',
];
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  evaluateIntents,
  loadHeldOut,
  sweepTuningSet,
} from '../../src/governance/semantic/intent-evaluation';

async function main(): Promise<void> {
  // `npm run eval:policy -- --details`: the same parser as the andon CLI (strict: unknown flags are refused).
  const { values } = parseArgs({ options: { details: { type: 'boolean' } }, strict: true });
  const embeddings = new OnnxMiniLmEmbeddings({ modelDir: miniLmDirFromEnv() });
  try {
    const classifier = new IntentClassifier(embeddings);
    const { best } = await sweepTuningSet(classifier);
    console.log(
      `tuning set (5-fold cross-validation): best thresholds at FPR <= 5%: probability ${best.probability} (per language ${JSON.stringify(best.byLanguage ?? {})}), similarity ${best.similarity}, margin ${best.margin} -> recall ${(best.recall * 100).toFixed(1)}%, FPR ${(best.falsePositiveRate * 100).toFixed(1)}%`,
    );
    console.log(
      `in use: probability ${classifier.thresholds.probability} (per language ${JSON.stringify(classifier.thresholds.byLanguage ?? {})}), similarity ${classifier.thresholds.similarity}, margin ${classifier.thresholds.margin}`,
    );
    const cvReport = await evaluateIntents(new IntentClassifier(classifier.embedder, best));
    console.log(
      `held-out at the cross-validation thresholds: semantic recall ${(cvReport.semantic.recall * 100).toFixed(1)}%, FPR ${(cvReport.semantic.falsePositiveRate * 100).toFixed(1)}%`,
    );
    const report = await evaluateIntents(classifier);
    console.log(
      `held-out: ${report.positives} forbidden paraphrases, ${report.negatives} ordinary sentences`,
    );
    for (const layer of ['rules', 'semantic', 'combined'] as const) {
      const s = report[layer];
      const styles = Object.entries(s.byStyle)
        .map(([k, v]) => `${k} ${(v.recall * 100).toFixed(0)}%`)
        .join(', ');
      console.log(
        `${layer.padEnd(9)} recall ${(s.recall * 100).toFixed(1)}%  FPR ${(s.falsePositiveRate * 100).toFixed(1)}%  right category ${(s.categoryAccuracy * 100).toFixed(1)}%  [${styles}]`,
      );
    }
    const test = await evaluateIntents(classifier, loadHeldOut(join(__dirname, 'test-intents.json')));
    const test2 = await evaluateIntents(classifier, loadHeldOut(join(__dirname, 'test-2-intents.json')));
    for (const [name, set] of [
      ['TEST set (written after the first freeze; its misses have since been read)', test],
      ['TEST-2 set (written before the per-language thresholds, scored once after)', test2],
    ] as const) {
      console.log(`${name}: ${set.positives} forbidden, ${set.negatives} ordinary`);
      for (const layer of ['rules', 'semantic', 'combined'] as const) {
        const s = set[layer];
        const styles = Object.entries(s.byStyle)
          .map(([k, v]) => `${k} ${(v.recall * 100).toFixed(0)}%`)
          .join(', ');
        console.log(
          `${layer.padEnd(9)} recall ${(s.recall * 100).toFixed(1)}%  FPR ${(s.falsePositiveRate * 100).toFixed(1)}%  right category ${(s.categoryAccuracy * 100).toFixed(1)}%  [${styles}]`,
        );
      }
    }
    // Support: faithful statements (the deterministic engine's) must pass, fabricated ones fail.
    let faithful = 0;
    let faithfulOk = 0;
    let fabricated = 0;
    let fabricatedCaught = 0;
    for (const sc of loadScenarios(join(__dirname, '..', 'scenarios'))) {
      const useCase = USE_CASE_REGISTRY[sc.useCase];
      const input: unknown = useCase.inputSchema.parse(sc.input);
      const sources = labelSources(useCase, input, sc.sources);
      const good = await checkSupport(
        useCase.claimTexts(useCase.deterministic.generate(input, sources)),
        sources,
        new Map(),
        classifier.embedder,
      );
      faithful += good.sentences.length;
      faithfulOk += good.sentences.filter((x) => x.supported).length;
      const labels = sources.length > 1 ? ['S0', 'S1'] : ['S0'];
      const bad = await checkSupport(
        FABRICATED.flatMap((f) => labels.map((l) => `${f} [${l}].`)),
        sources,
        new Map(),
        classifier.embedder,
      );
      fabricated += bad.sentences.length;
      fabricatedCaught += bad.sentences.filter((x) => !x.supported).length;
    }
    console.log(
      `support: faithful statements supported ${faithfulOk}/${faithful} (${((faithfulOk / faithful) * 100).toFixed(1)}%), fabricated statements rejected ${fabricatedCaught}/${fabricated} (${((fabricatedCaught / fabricated) * 100).toFixed(1)}%)`,
    );
    if (values.details) {
      console.log('\nTEST-2 missed (combined):\n  ' + test2.combined.missed.join('\n  '));
      console.log('\nTEST-2 false positives (combined):\n  ' + test2.combined.falsePositives.join('\n  '));
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
