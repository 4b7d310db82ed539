// Offline sentence embeddings (all-MiniLM-L6-v2 on onnxruntime-node, no network at run
// time): used by context-retrieval's vector search and by the LLM gateway's semantic
// checks (support and forbidden-intent), so both read the same model the same way.
export {
  OnnxMiniLmEmbeddings,
  missingMiniLmFiles,
  type OnnxMiniLmOptions,
  type WeightsSource,
  type SentenceEmbedder,
} from './onnx-minilm-embeddings';
export { miniLmDirFromEnv, MINILM_PACKAGE_VERSION } from './minilm-model-dir';
