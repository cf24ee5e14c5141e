// The kubernetes launcher against a local HTTP server standing in for the Kubernetes API
// server (no cluster exists on the build machines): it records each request and answers
// with the status a test sets.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { instanceConfigSchema } from '@orrery/contracts';
import { createRunLauncher } from '../src/launchers/create-run-launcher.js';
import { KubernetesRunLauncher } from '../src/launchers/kubernetes-run-launcher.js';
import { FakeClock, captureLogger } from './helpers.js';
import { LaunchRefusedError } from '../src/launchers/run-launcher.js';
import type { KubernetesRunLauncherConfig } from '../src/kubernetes/index.js';

interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

let server: Server;
let serverUrl = '';
const requests: RecordedRequest[] = [];
let answer = { status: 201, body: {} as Record<string, unknown> };

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization, body: text ? JSON.parse(text) : {} });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.status < 300 ? JSON.parse(text) : answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  answer = { status: 201, body: {} };
});

function kubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    // Plain HTTP to the stand-in server; the client allows it only with skipTLSVerify.
    clusters: [{ name: 'local', server: serverUrl, skipTLSVerify: true }],
    users: [{ name: 'launcher', token: 'test-token' }],
    contexts: [{ name: 'local', cluster: 'local', user: 'launcher' }],
    currentContext: 'local',
  });
  return config;
}

function launcherConfig(overrides: Record<string, unknown> = {}): KubernetesRunLauncherConfig {
  const config = instanceConfigSchema.parse({
    run_launcher: { type: 'kubernetes', namespace: 'orrery-runs', image: 'registry.example.com/orrery:1.0', env_vars: ['LOG_LEVEL=debug'], ...overrides },
  }).runLauncher;
  if (config.type !== 'kubernetes') throw new Error('expected kubernetes');
  return config;
}

function launcher(config = launcherConfig()) {
  return new KubernetesRunLauncher({ config, kubeConfig: kubeConfig(), launcherEnv: {} });
}

const run = (runId = randomUUID()) => ({ runId, jobName: 'daily', locationName: 'my_project', tags: { 'orrery/priority': '2' } });

describe('KubernetesRunLauncher', () => {
  it('creates the run\'s Job in the configured namespace through the API server', async () => {
    const target = run();
    await launcher().launch(target, 2);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/apis/batch/v1/namespaces/orrery-runs/jobs');
    expect(request!.authorization).toBe('Bearer test-token');
    const job = request!.body as { kind: string; metadata: { name: string; annotations: Record<string, string> }; spec: { template: { spec: { containers: { image: string; command: string[]; args: string[]; env: { name: string; value: string }[] }[] } } } };
    expect(job.kind).toBe('Job');
    expect(job.metadata.annotations['orrery/run-id']).toBe(target.runId);
    const container = job.spec.template.spec.containers[0]!;
    expect(container.image).toBe('registry.example.com/orrery:1.0');
    expect(container.command).toEqual(['node', 'apps/executor/dist/main.js']);
    expect(container.args).toEqual([target.runId]);
    expect(container.env).toEqual(expect.arrayContaining([
      { name: 'ORRERY_RUN_ID', value: target.runId }, { name: 'ORRERY_RUN_ATTEMPT', value: '2' }, { name: 'LOG_LEVEL', value: 'debug' },
    ]));
  });

  it('counts 409 AlreadyExists as launched: the Job of that attempt exists', async () => {
    answer = { status: 409, body: { kind: 'Status', reason: 'AlreadyExists', code: 409 } };
    await expect(launcher().launch(run(), 1)).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  it('refuses the run when the API server rejects the Job as invalid (422)', async () => {
    answer = { status: 422, body: { kind: 'Status', reason: 'Invalid', code: 422 } };
    await expect(launcher().launch(run(), 1)).rejects.toBeInstanceOf(LaunchRefusedError);
  });

  it('treats a server error as transient (not refused)', async () => {
    answer = { status: 503, body: { kind: 'Status', reason: 'ServiceUnavailable', code: 503 } };
    const error = await launcher().launch(run(), 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(LaunchRefusedError);
    expect(requests).toHaveLength(1);
  });

  it('refuses without calling the API when no Job can be built (no image anywhere)', async () => {
    const config = launcherConfig();
    const { image: _image, ...withoutImage } = config;
    const error = await launcher(withoutImage as KubernetesRunLauncherConfig).launch(run(), 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LaunchRefusedError);
    expect((error as Error).message).toContain('run_launcher.image');
    expect(requests).toHaveLength(0);
  });

  it('is what run_launcher.type kubernetes builds', async () => {
    const built = await createRunLauncher({
      config: launcherConfig(), bus: { publishLaunch: async () => ({ stream: '', seq: 0, duplicate: false }) },
      clock: new FakeClock(), logger: captureLogger().logger, launcherEnv: {}, loadKubeConfig: kubeConfig,
    });
    expect(built).toBeInstanceOf(KubernetesRunLauncher);
    await built.launch(run(), 1);
    expect(requests).toHaveLength(1);
  });
});
