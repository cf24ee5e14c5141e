import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { env } from '../resources/env-var.js';
import { buildInputContext, buildOutputContext, silentLogger } from './build-contexts.js';
import { FilesystemIOManager, filesystemIOManager, safeSegment } from './filesystem-io-manager.js';
import { IOManagerError, StoredValueNotFoundError } from './io-manager.js';
import type { Serializer } from './serializers.js';

let baseDir: string;
beforeEach(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'orrery-fs-io-'));
});
afterEach(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

describe('filesystem IO manager', () => {
  it('round-trips an asset as JSON at <baseDir>/<key parts>.json', async () => {
    const io = new FilesystemIOManager({ baseDir });
    await io.handleOutput(buildOutputContext({ assetKey: 'raw/orders' }), [{ id: 1 }, { id: 2 }]);
    expect(JSON.parse(await readFile(join(baseDir, 'raw', 'orders.json'), 'utf8'))).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await io.loadInput(buildInputContext({ assetKey: 'raw/orders' }))).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('stores partitions separately and loads several as a record by key', async () => {
    const io = new FilesystemIOManager({ baseDir });
    await io.handleOutput(buildOutputContext({ assetKey: 'daily', partitionKeys: ['2024-01-01'] }), { n: 1 });
    await io.handleOutput(buildOutputContext({ assetKey: 'daily', partitionKeys: ['2024-01-02', '2024-01-03'] }), {
      '2024-01-02': { n: 2 },
      '2024-01-03': { n: 3 },
    });
    expect((await readdir(join(baseDir, 'daily'))).sort()).toEqual(['2024-01-01.json', '2024-01-02.json', '2024-01-03.json']);
    expect(await io.loadInput(buildInputContext({ assetKey: 'daily', partitionKeys: ['2024-01-02'] }))).toEqual({ n: 2 });
    expect(await io.loadInput(buildInputContext({ assetKey: 'daily', partitionKeys: ['2024-01-01', '2024-01-03'] }))).toEqual({
      '2024-01-01': { n: 1 },
      '2024-01-03': { n: 3 },
    });
    await expect(io.handleOutput(buildOutputContext({ assetKey: 'daily', partitionKeys: ['a', 'b'] }), [1, 2])).rejects.toThrow(IOManagerError);
  });

  it('keeps op outputs under the run and step, and reports a missing value by name', async () => {
    const io = new FilesystemIOManager({ baseDir });
    await io.handleOutput(buildOutputContext({ runId: 'r1', stepKey: 'process[a_1]', outputName: 'result' }), 42);
    const upstreamOutput = { runId: 'r1', stepKey: 'process[a_1]', outputName: 'result' };
    expect(await io.loadInput(buildInputContext({ stepKey: 'sum', upstreamOutput }))).toBe(42);
    await expect(io.loadInput(buildInputContext({ assetKey: 'never/made' }))).rejects.toThrow(StoredValueNotFoundError);
    await expect(io.loadInput(buildInputContext({ assetKey: 'never/made' }))).rejects.toThrow(/asset never\/made has no stored value/);
  });

  it('never leaves baseDir, whatever the partition key', async () => {
    expect(safeSegment('..')).toBe('%2E%2E');
    expect(safeSegment('a/b|c')).toBe('a%2Fb%7Cc');
    const io = new FilesystemIOManager({ baseDir });
    await io.handleOutput(buildOutputContext({ assetKey: 'x', partitionKeys: ['..'] }), 1);
    await io.handleOutput(buildOutputContext({ assetKey: 'x', partitionKeys: ['../../escape'] }), 2);
    expect((await readdir(join(baseDir, 'x'))).sort()).toEqual(['%2E%2E.json', '..%2F..%2Fescape.json']);
  });

  it('uses a pluggable serializer', async () => {
    const csv: Serializer = {
      extension: '.csv',
      serialize: (value) => (value as number[][]).map((row) => row.join(',')).join('\n'),
      deserialize: (data) => new TextDecoder().decode(data).split('\n').map((line) => line.split(',').map(Number)),
    };
    const io = new FilesystemIOManager({ baseDir, serializer: csv });
    await io.handleOutput(buildOutputContext({ assetKey: 'grid' }), [[1, 2], [3, 4]]);
    expect(await readFile(join(baseDir, 'grid.csv'), 'utf8')).toBe('1,2\n3,4');
    expect(await io.loadInput(buildInputContext({ assetKey: 'grid' }))).toEqual([[1, 2], [3, 4]]);
  });

  it('is a resource whose baseDir may come from the environment', async () => {
    const definition = filesystemIOManager({ baseDir: env('DATA_DIR') });
    expect(definition.role).toBe('io_manager');
    expect(definition.configJson()).toEqual({ baseDir: { env: 'DATA_DIR' } });
    const config = definition.resolveConfig({ DATA_DIR: baseDir });
    const instance = await definition.setup(config, {}, { key: 'io_manager', log: silentLogger, runId: 'r', signal: new AbortController().signal });
    expect(instance.baseDir).toBe(baseDir);
  });
});
