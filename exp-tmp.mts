import { parseDatabaseUrl } from './scripts/db/connection.js';
import { openSchemaEngine, NO_FILTER } from './scripts/db/schema-engine.js';
import { listMigrations } from './scripts/db/migrations-dir.js';
import { readFileSync } from 'node:fs';
const seq = process.argv[2]!.split(',');
const dir = process.argv[3]!;
const target = parseDatabaseUrl('postgresql://postgres@127.0.0.1:5432/orrery_exp_dev');
const schema = { path: 'prisma/schema.prisma', content: readFileSync('/tmp/orrery-exp/dev/schema.prisma', 'utf8') };
const { engine, close } = await openSchemaEngine(target, [[schema.path, schema.content]]);
const migrationsList = await listMigrations(dir);
const steps: Record<string, () => Promise<unknown>> = {
  diag: () => engine.devDiagnostic({ migrationsList, filters: NO_FILTER }),
  apply: () => engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
  diff: () => engine.diff({ from: { tag: 'migrations', ...migrationsList }, to: { tag: 'schemaDatamodel', files: [schema] }, script: true, exitCode: true, filters: NO_FILTER }),
  loss: () => engine.evaluateDataLoss({ migrationsList, schema: { files: [schema] }, filters: NO_FILTER }),
};
for (const s of seq) { try { await steps[s]!(); console.log(s, 'OK'); } catch (e) { console.log(s, 'FAIL', (e as Error).message.split('\n')[0]); } }
await close(); process.exit();
