import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../scripts/core/bounded-memo.ts';

describe('BoundedMemo', () => {
  it('remembers answers up to its limit and no further', () => {
    const memo = new BoundedMemo<number>(2, 10);
    memo.remember('a', 1);
    memo.remember('b', 2);
    memo.remember('c', 3);
    expect([memo.get('a'), memo.get('b'), memo.get('c')]).toEqual([1, 2, undefined]);
  });

  it('does not remember a key longer than its bound', () => {
    const memo = new BoundedMemo<boolean>(10, 3);
    memo.remember('abc', false);
    memo.remember('abcd', true);
    expect([memo.get('abc'), memo.get('abcd')]).toEqual([false, undefined]);
  });
});
