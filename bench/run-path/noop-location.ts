// The code location of the run-path benchmark (bench/run-path.bench.ts): one asset job of one
// no-op step, so a run's cost is the run path itself (api, queue, launch, claim, events).
// The executor imports this file through tsx, as it does any TypeScript location.
import { asset, defineAssetJob, defineDefinitions, inMemoryIOManager } from '@orrery/sdk';

const noop = asset({ key: 'noop' }, () => 1);

export default defineDefinitions({
  assets: [noop],
  jobs: [defineAssetJob({ name: 'noop_job', selection: 'key:noop' })],
  resources: { io_manager: inMemoryIOManager() },
});
