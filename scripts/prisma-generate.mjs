// Generates the Prisma client into libs/db/src/generated/prisma.
//
// Why a wrapper: Prisma 7's CLI downloads its native schema engine before every command,
// even `generate`, which does not use it. On machines without that download the CLI fails
// (see STACK.md). Pointing PRISMA_SCHEMA_ENGINE_BINARY at an existing file satisfies the
// check; generation itself runs in WASM. Never use this stub for `migrate`: it would
// silently report no changes. Migrations go through scripts/migrate.ts instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
if (!existsSync(prismaCli)) {
  // During the first phase of `npm install` in a Docker layer that installs only some
  // workspaces, prisma may be absent; nothing to generate then.
  console.log('prisma-generate: prisma CLI not installed, skipping');
  process.exit(0);
}

const stubDir = join(tmpdir(), 'orrery-prisma-stub');
const stub = join(stubDir, 'schema-engine');
if (!existsSync(stub)) {
  mkdirSync(stubDir, { recursive: true });
  writeFileSync(stub, '#!/bin/sh\necho "schema-engine stub: use scripts/migrate.ts" >&2\nexit 1\n');
  chmodSync(stub, 0o755);
}

const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
