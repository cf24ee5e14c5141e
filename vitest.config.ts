import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

// One vitest project per workspace project, named like the nx project, so that
// `npm test` runs every file in one pool and `nx test <name>` runs one project.
const projectDirs = ['libs', 'apps', 'examples'].flatMap((group) =>
  readdirSync(join(root, group))
    .filter((name) => existsSync(join(root, group, name, 'package.json')))
    .map((name) => ({ name, dir: join(group, name) })),
);

export default defineConfig({
  root,
  // Workspace packages resolve to their TypeScript sources in tests (see each
  // package.json's "@orrery/source" export condition); built services use dist/.
  resolve: { conditions: ['@orrery/source'] },
  ssr: { resolve: { conditions: ['@orrery/source'] } },
  test: {
    globalSetup: [join(root, 'libs/testing/src/global-setup.ts')],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration files spawn services and databases; more workers only thrash.
    maxWorkers: 2,
    projects: projectDirs.map(({ name, dir }) => ({
      extends: true,
      test: {
        name,
        // An example code location keeps its tests in tests/, as the seed's project layout does.
        include: [`${dir}/src/**/*.test.ts`, `${dir}/test/**/*.test.ts`, `${dir}/tests/**/*.test.ts`],
      },
    })),
  },
});
