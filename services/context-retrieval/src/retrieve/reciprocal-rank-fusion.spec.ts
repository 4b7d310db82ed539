import { reciprocalRankFusion, type RankedList } from './reciprocal-rank-fusion';

const list = (retriever: 'bm25' | 'vector', keys: string[]): RankedList<string> => ({
  retriever,
  items: keys.map((key, i) => ({ key, item: key, score: 10 - i })),
});

describe('reciprocalRankFusion', () => {
  it('ranks an item found by both retrievers above items found by one', () => {
    const fused = reciprocalRankFusion([list('bm25', ['a', 'b', 'c']), list('vector', ['d', 'c', 'e'])]);
    expect(fused[0]?.key).toBe('c');
    expect(fused[0]?.ranks).toEqual({ bm25: { rank: 3, score: 8 }, vector: { rank: 2, score: 9 } });
    expect(fused[0]?.score).toBeCloseTo(1 / 63 + 1 / 62, 12);
  });

  it('keeps the order of a single list and records the retriever', () => {
    const fused = reciprocalRankFusion([list('bm25', ['x', 'y', 'z'])]);
    expect(fused.map((f) => f.key)).toEqual(['x', 'y', 'z']);
    expect(fused.every((f) => Object.keys(f.ranks).join() === 'bm25')).toBe(true);
  });

  it('breaks ties by key so results are stable', () => {
    const fused = reciprocalRankFusion([list('bm25', ['b']), list('vector', ['a'])]);
    expect(fused.map((f) => f.key)).toEqual(['a', 'b']);
  });

  it('counts a key listed twice by one retriever once, at its best rank', () => {
    const fused = reciprocalRankFusion([list('bm25', ['a', 'a'])]);
    expect(fused).toHaveLength(1);
    expect(fused[0]?.score).toBeCloseTo(1 / 61, 12);
  });
});

describe('weighted reciprocalRankFusion', () => {
  it('multiplies each list by its weight', () => {
    const fused = reciprocalRankFusion([list('bm25', ['a']), list('vector', ['b'])], 60, {
      bm25: 1,
      vector: 2,
    });
    expect(fused.map((f) => f.key)).toEqual(['b', 'a']);
    expect(fused[0]?.score).toBeCloseTo(2 / 61, 12);
  });
});
