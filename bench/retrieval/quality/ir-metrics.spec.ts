import { distinctInOrder, ndcgAt, recallAt } from './ir-metrics';

describe('ndcgAt', () => {
  const judgments = { 'D1@B': 3, 'D2@1': 2, 'D3@1': 1 };

  it('is 1 for the ideal order and lower when the best document drops', () => {
    expect(ndcgAt(10, ['D1@B', 'D2@1', 'D3@1'], judgments)).toBeCloseTo(1, 10);
    const swapped = ndcgAt(10, ['D2@1', 'D1@B', 'D3@1'], judgments);
    // DCG = 3/1 + 7/log2(3) + 1/2; IDCG = 7 + 3/log2(3) + 1/2
    expect(swapped).toBeCloseTo((3 + 7 / Math.log2(3) + 0.5) / (7 + 3 / Math.log2(3) + 0.5), 10);
  });

  it('ignores unjudged documents except for the rank they take', () => {
    expect(ndcgAt(10, ['X@1', 'D1@B'], { 'D1@B': 3 })).toBeCloseTo(1 / Math.log2(3), 10);
  });

  it('counts only the first k ranks', () => {
    expect(ndcgAt(1, ['X@1', 'D1@B'], { 'D1@B': 3 })).toBe(0);
  });
});

describe('recallAt', () => {
  it('counts the revisions graded at least 2 found in the top k', () => {
    const judgments = { 'A@1': 3, 'B@1': 2, 'C@1': 1 };
    expect(recallAt(5, ['C@1', 'A@1'], judgments)).toBe(0.5);
    expect(recallAt(1, ['C@1', 'A@1', 'B@1'], judgments)).toBe(0);
    expect(recallAt(3, ['C@1', 'A@1', 'B@1'], judgments)).toBe(1);
  });
});

describe('distinctInOrder', () => {
  it('keeps the first rank of each revision', () => {
    expect(distinctInOrder(['A@1', 'B@1', 'A@1', 'C@2'])).toEqual(['A@1', 'B@1', 'C@2']);
  });
});
