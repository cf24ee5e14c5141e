// The warehouse the data_pipeline job loads into, chosen by config: with a Postgres URL,
// tables in Postgres over a `pg` pool the resource builds and ends (postgres-warehouse.ts);
// without one, a directory of JSON tables or memory (warehouse.ts), so the example runs
// offline. Ops only see the `Warehouse` interface.
import { resource } from '@orrery/sdk';
import pg from 'pg';
import { z } from 'zod';
import { PostgresWarehouse } from './postgres-warehouse.js';
import { LocalWarehouse, MemoryWarehouse, TABLE_NAME, type Warehouse } from './warehouse.js';

/** Config of {@link warehouse}. Values from env() are strings: empty strings take the defaults. */
export const warehouseConfig = z
  .object({
    /** `postgres://user:password@host:5432/db`: the Postgres warehouse. Empty: the local one in `dir`. */
    url: z.union([z.literal(''), z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL, or nothing')]).default(''),
    /** Local mode: the directory of the tables, or `:memory:`. */
    dir: z.string().default(''),
    /** Postgres mode: the schema holding the tables (created on the first load). */
    schema: z.string().regex(TABLE_NAME, 'a schema name is [a-z_][a-z0-9_]*').default('warehouse'),
    /** Postgres mode: most connections of the pool. */
    poolSize: z.coerce.number().int().min(1).max(100).default(5),
  })
  .superRefine((config, context) => {
    if (config.url === '' && config.dir === '') {
      context.addIssue({ code: 'custom', path: ['dir'], message: 'required when no url is set (local mode)' });
    }
  });

/** The warehouse resource (key `warehouse`). */
export const warehouse = resource({
  description: 'The warehouse: Postgres when a url is set, else JSON tables in a local directory (or :memory:)',
  config: warehouseConfig,
  setup: async (config, _deps, context): Promise<Warehouse> => {
    if (config.url === '') return config.dir === ':memory:' ? new MemoryWarehouse() : new LocalWarehouse(config.dir);
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
    // An idle connection the server drops emits 'error' on the pool: without a listener
    // that would end the process. The pool replaces the connection; a query still fails.
    pool.on('error', (error) => context.log.warn('warehouse: idle connection lost', { error: error.message }));
    try {
      // A wrong URL or password fails the run before any step, not in the middle of a load.
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw error;
    }
    context.log.info('warehouse: postgres', { schema: config.schema });
    return new PostgresWarehouse(pool, config.schema);
  },
  teardown: (instance) => instance.close(),
});
