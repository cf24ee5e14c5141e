import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The repository root, where scripts/ and prisma/ live. */
export const workspaceRoot = join(import.meta.dirname, '..', '..', '..', '..');

/** Exit code and output of a script run. */
export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx scripts/<script> ...args` from the repository root with DATABASE_URL set (or unset with null). */
export async function runScript(script: string, args: string[], databaseUrl: string | null): Promise<ScriptResult> {
  const env = { ...process.env };
  if (databaseUrl === null) delete env.DATABASE_URL;
  else env.DATABASE_URL = databaseUrl;
  return await new Promise((resolve) => {
    execFile(
      join(workspaceRoot, 'node_modules', '.bin', 'tsx'),
      [join('scripts', script), ...args],
      { cwd: workspaceRoot, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The 20 instance tables of prisma/schema.prisma. */
export const INSTANCE_TABLES = [
  'asset_check_executions',
  'asset_daemon_asset_evaluations',
  'asset_event_tags',
  'asset_keys',
  'bulk_actions',
  'concurrency_limits',
  'concurrency_slots',
  'daemon_heartbeats',
  'dynamic_partitions',
  'event_logs',
  'instance_info',
  'instigators',
  'job_ticks',
  'jobs',
  'kvs',
  'pending_steps',
  'run_tags',
  'runs',
  'secondary_indexes',
  'snapshots',
];
