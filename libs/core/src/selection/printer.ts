import type { AssetSelectionNode, AssetTraversalDepth } from './ast.js';

/**
 * The canonical text of a selection: values always quoted (as Dagster prints them),
 * keywords in lower case, parentheses only where precedence needs them. Parsing the text
 * gives back an equal AST for any canonical AST (see ast.ts).
 */
export function selectionToString(node: AssetSelectionNode): string {
  switch (node.type) {
    case 'all':
      return '*';
    case 'key':
    case 'group':
    case 'kind':
    case 'owner':
    case 'code_location':
      return `${node.type}:${quote(node.value)}`;
    case 'tag':
      return node.value === undefined ? `tag:${quote(node.key)}` : `tag:${quote(node.key)}=${quote(node.value)}`;
    case 'traversal':
      return `${upPrefix(node.upstream)}${traversable(node.operand)}${downSuffix(node.downstream)}`;
    case 'not':
      // `not` binds tighter than and/or but looser than traversals and atoms.
      return `not ${node.operand.type === 'and' || node.operand.type === 'or' ? `(${selectionToString(node.operand)})` : selectionToString(node.operand)}`;
    case 'and':
      return node.operands.map((operand) => (operand.type === 'or' ? `(${selectionToString(operand)})` : selectionToString(operand))).join(' and ');
    case 'or':
      return node.operands.map((operand) => selectionToString(operand)).join(' or ');
    case 'roots':
    case 'sinks':
      return `${node.type}(${selectionToString(node.operand)})`;
    default:
      return assertNever(node);
  }
}

/** Double-quoted, with `"` and `\` escaped (an Orrery extension; see tokenizer.ts). */
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** Only a filter, a function call or a parenthesized selection takes `+` (Dagster's grammar). */
function traversable(operand: AssetSelectionNode): string {
  const text = selectionToString(operand);
  switch (operand.type) {
    case 'key':
    case 'tag':
    case 'group':
    case 'kind':
    case 'owner':
    case 'code_location':
    case 'roots':
    case 'sinks':
      return text;
    default:
      return `(${text})`;
  }
}

function upPrefix(depth: AssetTraversalDepth | undefined): string {
  if (depth === undefined) return '';
  return depth === 'all' ? '+' : `${depth}+`;
}

function downSuffix(depth: AssetTraversalDepth | undefined): string {
  if (depth === undefined) return '';
  return depth === 'all' ? '+' : `+${depth}`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected selection node ${JSON.stringify(value)}`);
}
