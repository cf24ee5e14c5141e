/**
 * Environment variables as a plain object. Apps pass `process.env`; libraries take it as
 * an option and never read the process environment themselves (STYLE.md 2).
 */
export type EnvSource = Readonly<Record<string, string | undefined>>;
