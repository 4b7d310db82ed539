import { createEmbeddings, type EmbeddingsConfig } from './create-embeddings';
import { miniLmDirFromEnv } from '@andon/embeddings';

const base: EmbeddingsConfig = { EMBEDDINGS: 'auto', EMBEDDING_DIMS: 768 };

describe('createEmbeddings', () => {
  let modelDir: string;
  beforeAll(() => {
    modelDir = miniLmDirFromEnv();
  });

  it('auto: BM25 only without an endpoint or a model folder', () => {
    const r = createEmbeddings(base);
    expect(r.embeddings).toBeNull();
    expect(r.dims).toBeNull();
    expect(r.description).toContain('MINILM_MODEL_DIR');
  });

  it('auto: picks the offline MiniLM model when its folder is present, with the model dimension', () => {
    const r = createEmbeddings({ ...base, MINILM_MODEL_DIR: modelDir });
    expect(r.embeddings?.provider).toBe('onnx:all-MiniLM-L6-v2');
    expect(r.dims).toBe(384);
  });

  it('auto: a configured endpoint wins over the offline model', () => {
    const r = createEmbeddings({
      ...base,
      MINILM_MODEL_DIR: modelDir,
      LLM_PROVIDER: 'openai',
      LLM_BASE_URL: 'http://127.0.0.1:9/v1',
      LLM_API_KEY: 'k',
      LLM_EMBEDDING_MODEL: 'text-embedding-3-small',
    });
    expect(r.embeddings?.provider).not.toBe('onnx:all-MiniLM-L6-v2');
    expect(r.dims).toBe(768);
  });

  it('auto: falls back to BM25 and says why when the folder lacks the model', () => {
    const r = createEmbeddings({ ...base, MINILM_MODEL_DIR: '/nonexistent/minilm' });
    expect(r.embeddings).toBeNull();
    expect(r.description).toContain('lacks config.json, model.safetensors, tokenizer.json');
  });

  it('minilm: requires the model folder', () => {
    expect(() => createEmbeddings({ ...base, EMBEDDINGS: 'minilm' })).toThrow('needs MINILM_MODEL_DIR');
    expect(() =>
      createEmbeddings({ ...base, EMBEDDINGS: 'minilm', MINILM_MODEL_DIR: '/nonexistent/minilm' }),
    ).toThrow('run deploy/local/install-minilm.sh');
    expect(createEmbeddings({ ...base, EMBEDDINGS: 'minilm', MINILM_MODEL_DIR: modelDir }).dims).toBe(384);
  });

  it('none and hashing ignore the model folder', () => {
    expect(
      createEmbeddings({ ...base, EMBEDDINGS: 'none', MINILM_MODEL_DIR: modelDir }).embeddings,
    ).toBeNull();
    expect(
      createEmbeddings({ ...base, EMBEDDINGS: 'hashing', MINILM_MODEL_DIR: modelDir }).embeddings?.provider,
    ).toBe('hashing-not-semantic');
  });
});
