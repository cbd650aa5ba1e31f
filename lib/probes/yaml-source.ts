import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ProbeSetIssue } from '../errors.js';

/**
 * A parsed YAML file that can say on which line any path of it stands, so that every validation
 * issue names `file:line` (a person fixes a file, not a JSON path).
 */
export class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** YAML syntax errors as issues (the document is unusable when there are any). */
  syntaxIssues(): ProbeSetIssue[] {
    return this.doc.errors.map((e) => ({
      file: this.file,
      line: e.linePos?.[0]?.line ?? this.lineAtOffset(e.pos[0]),
      path: '(yaml)',
      expected: 'valid YAML',
      received: e.message.split('\n')[0] ?? e.code,
    }));
  }

  lineAtOffset(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** The line of the deepest node that exists along `path` (the key's own line for a missing leaf). */
  lineOf(path: readonly (string | number)[]): number {
    let node: unknown = this.doc.contents;
    let line = node && isNodeWithRange(node) ? this.lineAtOffset(node.range[0]) : 1;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (!pair) return line;
        if (isNodeWithRange(pair.key)) line = this.lineAtOffset(pair.key.range[0]);
        node = pair.value;
        if (isNodeWithRange(node) && !isMap(node) && !isSeq(node)) line = this.lineAtOffset(node.range[0]);
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key];
        if (!item) return line;
        node = item;
        if (isNodeWithRange(node)) line = this.lineAtOffset(node.range[0]);
      } else {
        return line;
      }
    }
    return line;
  }

  /**
   * The line on which the *content* of a string scalar starts: the line after `|` or `>` for block
   * scalars, the value's own line otherwise. Template errors add their own line offset to it.
   */
  contentLine(path: readonly (string | number)[]): number {
    const node = this.doc.getIn(path, true);
    if (isScalar(node) && isNodeWithRange(node)) {
      const start = this.lineAtOffset(node.range[0]);
      return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? start + 1 : start;
    }
    return this.lineOf(path);
  }
}

function isNodeWithRange(n: unknown): n is Node & { range: [number, number, number] } {
  return typeof n === 'object' && n !== null && Array.isArray((n as { range?: unknown }).range);
}
