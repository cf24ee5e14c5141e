/**
 * An expected failure of a db script (unreachable database, bad URL, failed migration,
 * drift). The CLI prints `message` as one line and exits with `exitCode`.
 */
export class DbScriptError extends Error {
  override readonly name = 'DbScriptError';
  /** Process exit code: 1 for failures, 2 for bad usage. */
  readonly exitCode: number;
  /** Extra lines printed after the message (e.g. the SQL a drift check found missing). */
  readonly details: string | undefined;

  constructor(message: string, options: { cause?: unknown; exitCode?: number; details?: string } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
    this.details = options.details;
  }
}

/** Engine error codes worth a plain-words hint. */
const HINTS: Record<string, string> = {
  P3005: 'the database is not empty and has no migration history (create it with `npm run db:setup`)',
  P3006: 'a migration does not apply cleanly in a shadow database',
  P3009: 'a migration failed earlier in this database; fix the database, then delete or resolve its row in _prisma_migrations',
};

/**
 * Turns anything thrown by pg, the schema engine or Node into one line. The engine's
 * errors are multi-line reports: a message, detail lines, then a Rust span trace
 * (`   0: …` with `with migration_name="…"`) and a JS stack; we keep the message, the
 * details and the migration name.
 */
export function oneLine(error: unknown): string {
  if (error instanceof DbScriptError) return error.message;
  const { code, message: rawMessage } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  const message = typeof rawMessage === 'string' ? rawMessage : String(error);
  // eslint-disable-next-line no-control-regex -- the engine colours messages for terminals
  const lines = message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((line) => line.trim());
  const traceStart = lines.findIndex((line) => /^\d+: /.test(line) || line.startsWith('at '));
  const text = (traceStart === -1 ? lines : lines.slice(0, traceStart)).filter((line) => line !== '');
  const migration =
    /migration_name="([^"]+)"/.exec(message)?.[1] ?? /The `([^`]+)` migration started at/.exec(message)?.[1];
  const [headline = 'unknown error', ...details] = text.filter((line) => !line.startsWith('Read more'));
  const hint = typeof code === 'string' ? HINTS[code] : undefined;
  if (hint) return `${hint}${migration ? ` (migration ${migration})` : ''} [${code as string}]`;
  // "external connector error" says nothing; what follows it is the database's complaint.
  const reason = headline === 'external connector error' && details.length > 0 ? details.join('; ') : [headline, ...details].join('; ');
  const prefix = migration ? `migration ${migration} failed: ` : '';
  return `${prefix}${reason}${typeof code === 'string' ? ` [${code}]` : ''}`;
}
