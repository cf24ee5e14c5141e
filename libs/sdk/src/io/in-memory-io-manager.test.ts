import { describe, expect, it } from 'vitest';
import { buildInputContext, buildOutputContext, silentLogger } from './build-contexts.js';
import { InMemoryIOManager, inMemoryIOManager } from './in-memory-io-manager.js';
import { StoredValueNotFoundError } from './io-manager.js';

describe('in-memory IO manager', () => {
  it('round-trips asset values per partition and op outputs per step', async () => {
    const io = new InMemoryIOManager();
    const rows = [{ a: 1 }];
    await io.handleOutput(buildOutputContext({ assetKey: ['raw', 'orders'] }), rows);
    await io.handleOutput(buildOutputContext({ assetKey: 'p', partitionKeys: ['x', 'y'] }), { x: 1, y: 2 });
    await io.handleOutput(buildOutputContext({ runId: 'r', stepKey: 's', outputName: 'o' }), 'op');
    expect(await io.loadInput(buildInputContext({ assetKey: 'raw/orders' }))).toBe(rows);
    expect(await io.loadInput(buildInputContext({ assetKey: 'p', partitionKeys: ['y'] }))).toBe(2);
    expect(await io.loadInput(buildInputContext({ assetKey: 'p', partitionKeys: ['x', 'y'] }))).toEqual({ x: 1, y: 2 });
    expect(await io.loadInput(buildInputContext({ upstreamOutput: { runId: 'r', stepKey: 's', outputName: 'o' } }))).toBe('op');
    expect([...io.values.keys()].sort()).toEqual(['asset:p|x', 'asset:p|y', 'asset:raw/orders', 'op:r/s/o']);
    await expect(io.loadInput(buildInputContext({ assetKey: 'p', partitionKeys: ['z'] }))).rejects.toThrow(StoredValueNotFoundError);
  });

  it('gives each run a fresh instance through the resource', async () => {
    const definition = inMemoryIOManager();
    const context = { key: 'io_manager', log: silentLogger, runId: 'r', signal: new AbortController().signal };
    const first = await definition.setup(undefined, {}, context);
    const second = await definition.setup(undefined, {}, context);
    expect(first).toBeInstanceOf(InMemoryIOManager);
    expect(first).not.toBe(second);
  });
});
