import { DbScriptError, oneLine } from './errors.js';

/**
 * Runs a script's main function: prints its summary line on stdout, or one line naming
 * the problem on stderr (plus details, if any) and exits non-zero.
 *
 * It exits explicitly: the WASM schema engine leaves timers behind (e.g. a 10 s lock
 * timeout) that would otherwise keep the process alive after the work is done. Output to
 * pipes and files is synchronous on Linux, so nothing printed is lost.
 */
export async function runCli(prefix: string, main: () => Promise<string>): Promise<void> {
  try {
    console.log(`${prefix}: ${await main()}`);
  } catch (error) {
    console.error(`${prefix}: error: ${oneLine(error)}`);
    if (error instanceof DbScriptError && error.details) console.error(error.details);
    if (process.env.DEBUG?.includes('orrery:migrate')) console.error(error);
    process.exitCode = error instanceof DbScriptError ? error.exitCode : 1;
  }
  process.exit();
}
