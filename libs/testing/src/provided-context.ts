// Values the global setup hands to every test file (vitest `provide`/`inject`).
declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of a Postgres role allowed to create databases (maintenance db `postgres`). */
    postgresAdminUrl: string;
    /** Name of the migrated template database that each test file's database is cloned from. */
    templateDatabase: string;
    /** URL of the NATS server (JetStream enabled) the tests share. */
    natsUrl: string;
  }
}
export {};
