import { ambiguousJsonProblems } from './strict-json';

describe('ambiguousJsonProblems', () => {
  it('accepts ordinary payloads, nested and with escapes', () => {
    expect(
      ambiguousJsonProblems(
        '{"lotId":"LOT-A1-00001","qty":12,"nested":{"a":[1,2,{"b":"x\\"y"}]},"ok":true,"n":null}',
      ),
    ).toEqual([]);
    expect(ambiguousJsonProblems('{"max":9007199254740991,"neg":-9007199254740991,"f":1.5e300}')).toEqual([]);
  });

  it('names a key that appears twice in one object, at any depth', () => {
    expect(ambiguousJsonProblems('{"lotId":"LOT-1","lotId":"LOT-2"}')).toEqual([
      'lotId: the key appears twice in one object',
    ]);
    expect(ambiguousJsonProblems('{"a":{"b":1,"b":2}}')).toEqual([
      'a.b: the key appears twice in one object',
    ]);
    // The same key in two different objects is fine.
    expect(ambiguousJsonProblems('[{"b":1},{"b":2}]')).toEqual([]);
  });

  it('names integers beyond 2^53', () => {
    expect(ambiguousJsonProblems('{"lot":90071992547409931}')).toEqual([
      'lot: integer 90071992547409931 is beyond 2^53 and would be rounded by some readers; send it as a string',
    ]);
    expect(ambiguousJsonProblems('[1, -90071992547409931]')[0]).toMatch(/^\[1\]: integer -90071992547409931/);
    expect(ambiguousJsonProblems('{"s":"90071992547409931"}')).toEqual([]);
  });
});
