#!/usr/bin/env node
// The orrery CLI. Built so far: `orrery config check`. Scaffolding, `orrery dev`, run
// submission and following arrive with the issues that build them (README "Status").
import { parseArgs } from 'node:util';
import { checkConfigFiles } from './config-check-command.js';

const usage = `Usage: orrery <command> [options]

Commands:
  config check [--config <orrery.yaml>] [--workspace <workspace.yaml>]
      Validate the instance config and the workspace file; lists every problem with its key path.

Options:
  -h, --help     Show this help
  -v, --version  Show the version`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      workspace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    console.log('orrery 0.1.0');
    return 0;
  }
  const command = positionals.join(' ');
  if (values.help || command === '') {
    console.log(usage);
    return values.help ? 0 : 64;
  }
  if (command === 'config check') {
    const result = await checkConfigFiles({
      instancePath: values.config ?? process.env.ORRERY_CONFIG ?? 'orrery.yaml',
      workspacePath: values.workspace ?? 'workspace.yaml',
      env: process.env,
      requireInstanceFile: values.config !== undefined || process.env.ORRERY_CONFIG !== undefined,
    });
    for (const line of result.lines) (result.exitCode === 0 ? console.log : console.error)(line);
    return result.exitCode;
  }
  console.error(`orrery: unknown command "${command}"\n\n${usage}`);
  return 64;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // parseArgs rejects unknown options with a clear message; show it without a stack.
  console.error(`orrery: ${(error as Error).message}\n\n${usage}`);
  process.exitCode = 64;
}
