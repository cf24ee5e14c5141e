import type { EnvSource } from '../env/env-source.js';

/** A `${VAR}` reference that could not be resolved, at a key path. */
export interface InterpolationProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

// `$${` is an escaped literal `${`; an unclosed `${` is matched so it can be reported.
const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const BODY = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value (not keys) with values
 * from `env`. An empty variable counts as unset, as with loadEnv: `${VAR}` then is a
 * problem and `${VAR:-default}` gives the default. Returns a copy and every problem.
 */
export function interpolateEnv(value: unknown, env: EnvSource): { value: unknown; problems: InterpolationProblem[] } {
  const problems: InterpolationProblem[] = [];
  const walk = (node: unknown, path: readonly PropertyKey[]): unknown => {
    if (typeof node === 'string') return interpolateString(node, env, (message) => problems.push({ path, message }));
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return node;
  };
  return { value: walk(value, []), problems };
}

function interpolateString(text: string, env: EnvSource, report: (message: string) => void): string {
  return text.replace(REFERENCE, (match, body: string | undefined) => {
    if (match === '$${') return '${';
    if (body === undefined) {
      report(`unclosed "\${" (write "$\${" for a literal "\${")`);
      return match;
    }
    const parsed = BODY.exec(body);
    if (parsed === null) {
      report(`invalid reference "${match}" (expected \${NAME} or \${NAME:-default})`);
      return match;
    }
    const [, name = '', fallback] = parsed;
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    report(`environment variable ${name} is not set (write \${${name}:-default} to give a default)`);
    return match;
  });
}
