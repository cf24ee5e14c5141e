import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ConfigProblem } from './config-error.js';

/** A parsed YAML config file: its plain value, syntax problems, and where keys are. */
export interface YamlSource {
  /** The document as plain JS; `undefined` when there are syntax problems. */
  readonly data: unknown;
  /** YAML syntax errors with line and column; empty when the file parsed. */
  readonly syntaxProblems: readonly ConfigProblem[];
  /** The first syntax error as thrown by the parser, for `cause`. */
  readonly syntaxError: Error | undefined;
  /** Offset in the text of the deepest existing node on `path`, to list problems in file order. */
  offsetOf(path: readonly PropertyKey[]): number;
}

/** Parses one YAML document (YAML 1.2 core schema plus `<<` merge keys; duplicate keys are errors). */
export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const syntaxProblems = doc.errors.map((error): ConfigProblem => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { keyPath: '', message: error.message, line, column: col };
  });
  return {
    data: syntaxProblems.length > 0 ? undefined : doc.toJS(),
    syntaxProblems,
    syntaxError: doc.errors[0],
    offsetOf: (path) => offsetOf(doc.contents, path),
  };
}

function offsetOf(root: unknown, path: readonly PropertyKey[]): number {
  let node = root;
  let offset = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
      if (pair === undefined) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = (node as Node | undefined)?.range?.[0] ?? offset;
      if (node === undefined) break;
    } else {
      break;
    }
  }
  return offset;
}
