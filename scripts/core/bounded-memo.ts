/**
 * Answers remembered by string key, for checks asked about the same few strings again and again
 * (variable names, label keys and values). Bounded in number and in key length, so that input
 * cannot grow it without end: past the bound an answer is simply worked out again.
 */
export class BoundedMemo<V> {
  private readonly answers = new Map<string, V>();

  constructor(
    private readonly limit: number,
    private readonly maxKeyLength: number,
  ) {}

  get(key: string): V | undefined {
    return this.answers.get(key);
  }

  remember(key: string, answer: V): void {
    if (this.answers.size < this.limit && key.length <= this.maxKeyLength) this.answers.set(key, answer);
  }
}
