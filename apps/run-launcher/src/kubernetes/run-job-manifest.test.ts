import { describe, expect, it } from 'vitest';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { instanceConfigSchema } from '@orrery/contracts';
import {
  buildRunJobManifest,
  isDnsLabel,
  isLabelValue,
  RunJobManifestError,
  type KubernetesRunLauncherConfig,
  type RunJobManifest,
  type RunJobManifestInput,
  type RunJobManifestRun,
} from './index.js';

const RUN_ID = '4f9c1a2e-7b3d-4c5e-9f10-a1b2c3d4e5f6';

/** `run_launcher:` as written in orrery.yaml, parsed by the real schema (defaults filled). */
function kubernetesConfig(runLauncher: Record<string, unknown> = {}): KubernetesRunLauncherConfig {
  const config = instanceConfigSchema.parse({ run_launcher: { type: 'kubernetes', ...runLauncher } }).runLauncher;
  if (config.type !== 'kubernetes') throw new Error(`expected a kubernetes launcher, got ${config.type}`);
  return config;
}

function run(overrides: Partial<RunJobManifestRun> = {}): RunJobManifestRun {
  return { runId: RUN_ID, attempt: 1, jobName: 'data_pipeline', locationName: 'my_project', tags: {}, ...overrides };
}

function input(overrides: Partial<RunJobManifestInput> = {}): RunJobManifestInput {
  return {
    run: run(),
    config: kubernetesConfig(),
    image: 'registry.example.com/my-project:1.2.3',
    command: ['orrery-executor', 'run'],
    ...overrides,
  };
}

const fullConfig = kubernetesConfig({
  namespace: 'orrery-runs',
  image: 'registry.example.com/orrery-run:2.0.0',
  image_pull_policy: 'IfNotPresent',
  service_account: 'orrery-run-worker',
  env_vars: ['LOG_LEVEL=debug', 'DATABASE_URL', 'EXTRA=a=b'],
  job_ttl_seconds: '3600',
  resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: 2, memory: '1Gi' } },
});

/** Schema validation by kubernetes-models: types, required fields, enums, quantity syntax. */
function validateJob(manifest: RunJobManifest): void {
  new Job(manifest).validate();
}

function expectManifestError(build: () => unknown, field: string, reason: RegExp): void {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RunJobManifestError);
  const error = caught as RunJobManifestError;
  expect(error.field).toBe(field);
  expect(error.reason).toMatch(reason);
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.message).toContain(field);
}

describe('buildRunJobManifest', () => {
  it('builds the whole Job for a minimal config, valid against the Kubernetes schema', () => {
    const manifest = buildRunJobManifest(input());
    expect(() => validateJob(manifest)).not.toThrow();
    const metadata = {
      labels: {
        'app.kubernetes.io/name': 'orrery',
        'app.kubernetes.io/component': 'run-worker',
        'app.kubernetes.io/part-of': 'orrery',
        'orrery/run-id': RUN_ID,
        'orrery/attempt': '1',
        'orrery/job': 'data_pipeline',
        'orrery/location': 'my_project',
      },
      annotations: {
        'orrery/run-id': RUN_ID,
        'orrery/attempt': '1',
        'orrery/job': 'data_pipeline',
        'orrery/location': 'my_project',
      },
    };
    expect(manifest).toStrictEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `orrery-run-${RUN_ID}-1`, namespace: 'default', ...metadata },
      spec: {
        backoffLimit: 0,
        ttlSecondsAfterFinished: 86_400,
        template: {
          metadata,
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'orrery',
                image: 'registry.example.com/my-project:1.2.3',
                command: ['orrery-executor', 'run'],
                env: [
                  { name: 'ORRERY_RUN_ID', value: RUN_ID },
                  { name: 'ORRERY_RUN_ATTEMPT', value: '1' },
                ],
              },
            ],
          },
        },
      },
    });
  });

  it('maps a full config: namespace, image, pull policy, service account, env, TTL, resources', () => {
    const manifest = buildRunJobManifest(
      input({
        config: fullConfig,
        args: ['--run-id', RUN_ID],
        launcherEnv: { DATABASE_URL: 'postgres://db/orrery', UNRELATED: 'not copied' },
      }),
    );
    expect(() => validateJob(manifest)).not.toThrow();
    expect(manifest.metadata.namespace).toBe('orrery-runs');
    expect(manifest.spec.ttlSecondsAfterFinished).toBe(3600);
    expect(manifest.spec.backoffLimit).toBe(0);
    const pod = manifest.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.serviceAccountName).toBe('orrery-run-worker');
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0]).toStrictEqual({
      name: 'orrery',
      // run_launcher.image wins over the location's image.
      image: 'registry.example.com/orrery-run:2.0.0',
      imagePullPolicy: 'IfNotPresent',
      command: ['orrery-executor', 'run'],
      args: ['--run-id', RUN_ID],
      env: [
        { name: 'ORRERY_RUN_ID', value: RUN_ID },
        { name: 'ORRERY_RUN_ATTEMPT', value: '1' },
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'DATABASE_URL', value: 'postgres://db/orrery' },
        { name: 'EXTRA', value: 'a=b' },
      ],
      resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    });
  });

  it('omits unset optional fields rather than writing undefined', () => {
    const container = buildRunJobManifest(input()).spec.template.spec.containers[0];
    expect(Object.keys(container).sort()).toEqual(['command', 'env', 'image', 'name']);
    expect('serviceAccountName' in buildRunJobManifest(input()).spec.template.spec).toBe(false);
    const oneSide = buildRunJobManifest(input({ config: kubernetesConfig({ resources: { limits: { memory: '1Gi' } } }) }));
    expect(oneSide.spec.template.spec.containers[0].resources).toStrictEqual({ limits: { memory: '1Gi' } });
    const empty = buildRunJobManifest(input({ config: kubernetesConfig({ resources: { requests: {} } }) }));
    expect('resources' in empty.spec.template.spec.containers[0]).toBe(false);
  });

  it('is checked by a schema validation that does reject a broken Job', () => {
    // Guards the tests above: a validator that accepted anything would prove nothing.
    const manifest = buildRunJobManifest(input({ config: fullConfig, launcherEnv: { DATABASE_URL: 'x' } }));
    const broken = structuredClone(manifest) as unknown as { spec: { template: { spec: { restartPolicy: string } } } };
    broken.spec.template.spec.restartPolicy = 'Sometimes';
    expect(() => new Job(broken as never).validate()).toThrow(/restartPolicy/);
    const badQuantity = structuredClone(manifest);
    badQuantity.spec.template.spec.containers[0].resources = { limits: { memory: 'lots' } };
    expect(() => validateJob(badQuantity)).toThrow(/quantity/);
  });

  describe('names and labels', () => {
    it('keeps a UUID run id whole in the Job name', () => {
      expect(buildRunJobManifest(input()).metadata.name).toBe(`orrery-run-${RUN_ID}-1`);
      expect(buildRunJobManifest(input({ run: run({ attempt: 12 }) })).metadata.name).toBe(`orrery-run-${RUN_ID}-12`);
    });

    it('gives any run id and attempt a valid, distinct name of at most 63 characters', () => {
      const ids = [
        RUN_ID,
        RUN_ID.toUpperCase(),
        'x'.repeat(200),
        `${'x'.repeat(200)}y`,
        'Run_ID with spaces/and:colons',
        'run_id_with_spaces/and:colons',
        '---',
        '日本語',
        '-leading-and-trailing-',
        'a',
      ];
      const names = new Set<string>();
      for (const runId of ids) {
        for (const attempt of [0, 1, Number.MAX_SAFE_INTEGER]) {
          const manifest = buildRunJobManifest(input({ run: run({ runId, attempt }) }));
          const name = manifest.metadata.name;
          expect(isDnsLabel(name), name).toBe(true);
          expect(name.length).toBeLessThanOrEqual(63);
          expect(name).toMatch(/^orrery-run-/);
          expect(name.endsWith(`-${attempt}`)).toBe(true);
          expect(() => validateJob(manifest)).not.toThrow();
          names.add(name);
        }
      }
      // Uppercase vs lowercase, and ids equal up to their 200th character, stay apart.
      expect(names.size).toBe(ids.length * 3);
      const long = buildRunJobManifest(input({ run: run({ runId: 'x'.repeat(200) }) })).metadata.name;
      expect(long).toMatch(/^orrery-run-x+-[0-9a-f]{10}-1$/);
    });

    it('keeps label values that are already valid, uppercase and underscores included', () => {
      const manifest = buildRunJobManifest(input({ run: run({ jobName: 'My_Job.Daily', locationName: 'Analytics_Location-2' }) }));
      expect(manifest.metadata.labels['orrery/job']).toBe('My_Job.Daily');
      expect(manifest.metadata.labels['orrery/location']).toBe('Analytics_Location-2');
    });

    it('rewrites invalid label values into valid, distinct ones and keeps the full values in annotations', () => {
      const jobName = `_${'daily etl/'.repeat(10)}.`;
      const locationName = '@acme/analytics pipelines';
      const runId = `Run:${'9'.repeat(80)}`;
      const manifest = buildRunJobManifest(input({ run: run({ runId, jobName, locationName }) }));
      const { labels, annotations } = manifest.metadata;
      for (const [key, value] of Object.entries(labels)) expect(isLabelValue(value), `${key}=${value}`).toBe(true);
      expect(labels['orrery/job']).toMatch(/^daily-etl-daily-etl-.*-[0-9a-f]{10}$/);
      expect(labels['orrery/location']).toMatch(/^acme-analytics-pipelines-[0-9a-f]{10}$/);
      expect(labels['orrery/run-id']).toMatch(/^Run-9+-[0-9a-f]{10}$/);
      expect(annotations).toMatchObject({ 'orrery/run-id': runId, 'orrery/job': jobName, 'orrery/location': locationName });
      expect(manifest.spec.template.metadata).toStrictEqual({ labels, annotations });
      // Two values that differ only after the 63rd character get different labels.
      const other = buildRunJobManifest(input({ run: run({ runId: `${runId}0` }) }));
      expect(other.metadata.labels['orrery/run-id']).not.toBe(labels['orrery/run-id']);
      expect(() => validateJob(manifest)).not.toThrow();
    });

    it('copies system tags to annotations, never user tags, and never lets a tag replace the run identity', () => {
      const manifest = buildRunJobManifest(
        input({
          run: run({
            tags: {
              team: 'data',
              'orrery/schedule_name': 'daily',
              'orrery/priority': '5',
              'orrery/run-id': 'spoofed',
              'orrery/not a key': 'skipped',
            },
          }),
        }),
      );
      const { annotations } = manifest.metadata;
      expect(annotations['orrery/schedule_name']).toBe('daily');
      expect(annotations['orrery/priority']).toBe('5');
      expect(annotations['orrery/run-id']).toBe(RUN_ID);
      expect(annotations).not.toHaveProperty('team');
      expect(annotations).not.toHaveProperty('orrery/not a key');
      expect(() => validateJob(manifest)).not.toThrow();
    });
  });

  it('is deterministic: equal input gives an equal, equally serialised Job', () => {
    const tags = { 'orrery/schedule_name': 'daily', 'orrery/priority': '5' };
    const reordered = { 'orrery/priority': '5', 'orrery/schedule_name': 'daily' };
    const options = { config: fullConfig, args: ['--verbose'], launcherEnv: { DATABASE_URL: 'postgres://db/orrery' } };
    const first = buildRunJobManifest(input({ ...options, run: run({ tags }) }));
    const second = buildRunJobManifest(input({ ...options, run: run({ tags: reordered }) }));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    // The Job and its pod template do not share objects: mutating one leaves the other.
    first.metadata.labels['extra'] = 'x';
    expect(first.spec.template.metadata.labels).not.toHaveProperty('extra');
  });

  describe('refuses input that cannot make a valid Job, naming the field', () => {
    it('no image anywhere, or an image with whitespace', () => {
      expectManifestError(() => buildRunJobManifest(input({ image: undefined })), 'run_launcher.image', /not set/);
      expectManifestError(() => buildRunJobManifest(input({ image: '' })), 'run_launcher.image', /not set/);
      expectManifestError(() => buildRunJobManifest(input({ image: 'my image' })), 'image', /whitespace/);
      expectManifestError(
        () => buildRunJobManifest(input({ config: kubernetesConfig({ image: 'repo/img:1 ' }) })),
        'run_launcher.image',
        /whitespace/,
      );
      // The config's image alone is enough.
      const configured = buildRunJobManifest(input({ image: undefined, config: kubernetesConfig({ image: 'repo/img:1' }) }));
      expect(configured.spec.template.spec.containers[0].image).toBe('repo/img:1');
    });

    it('a run without identity: empty id, bad attempt, no job, no location', () => {
      expectManifestError(() => buildRunJobManifest(input({ run: run({ runId: '' }) })), 'run.runId', /empty/);
      for (const attempt of [-1, 1.5, Number.NaN, 2 ** 60]) {
        expectManifestError(() => buildRunJobManifest(input({ run: run({ attempt }) })), 'run.attempt', /non-negative integer/);
      }
      expectManifestError(() => buildRunJobManifest(input({ run: run({ jobName: '' }) })), 'run.jobName', /empty/);
      expectManifestError(() => buildRunJobManifest(input({ run: run({ locationName: null }) })), 'run.locationName', /code location/);
    });

    it('an empty command', () => {
      expectManifestError(() => buildRunJobManifest(input({ command: [] })), 'command', /executable/);
      expectManifestError(() => buildRunJobManifest(input({ command: [''] })), 'command', /executable/);
    });

    it('names Kubernetes would refuse: namespace, service account', () => {
      expectManifestError(() => buildRunJobManifest(input({ config: kubernetesConfig({ namespace: 'Orrery_Runs' }) })), 'run_launcher.namespace', /DNS-1123 label/);
      expectManifestError(() => buildRunJobManifest(input({ config: kubernetesConfig({ namespace: 'n'.repeat(64) }) })), 'run_launcher.namespace', /63/);
      expectManifestError(
        () => buildRunJobManifest(input({ config: kubernetesConfig({ service_account: 'Run Worker' }) })),
        'run_launcher.service_account',
        /DNS-1123 subdomain/,
      );
      const dotted = buildRunJobManifest(input({ config: kubernetesConfig({ service_account: 'runs.orrery' }) }));
      expect(dotted.spec.template.spec.serviceAccountName).toBe('runs.orrery');
    });

    it('env vars: a copied variable that is not set, a reserved or repeated name', () => {
      const config = (envVars: string[]) => kubernetesConfig({ env_vars: envVars });
      expectManifestError(
        () => buildRunJobManifest(input({ config: config(['A=1', 'DATABASE_URL']), launcherEnv: { OTHER: 'x' } })),
        'run_launcher.env_vars[1]',
        /DATABASE_URL.*not set/,
      );
      expectManifestError(() => buildRunJobManifest(input({ config: config(['ORRERY_RUN_ID=other']) })), 'run_launcher.env_vars[0]', /may not set ORRERY_RUN_ID/);
      expectManifestError(() => buildRunJobManifest(input({ config: config(['ORRERY_RUN_ATTEMPT=9']) })), 'run_launcher.env_vars[0]', /may not set ORRERY_RUN_ATTEMPT/);
      expectManifestError(() => buildRunJobManifest(input({ config: config(['A=1', 'B=2', 'A=3']) })), 'run_launcher.env_vars[2]', /A a second time/);
      // A hand-built config skips the schema: the entry is checked again.
      const handBuilt = { ...kubernetesConfig(), envVars: ['1BAD=x'] };
      expectManifestError(() => buildRunJobManifest(input({ config: handBuilt })), 'run_launcher.env_vars[0]', /NAME or NAME=value/);
      // An empty value is a value.
      const empty = buildRunJobManifest(input({ config: config(['EMPTY=', 'COPIED']), launcherEnv: { COPIED: '' } }));
      expect(empty.spec.template.spec.containers[0].env.slice(2)).toStrictEqual([
        { name: 'EMPTY', value: '' },
        { name: 'COPIED', value: '' },
      ]);
    });

    it('resources: a malformed quantity, a request above its limit', () => {
      const config = (resources: unknown) => kubernetesConfig({ resources });
      expectManifestError(
        () => buildRunJobManifest(input({ config: config({ limits: { memory: '1 GB' } }) })),
        'run_launcher.resources.limits.memory',
        /not a Kubernetes quantity/,
      );
      expectManifestError(() => buildRunJobManifest(input({ config: config({ requests: { cpu: '-1' } }) })), 'run_launcher.resources.requests.cpu', /quantity/);
      expectManifestError(
        () => buildRunJobManifest(input({ config: config({ requests: { cpu: '1500m' }, limits: { cpu: 1 } }) })),
        'run_launcher.resources.requests.cpu',
        /exceeds its limit/,
      );
      expectManifestError(
        () => buildRunJobManifest(input({ config: config({ requests: { memory: '2Gi' }, limits: { memory: '2G' } }) })),
        'run_launcher.resources.requests.memory',
        /exceeds its limit/,
      );
      // A request equal to (or below) its limit in other units is fine; each form also passes the schema.
      for (const [request, limit] of [['500m', '0.5'], ['1Gi', '1073741824'], ['1e3', '1k'], ['128974848', '129e6'], ['.5', '500m'], ['3e-1', '0.3'], ['0.1m', '100u'], ['1.5Gi', '1536Mi']] as const) {
        const manifest = buildRunJobManifest(input({ config: config({ requests: { cpu: request }, limits: { cpu: limit } }) }));
        expect(manifest.spec.template.spec.containers[0].resources).toStrictEqual({ requests: { cpu: request }, limits: { cpu: limit } });
        expect(() => validateJob(manifest)).not.toThrow();
      }
    });

    it('a job TTL that is not a non-negative integer', () => {
      const handBuilt = { ...kubernetesConfig(), jobTtlSeconds: -5 };
      expectManifestError(() => buildRunJobManifest(input({ config: handBuilt })), 'run_launcher.job_ttl_seconds', /non-negative integer/);
      expect(buildRunJobManifest(input({ config: kubernetesConfig({ job_ttl_seconds: 0 }) })).spec.ttlSecondsAfterFinished).toBe(0);
    });
  });
});
