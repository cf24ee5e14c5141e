// Per-step overhead as the executor will run a job (issue 4, goal ≤ 2 ms per step):
// executeRun in process on a 1,000-step asset chain and a 1,000-wide fan-out, events
// through a BatchingEventWriter into `event_logs` of a throwaway database, side by side
// with the same runs into the in-memory sink. A run counts until its last event is stored.
import { BatchingEventWriter, PrismaEventLogStore, PrismaRunStore, createPrismaClient } from '@orrery/db';
import { MemoryEventSink, executeRun, type EventSink } from '@orrery/engine';
import { AssetSelection, DEFAULT_IO_MANAGER_KEY, InMemoryIOManager, defineAssetJob, defineDefinitions, type AnyAssetsDefinition } from '@orrery/sdk';
import { measure, ms, type ResultRow } from './lib/measure.js';
import { assetChain, assetFanOut } from './lib/synthetic-definitions.js';
import { withThrowawayDatabase } from './lib/throwaway-database.js';

const STEPS = 1000;
const JOB = 'bench_steps';

function definitionsOf(assets: AnyAssetsDefinition[]) {
  return defineDefinitions({
    assets,
    resources: { [DEFAULT_IO_MANAGER_KEY]: new InMemoryIOManager() },
    jobs: [defineAssetJob({ name: JOB, selection: AssetSelection.all() })],
  });
}

export async function run(): Promise<ResultRow[]> {
  return await withThrowawayDatabase({ migrated: true }, async (database) => {
    const prisma = createPrismaClient({ url: database.url, applicationName: 'bench-executor-steps' });
    try {
      const runs = new PrismaRunStore(prisma);
      const store = new PrismaEventLogStore(prisma);
      const rows: ResultRow[] = [];
      for (const [shape, assets] of [['1,000-step asset chain', assetChain(STEPS)], ['1,000-wide asset fan-out', assetFanOut(STEPS)]] as const) {
        const definitions = definitionsOf(assets);
        let events = 0;
        const execute = async (sink: EventSink, runId?: string) => {
          const result = await executeRun({ definitions, jobName: JOB, sink, ...(runId ? { runId } : {}) });
          if (result.status !== 'SUCCESS') throw new Error(`${shape}: run ${result.status}`);
        };
        const memory = await measure(`${shape} memory`, async () => {
          const sink = new MemoryEventSink();
          await execute(sink);
          events = sink.events.length;
        }, { iterations: 7, warmup: 2 });
        // event_logs.run_id references runs: each measured run gets its row first, untimed.
        let runId = '';
        const postgres = await measure(`${shape} postgres`, async () => {
          const writer = new BatchingEventWriter(store, { onError: (error) => console.error(error) });
          await execute(writer, runId);
          await writer.close();
        }, { iterations: 7, warmup: 2, before: async () => { runId = (await runs.createRun({ jobName: JOB, status: 'NOT_STARTED' })).runId; } });
        const stored = await prisma.eventLog.count({ where: { runId } });
        if (stored !== events) throw new Error(`${shape}: ${stored} events stored, ${events} emitted`);
        const perStepPg = postgres.median / STEPS;
        const perStepMemory = memory.median / STEPS;
        rows.push({
          benchmark: `executor per-step overhead, ${shape}, executeRun → BatchingEventWriter → event_logs (${events} events per run; ${(perStepPg / perStepMemory).toFixed(1)}× in-memory)`,
          figure: ms(perStepPg), goal: '≤ 2 ms', met: perStepPg <= 2,
        });
        rows.push({ benchmark: `executor per-step overhead, ${shape}, executeRun → in-memory sink (${events} events per run)`, figure: ms(perStepMemory), goal: '≤ 2 ms', met: perStepMemory <= 2 });
      }
      return rows;
    } finally {
      await prisma.$disconnect();
    }
  });
}
