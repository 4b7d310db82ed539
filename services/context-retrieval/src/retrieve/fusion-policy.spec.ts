import { loadContextRetrievalConfig } from '../config/context-retrieval.config';
import { DEFAULT_FUSION, fuse, fusionPolicyFromConfig } from './fusion-policy';
import { convexCombination } from './convex-combination';
import type { RankedList } from './reciprocal-rank-fusion';

const list = (retriever: 'bm25' | 'vector', entries: [string, number][]): RankedList<string> => ({
  retriever,
  items: entries.map(([key, score]) => ({ key, item: key, score })),
});

describe('convexCombination', () => {
  it('scales each list to [0, 1] and sums with the weights', () => {
    const fused = convexCombination(
      [
        list('bm25', [
          ['a', 12],
          ['b', 7],
          ['c', 2],
        ]),
        list('vector', [
          ['c', 0.9],
          ['a', 0.5],
          ['d', 0.1],
        ]),
      ],
      { bm25: 0.3, vector: 0.7 },
    );
    const score = Object.fromEntries(fused.map((f) => [f.key, f.score]));
    expect(score['a']).toBeCloseTo(0.3 * 1 + 0.7 * 0.5, 12);
    expect(score['b']).toBeCloseTo(0.3 * 0.5, 12);
    expect(score['c']).toBeCloseTo(0.3 * 0 + 0.7 * 1, 12);
    expect(score['d']).toBeCloseTo(0, 12);
    expect(fused.map((f) => f.key)).toEqual(['c', 'a', 'b', 'd']);
    expect(fused[0]?.ranks).toEqual({ bm25: { rank: 3, score: 2 }, vector: { rank: 1, score: 0.9 } });
  });

  it('lets a fixed vector floor keep a weak vector list weak', () => {
    const floor = convexCombination(
      [
        list('vector', [
          ['a', 0.2],
          ['b', 0.1],
        ]),
      ],
      { vector: 1 },
      0,
    );
    expect(floor.map((f) => f.score)).toEqual([1, 0.5]);
    const minMax = convexCombination(
      [
        list('vector', [
          ['a', 0.2],
          ['b', 0.1],
        ]),
      ],
      { vector: 1 },
    );
    expect(minMax.map((f) => f.score)).toEqual([1, 0]);
  });

  it('gives a one-item list its full weight and skips an empty list', () => {
    const fused = convexCombination([list('bm25', [['x', 3]]), list('vector', [])], {
      bm25: 0.4,
      vector: 0.6,
    });
    expect(fused).toEqual([{ key: 'x', item: 'x', score: 0.4, ranks: { bm25: { rank: 1, score: 3 } } }]);
  });
});

describe('fuse', () => {
  const lists = [
    list('bm25', [
      ['id-hit', 9],
      ['both', 5],
    ]),
    list('vector', [
      ['prose-hit', 0.8],
      ['both', 0.6],
      ['id-hit', 0.1],
    ]),
  ];
  const policy = fusionPolicyFromConfig(loadContextRetrievalConfig({ RETRIEVAL_FUSION: 'convex' }), true);

  it('leans on BM25 for a query naming an identifier and on vectors for plain words', () => {
    expect(fuse(policy, lists, true).fused[0]?.key).toBe('id-hit');
    expect(fuse(policy, lists, false).fused[0]?.key).toBe('prose-hit');
  });

  it('scales the identifier boost to the method (a first place in one list)', () => {
    expect(fuse(DEFAULT_FUSION, lists, true).identifierBoost).toBeCloseTo(1 / 61, 12);
    expect(fuse(policy, lists, true).identifierBoost).toBe(1);
  });
});

describe('fusionPolicyFromConfig', () => {
  it('picks convex for semantic embeddings and RRF for the hashing vectors under auto', () => {
    const config = loadContextRetrievalConfig({});
    expect(fusionPolicyFromConfig(config, true)).toEqual({
      method: 'convex',
      weights: { bm25: 0.7, vector: 0.3 },
      proseWeights: { bm25: 0.3, vector: 0.7 },
    });
    expect(fusionPolicyFromConfig(config, false)).toEqual(DEFAULT_FUSION);
  });

  it('honours an explicit method and weights', () => {
    expect(fusionPolicyFromConfig(loadContextRetrievalConfig({ RETRIEVAL_FUSION: 'rrf' }), true)).toEqual(
      DEFAULT_FUSION,
    );
    const p = fusionPolicyFromConfig(
      loadContextRetrievalConfig({ RETRIEVAL_FUSION: 'convex', RETRIEVAL_PROSE_VECTOR_WEIGHT: '0.9' }),
      false,
    );
    expect(p).toMatchObject({ method: 'convex', proseWeights: { bm25: 0.1, vector: 0.9 } });
  });

  it('refuses a weight outside [0, 1]', () => {
    expect(() => loadContextRetrievalConfig({ RETRIEVAL_VECTOR_WEIGHT: '1.5' })).toThrow(
      /RETRIEVAL_VECTOR_WEIGHT/,
    );
  });
});
