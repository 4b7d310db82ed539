import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  encodeOnnxModel,
  floatTensor,
  int64Tensor,
  OnnxType,
  type AttributeValue,
  type OnnxInitializer,
  type OnnxNode,
} from './onnx-proto';
import { readSafetensors, readSafetensorsIndex } from './safetensors';

/**
 * Where the graph's weights live: `inline` copies them into the model bytes (~90 MB);
 * `external` makes the model a few KB that points into model.safetensors, so onnxruntime
 * reads the file itself and no JavaScript heap ever holds the weights. onnxruntime only
 * resolves external data relative to the .onnx file's folder, hence the location.
 */
export type BertWeights = 'inline' | { external: { location: string } };

/** The subset of a Hugging Face BertConfig (config.json) the graph depends on. */
export interface BertConfig {
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  layer_norm_eps: number;
  max_position_embeddings: number;
  vocab_size: number;
  hidden_act: string;
}

export function readBertConfig(modelDir: string): BertConfig {
  const raw = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Partial<BertConfig> & {
    model_type?: string;
    position_embedding_type?: string;
  };
  if (raw.model_type !== 'bert')
    throw new Error(`${modelDir}/config.json: model_type ${raw.model_type}, expected bert`);
  if (raw.hidden_act !== 'gelu')
    throw new Error(`${modelDir}/config.json: hidden_act ${raw.hidden_act}, only gelu (erf) is supported`);
  if ((raw.position_embedding_type ?? 'absolute') !== 'absolute')
    throw new Error(`${modelDir}/config.json: only absolute position embeddings are supported`);
  const keys = [
    'hidden_size',
    'num_hidden_layers',
    'num_attention_heads',
    'intermediate_size',
    'layer_norm_eps',
    'max_position_embeddings',
    'vocab_size',
  ] as const;
  for (const k of keys)
    if (typeof raw[k] !== 'number') throw new Error(`${modelDir}/config.json: ${k} missing`);
  return raw as BertConfig;
}

/** Graph input/output names the adapter feeds and reads. */
export const BERT_GRAPH_IO = {
  inputIds: 'input_ids',
  attentionMask: 'attention_mask',
  embeddings: 'sentence_embedding',
} as const;

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private counter = 0;

  op(op: string, inputs: string[], attributes?: Record<string, AttributeValue>, output?: string): string {
    const out = output ?? `${op.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ op, inputs, outputs: [out], attributes });
    return out;
  }

  weight(init: OnnxInitializer): string {
    this.initializers.push(init);
    return init.name;
  }
}

/**
 * Builds a sentence-transformers BERT encoder as an ONNX model (opset 17): token +
 * position + token-type(0) embeddings, N post-LayerNorm encoder layers (erf GELU), then
 * mean pooling over the attention mask and L2 normalisation, i.e. the
 * Transformer -> Pooling(mean) -> Normalize pipeline of all-MiniLM-L6-v2.
 * Inputs: input_ids, attention_mask (int64 [batch, seq]); output: [batch, hidden].
 * We build it from the safetensors weights because the packages that ship the weights
 * ship no ONNX file, and converting needs Python + torch (docs/adr/0013-retrieval.md).
 */
export function buildBertSentenceEncoder(modelDir: string, weights: BertWeights = 'inline'): Buffer {
  const cfg = readBertConfig(modelDir);
  const file = join(modelDir, 'model.safetensors');
  const index = readSafetensorsIndex(file);
  const inline = weights === 'inline' ? readSafetensors(file) : null;
  const location = weights === 'inline' ? null : weights.external.location;
  const g = new GraphBuilder();
  // Stored as in the file (F32, torch layout); reordering happens in the graph, where
  // onnxruntime folds it into the constants once, at session creation.
  const stored = (name: string, shape: number[]): string => {
    const key = index.has(name) ? name : `bert.${name}`;
    const t = index.get(key);
    if (!t) throw new Error(`${file}: tensor ${name} missing`);
    if (t.dtype !== 'F32') throw new Error(`tensor ${name} is ${t.dtype}; only F32 weights are supported`);
    if (t.shape.join(',') !== shape.join(','))
      throw new Error(`tensor ${name}: shape [${t.shape.join(',')}], expected [${shape.join(',')}]`);
    if (location !== null)
      return g.weight({
        name,
        type: OnnxType.Float,
        dims: shape,
        external: { location, offset: t.offset, length: t.length },
      });
    const bytes = inline?.get(key)?.bytes;
    if (!bytes) throw new Error(`${file}: tensor ${name} unreadable`);
    return g.weight({ name, type: OnnxType.Float, dims: shape, data: bytes });
  };
  const H = cfg.hidden_size;
  const heads = cfg.num_attention_heads;
  if (H % heads !== 0) throw new Error(`hidden_size ${H} is not divisible by ${heads} heads`);
  const headDim = H / heads;
  const { inputIds, attentionMask, embeddings } = BERT_GRAPH_IO;

  // Linear layers are stored [out, in] (torch); MatMul wants [in, out].
  const linear = (x: string, prefix: string, inDim: number, outDim: number): string => {
    const w = g.op('Transpose', [stored(`${prefix}.weight`, [outDim, inDim])], { perm: [1, 0] });
    return g.op('Add', [g.op('MatMul', [x, w]), stored(`${prefix}.bias`, [outDim])]);
  };
  const layerNorm = (x: string, prefix: string): string =>
    g.op('LayerNormalization', [x, stored(`${prefix}.weight`, [H]), stored(`${prefix}.bias`, [H])], {
      axis: -1,
      epsilon: cfg.layer_norm_eps,
    });
  const scalar = (name: string, value: number): string => g.weight(floatTensor(name, [], [value]));
  const ints = (name: string, values: number[]): string =>
    g.weight(int64Tensor(name, [values.length], values));

  // Embeddings. Single-segment input, so token_type_ids are all 0: add row 0 as a bias.
  const word = g.op('Gather', [stored('embeddings.word_embeddings.weight', [cfg.vocab_size, H]), inputIds], {
    axis: 0,
  });
  const seqLen = g.op('Gather', [g.op('Shape', [inputIds]), g.weight(int64Tensor('one_scalar', [], [1]))], {
    axis: 0,
  });
  const positions = g.op('Range', [
    g.weight(int64Tensor('zero_i64', [], [0])),
    seqLen,
    g.weight(int64Tensor('one_i64', [], [1])),
  ]);
  const positionTable = stored('embeddings.position_embeddings.weight', [cfg.max_position_embeddings, H]);
  const position = g.op('Gather', [positionTable, positions], { axis: 0 });
  const tokenType0 = g.op(
    'Gather',
    [stored('embeddings.token_type_embeddings.weight', [2, H]), g.weight(int64Tensor('zero_index', [], [0]))],
    { axis: 0 },
  );
  let x = layerNorm(g.op('Add', [g.op('Add', [word, position]), tokenType0]), 'embeddings.LayerNorm');

  // Padding keys get a large negative score: [batch, 1, 1, seq].
  const one = scalar('one_f', 1);
  const maskF = g.op('Cast', [attentionMask], { to: OnnxType.Float });
  const maskBias = g.op('Mul', [
    g.op('Sub', [one, g.op('Unsqueeze', [maskF, ints('axes_1_2', [1, 2])])]),
    scalar('mask_neg', -10000),
  ]);
  const splitHeads = ints('split_heads_shape', [0, 0, heads, headDim]);
  const mergeHeads = ints('merge_heads_shape', [0, 0, H]);
  const scale = scalar('attention_scale', 1 / Math.sqrt(headDim));
  const sqrt2 = scalar('sqrt2', Math.SQRT2);
  const half = scalar('half', 0.5);

  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    const heads4 = (name: string, perm: number[]): string =>
      g.op('Transpose', [g.op('Reshape', [linear(x, `${p}.attention.self.${name}`, H, H), splitHeads])], {
        perm,
      });
    const q = heads4('query', [0, 2, 1, 3]);
    const kT = heads4('key', [0, 2, 3, 1]);
    const v = heads4('value', [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, kT]), scale]), maskBias]);
    const context = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), v]);
    const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: [0, 2, 1, 3] }), mergeHeads]);
    const attended = layerNorm(
      g.op('Add', [linear(merged, `${p}.attention.output.dense`, H, H), x]),
      `${p}.attention.output.LayerNorm`,
    );
    const inner = linear(attended, `${p}.intermediate.dense`, H, cfg.intermediate_size);
    // Exact GELU: 0.5 * x * (1 + erf(x / sqrt(2))); onnxruntime fuses the pattern.
    const gelu = g.op('Mul', [
      g.op('Mul', [inner, half]),
      g.op('Add', [g.op('Erf', [g.op('Div', [inner, sqrt2])]), one]),
    ]);
    x = layerNorm(
      g.op('Add', [linear(gelu, `${p}.output.dense`, cfg.intermediate_size, H), attended]),
      `${p}.output.LayerNorm`,
    );
  }

  // Mean over real tokens, then x / max(||x||, 1e-12) like torch.nn.functional.normalize.
  const maskCol = g.op('Unsqueeze', [maskF, ints('axes_2', [2])]);
  const summed = g.op('ReduceSum', [g.op('Mul', [x, maskCol]), ints('axes_seq', [1])], { keepdims: 0 });
  const counts = g.op('Max', [
    g.op('ReduceSum', [maskCol, ints('axes_seq_count', [1])], { keepdims: 0 }),
    scalar('min_count', 1e-9),
  ]);
  const mean = g.op('Div', [summed, counts]);
  const norm = g.op('Max', [g.op('ReduceL2', [mean], { axes: [1], keepdims: 1 }), scalar('min_norm', 1e-12)]);
  g.op('Div', [mean, norm], undefined, embeddings);

  return encodeOnnxModel({
    irVersion: 8,
    opset: 17,
    producer: 'andon-context-retrieval',
    graph: {
      name: 'bert_sentence_encoder',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [
        { name: inputIds, type: OnnxType.Int64, dims: ['batch', 'sequence'] },
        { name: attentionMask, type: OnnxType.Int64, dims: ['batch', 'sequence'] },
      ],
      outputs: [{ name: embeddings, type: OnnxType.Float, dims: ['batch', H] }],
    },
  });
}
