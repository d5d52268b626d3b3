import { shapeDiff } from '../../helpers/shape';

describe('shapeDiff (test helper)', () => {
  it('ignores values and extra keys, but not missing keys or other types', () => {
    const expected = { a: 'x', b: { c: 1, d: [{ e: true }] }, n: null };
    expect(
      shapeDiff(expected, { a: 'y', b: { c: 2, d: [{ e: false }, { e: true }] }, n: 5, extra: 1 }),
    ).toEqual([]);
    expect(shapeDiff(expected, { a: 1, b: { d: [{ e: 'no' }] }, n: null })).toEqual([
      '$.a: expected string, got number',
      '$.b.c: missing',
      '$.b.d[0].e: expected boolean, got string',
    ]);
  });

  it('reports empty arrays where elements are expected, and extras when exact', () => {
    expect(shapeDiff({ v: [1] }, { v: [] })).toEqual(['$.v: expected a non-empty array']);
    expect(shapeDiff({ v: [] }, { v: [1, 2] })).toEqual([]);
    expect(shapeDiff({ a: 1 }, { a: 1, b: 2 }, { exact: true })).toEqual(['$.b: unexpected']);
  });
});
