import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const workspaceRoot = join(import.meta.dirname, '..', '..', '..');

/** Lints `source` as if it were the file at `relativePath`, without writing it. */
async function lintAs(relativePath: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: workspaceRoot });
  const [result] = await eslint.lintText(source, { filePath: join(workspaceRoot, relativePath) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the dependency rule is enforced by lint', () => {
  beforeAll(() => {
    // @nx/enforce-module-boundaries reads nx's cached project graph; make sure it exists.
    execFileSync(join(workspaceRoot, 'node_modules', '.bin', 'nx'), ['show', 'projects'], { cwd: workspaceRoot, stdio: 'ignore' });
  }, 120_000);

  it('rejects core importing @prisma/client', async () => {
    const messages = await lintAs('libs/core/src/forbidden.ts', "import { PrismaClient } from '@prisma/client';\nexport const client = PrismaClient;\n");
    expect(messages).toContainEqual(expect.stringMatching(/enforce-module-boundaries.*"type:domain" is not allowed to import "@prisma\/client"/));
  });

  it('rejects sdk importing NATS and fastify', async () => {
    const messages = await lintAs(
      'libs/sdk/src/forbidden.ts',
      "import { connect } from '@nats-io/transport-node';\nimport fastify from 'fastify';\nexport const x = [connect, fastify];\n",
    );
    expect(messages.filter((m) => m.includes('enforce-module-boundaries'))).toHaveLength(2);
  });

  it('rejects core reading process.env', async () => {
    const messages = await lintAs('libs/core/src/forbidden.ts', 'export const url = process.env.DATABASE_URL;\n');
    expect(messages).toContainEqual(expect.stringMatching(/no-restricted-syntax: Domain code never reads process.env/));
  });

  it('rejects core importing an adapter lib', async () => {
    const messages = await lintAs('libs/core/src/forbidden.ts', "import * as db from '@orrery/db';\nexport const x = db;\n");
    expect(messages).toContainEqual(expect.stringMatching(/enforce-module-boundaries/));
  });

  it('rejects an app importing another app', async () => {
    const messages = await lintAs('apps/api/src/forbidden.ts', "import * as scheduler from '@orrery/scheduler';\nexport const x = scheduler;\n");
    expect(messages).toContainEqual(expect.stringMatching(/no-restricted-imports.*never imports another app/));
  });

  it('rejects production code importing @orrery/testing, but lets test files use it', async () => {
    const source = "import { useTestDatabase } from '@orrery/testing';\nexport const x = useTestDatabase;\n";
    expect(await lintAs('libs/db/src/fixture.ts', source)).toContainEqual(expect.stringMatching(/enforce-module-boundaries/));
    expect(await lintAs('libs/db/test/store.int.test.ts', source)).toEqual([]);
  });

  it('accepts an allowed import (an app importing a lib)', async () => {
    const messages = await lintAs('apps/api/src/allowed.ts', "import * as core from '@orrery/core';\nexport const x = core;\n");
    expect(messages).toEqual([]);
  });
});
