/**
 * Starts `work` on the items in the order given, with at most `limit` calls in flight, and gives
 * each item's result as its own promise (in the order of `items`), settled when its call ends. A
 * call that fails settles its own promise only: the others go on.
 */
export function startConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R>[] {
  const settle: Array<{ resolve: (value: R) => void; reject: (reason: unknown) => void }> = [];
  const results = items.map((_, index) => new Promise<R>((resolve, reject) => void (settle[index] = { resolve, reject })));
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      // The next call starts as soon as this one ends, before anyone waiting on its result runs.
      try {
        settle[index]!.resolve(await work(items[index] as T, index));
      } catch (error) {
        settle[index]!.reject(error);
      }
    }
  }
  for (let count = 0; count < Math.max(1, Math.min(limit, items.length)); count++) void worker();
  return results;
}

/**
 * Maps `items` through `work` with at most `limit` calls in flight (the render slots, the live
 * mode's client-side rate limit); results keep input order, and the first failure rejects.
 */
export function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return Promise.all(startConcurrently(items, limit, work));
}
