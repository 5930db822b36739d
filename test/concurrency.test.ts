import { describe, expect, it } from 'vitest';
import { mapConcurrently, startConcurrently } from '../scripts/core/concurrency.ts';

/** A call that ends when the test says so, remembering that it started. */
function controlled() {
  const started: number[] = [];
  const finish = new Map<number, (value: string) => void>();
  const work = (item: number) =>
    new Promise<string>((resolve) => {
      started.push(item);
      finish.set(item, resolve);
    });
  return { started, finish: (item: number) => finish.get(item)!(`done ${item}`), work };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('startConcurrently', () => {
  it('keeps at most `limit` calls in flight, in the order given, and starts the next as one ends', async () => {
    const { started, finish, work } = controlled();
    const results = startConcurrently([1, 2, 3, 4], 2, work);
    expect(started).toEqual([1, 2]);
    finish(2);
    await settled();
    expect(started).toEqual([1, 2, 3]);
    finish(1);
    finish(3);
    await settled();
    expect(started).toEqual([1, 2, 3, 4]);
    finish(4);
    expect(await Promise.all(results)).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
  });

  it('settles each item on its own, before the items given earlier', async () => {
    const { finish, work } = controlled();
    const results = startConcurrently([1, 2], 2, work);
    let first: string | undefined;
    void results[0]!.then(() => (first ??= 'item 1'));
    void results[1]!.then(() => (first ??= 'item 2'));
    finish(2);
    await settled();
    expect(first).toBe('item 2');
    finish(1);
    await Promise.all(results);
  });

  it('fails only the item whose call failed; the others go on', async () => {
    const results = startConcurrently([1, 2, 3], 1, (item) => (item === 1 ? Promise.reject(new Error('item 1 failed')) : Promise.resolve(item * 10)));
    await expect(results[0]).rejects.toThrow('item 1 failed');
    expect(await results[1]).toBe(20);
    expect(await results[2]).toBe(30);
  });

  it('gives no promises for no items', () => {
    expect(startConcurrently([], 2, () => Promise.resolve(1))).toEqual([]);
  });
});

describe('mapConcurrently', () => {
  it('gives the results in input order, whatever order the calls end in', async () => {
    const delays = [30, 0, 10];
    const results = await mapConcurrently(delays, 3, (delay, index) => new Promise<number>((resolve) => setTimeout(() => resolve(index), delay)));
    expect(results).toEqual([0, 1, 2]);
  });

  it('rejects with the failure of a call', async () => {
    await expect(mapConcurrently([1, 2], 2, (item) => (item === 2 ? Promise.reject(new Error('item 2 failed')) : Promise.resolve(item)))).rejects.toThrow('item 2 failed');
  });
});
