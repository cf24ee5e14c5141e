// Lint enforces the dependency rule of ARCHITECTURE.md ("Code layout and the dependency
// rule"): tags on each project (package.json "nx.tags") and the constraints below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

/** Packages that must never reach pure domain code (core, sdk) nor the engine. */
const infrastructurePackages = [
  '@prisma/*', 'prisma', 'pg', 'pg-*', '@nats-io/*', 'nats', 'fastify', '@fastify/*',
  '@opentelemetry/sdk-*', '@opentelemetry/exporter-*', '@opentelemetry/auto-*',
  '@opentelemetry/instrumentation*', '@kubernetes/*', 'pino',
];

const appPackages = ['api', 'scheduler', 'sensor', 'run-launcher', 'executor', 'cli'].map(
  (app) => `@orrery/${app}`,
);


/**
 * The dependency rule as @nx/enforce-module-boundaries options. Test files may in addition
 * import @orrery/testing (fixtures, shared store suites) and talk to real Postgres or NATS
 * (a Postgres IO manager test needs `pg`); production code never does either.
 */
function moduleBoundaries({ forTests }) {
  const testing = forTests ? ['type:testing'] : [];
  const constraint = (sourceTag, tags, extra = {}) => ({ sourceTag, onlyDependOnLibsWithTags: [...tags, ...testing], ...extra });
  const noInfrastructure = forTests ? {} : { bannedExternalImports: infrastructurePackages };
  return {
    allow: [],
    enforceBuildableLibDependency: false,
    depConstraints: [
      constraint('type:contracts', []),
      constraint('type:domain', ['type:contracts'], noInfrastructure),
      constraint('type:sdk', ['type:domain', 'type:contracts'], noInfrastructure),
      constraint('type:engine', ['type:sdk', 'type:domain', 'type:contracts'], noInfrastructure),
      constraint('type:adapter', ['type:domain', 'type:contracts']),
      constraint('type:platform', ['type:adapter', 'type:domain', 'type:contracts']),
      constraint('type:testing', ['type:contracts', 'type:domain']),
      // A code location is user code: it may use any driver or client (pg, S3, HTTP), but of
      // Orrery only what users get — the SDK (and the engine, for its tests).
      constraint('type:example', ['type:sdk', 'type:domain', 'type:contracts', 'type:engine']),
      constraint('type:app', ['type:contracts', 'type:domain', 'type:sdk', 'type:engine', 'type:adapter', 'type:platform']),
    ],
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/*.js', '**/*.mjs', '**/*.cjs', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ forTests: false })],
    },
  },
  {
    // An app importing another app is only caught by the rule above when the imported
    // package resolves, and apps export nothing: name them explicitly (STACK.md).
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: appPackages.flatMap((p) => [p, `${p}/*`]), message: 'An app never imports another app: move shared code into a lib.' }],
      }],
    },
  },
  {
    // Libraries take options; only an app's main.ts reads the environment (STYLE.md 2).
    files: ['libs/core/**/*.ts', 'libs/sdk/**/*.ts', 'libs/contracts/**/*.ts', 'libs/engine/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='process'][property.name='env']",
        message: 'Domain code never reads process.env: take the value as an option.',
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'Domain code never touches the process: take what you need as an option.' }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ forTests: true })] },
  },
  {
    files: ['**/*.test.ts', 'libs/testing/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
