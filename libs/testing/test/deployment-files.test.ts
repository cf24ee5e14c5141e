import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// docker-compose.yml and the Dockerfile cannot be run here (no Docker engine); .ci/run
// validates the compose file with `docker-compose config -q`. This checks what that cannot:
// that the stack is complete and wired in the right order.
const root = join(import.meta.dirname, '..', '..', '..');
// merge: compose files use YAML 1.1 merge keys (`<<: *service-env`).
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: { target: string }; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; environment?: Record<string, string> }>;
};
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const services = ['api', 'scheduler', 'sensor', 'run-launcher', 'executor'];

describe('docker-compose.yml', () => {
  it('has no Compose-v2-only top-level name (docker-compose 1.29 rejects it)', () => {
    expect(Object.keys(compose)).not.toContain('name');
  });

  it('runs postgres and nats with healthchecks, and migrate after postgres is healthy', () => {
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    expect(compose.services.nats?.healthcheck).toBeDefined();
    expect(compose.services.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it.each(services)('starts %s from its Dockerfile target after migrate completes', (service) => {
    const definition = compose.services[service]!;
    expect(definition.build?.target).toBe(service);
    expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${service}$`, 'm'));
    expect(dockerfile).toContain(`CMD ["node", "apps/${service}/dist/main.js"]`);
    expect(definition.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(definition.depends_on?.nats?.condition).toBe('service_healthy');
    expect(definition.environment?.DATABASE_URL).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
    expect(definition.healthcheck).toBeDefined();
  });
});

describe('Dockerfile', () => {
  it('builds on a slim Node 22 LTS image and runs services as a non-root user', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-[a-z]+-slim$/m);
    const runtimeStage = dockerfile.slice(dockerfile.indexOf('AS runtime'), dockerfile.indexOf('AS api'));
    expect(runtimeStage).toMatch(/^USER node$/m);
  });

  it('points the executor image at the compiled example location, with a writable state directory', () => {
    const executorStage = dockerfile.slice(dockerfile.indexOf('FROM runtime AS executor'), dockerfile.indexOf('AS migrate'));
    expect(executorStage).toContain('ORRERY_WORKSPACE=/app/deployment/docker/workspace.yaml');
    expect(executorStage).toMatch(/chown -R node:node \/var\/lib\/orrery/);
    const workspace = parse(readFileSync(join(root, 'deployment', 'docker', 'workspace.yaml'), 'utf8')) as { load_from: { module: string }[] };
    for (const location of workspace.load_from) {
      expect(location.module).toMatch(/\.js$/);
      // `npm test` builds before it tests: the compiled module must be where the image expects it.
      expect(existsSync(resolve(root, 'deployment', 'docker', location.module))).toBe(true);
    }
    expect(compose.services.executor?.environment?.['SHOP_API_URL']).toBeDefined();
  });

  it('has a migrate target that sets up the database', () => {
    expect(dockerfile).toMatch(/^FROM build AS migrate$/m);
    expect(dockerfile).toContain('scripts/setup-db.ts');
  });
});
