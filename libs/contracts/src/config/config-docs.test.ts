import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instanceConfigFileSchema } from './instance-config.js';
import { workspaceConfigSchema } from './workspace-config.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
};

/** Every property of a config file schema as `path` (dotted, `[]` for list items), through unions. */
function schemaKeys(schema: z.ZodType): { path: string; description: string | undefined }[] {
  const keys: { path: string; description: string | undefined }[] = [];
  const walk = (node: JsonSchema, path: string): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const childPath = path === '' ? key : `${path}.${key}`;
      keys.push({ path: childPath, description: child.description });
      walk(child, childPath);
    }
    if (node.items !== undefined) walk(node.items, `${path}[]`);
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) walk(branch, path);
  };
  walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, '');
  return keys;
}

const docs = readFileSync(join(import.meta.dirname, '../../../../docs/configuration.md'), 'utf8');

describe.each([
  ['orrery.yaml', instanceConfigFileSchema],
  ['workspace.yaml', workspaceConfigSchema],
])('%s schema', (_file, schema) => {
  it('describes every field (units and default)', () => {
    expect(schemaKeys(schema).filter((key) => key.description === undefined).map((key) => key.path)).toEqual([]);
  });

  it('has every key documented in docs/configuration.md', () => {
    // The reference tables name each key by its full path in backticks (`[]` for list
    // items); a key added to the schema without a row fails here.
    const missing = schemaKeys(schema).filter((key) => !docs.includes(`\`${key.path}\``));
    expect(missing.map((key) => key.path)).toEqual([]);
  });
});
