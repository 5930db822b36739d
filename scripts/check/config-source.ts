/** The configuration file's text, parsed with positions so every problem can name its line. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export class ConfigSource {
  private readonly document: Document;
  private readonly lineCounter = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: true, prettyErrors: false });
  }

  /** YAML syntax problems, each as `file:line:column: message`. */
  syntaxErrors(): string[] {
    return this.document.errors.map((error) => {
      const { line, col } = this.lineCounter.linePos(error.pos[0]);
      return `${this.file}:${line}:${col}: ${error.message.split('\n')[0]}`;
    });
  }

  toJS(): unknown {
    return this.document.toJS() ?? {};
  }

  /** `file:line:column` of the key (or item) at `path`, or of its nearest existing ancestor. */
  position(path: readonly (string | number)[]): string {
    let node: unknown = this.document.contents;
    let offset = 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) break;
        offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        offset = (node as { range?: [number, number, number] }).range?.[0] ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = this.lineCounter.linePos(offset);
    return `${this.file}:${line}:${col}`;
  }
}
