import { OrreryError } from '@orrery/contracts';
import { AssetGraph, type AssetNodeDescription } from '@orrery/core';
import type { PrismaCodeLocationStore } from '@orrery/db';
import { definitionsSnapshotSchema, type DefinitionsSnapshot, type SnapshotAsset, type SnapshotJob } from '@orrery/sdk';

/** An asset of the graph built from a snapshot, with its snapshot entry. */
export interface SnapshotAssetNode extends AssetNodeDescription {
  readonly asset: SnapshotAsset;
}

/** A parsed definitions snapshot with the indexes submission needs. */
export interface LoadedSnapshot {
  readonly location: string;
  readonly snapshotId: string;
  readonly snapshot: DefinitionsSnapshot;
  readonly jobs: ReadonlyMap<string, SnapshotJob>;
  /** By `a/b` key. */
  readonly assets: ReadonlyMap<string, SnapshotAsset>;
  readonly graph: AssetGraph<SnapshotAssetNode>;
}

/** Parsed snapshots kept per location and id; snapshots are content-addressed, so an entry never goes stale. */
const CACHE_SIZE = 16;

/**
 * The current snapshot of each code location, read through `PrismaCodeLocationStore`. The
 * location → snapshot pointer is read on every call (a location may have reloaded); the
 * parsed snapshot is cached by id.
 */
export class LocationSnapshots {
  readonly #parsed = new Map<string, LoadedSnapshot>();

  constructor(private readonly store: PrismaCodeLocationStore) {}

  /** The location's current snapshot, or null when it never loaded. */
  async current(location: string): Promise<LoadedSnapshot | null> {
    const state = await this.store.getState(location);
    if (state?.snapshotId == null) return null;
    return await this.load(location, state.snapshotId);
  }

  /** The current snapshot of every location that has one, by location name. */
  async all(): Promise<LoadedSnapshot[]> {
    const states = await this.store.listStates();
    const loaded: LoadedSnapshot[] = [];
    for (const state of states) {
      if (state.snapshotId !== null) loaded.push(await this.load(state.location, state.snapshotId));
    }
    return loaded;
  }

  private async load(location: string, snapshotId: string): Promise<LoadedSnapshot> {
    // Keyed by location too: the graph's nodes carry the location for `code_location:` selections.
    const cacheKey = `${location}\u0000${snapshotId}`;
    const cached = this.#parsed.get(cacheKey);
    if (cached) return cached;
    const body = await this.store.getSnapshot(snapshotId);
    const parsed = definitionsSnapshotSchema.safeParse(body);
    if (!parsed.success) {
      // An executor of another version may publish a shape this api cannot read.
      throw new OrreryError('INTERNAL', { message: `snapshot ${snapshotId} of location ${location} is missing or unreadable`, cause: parsed.error });
    }
    const entry = index(location, snapshotId, parsed.data);
    if (this.#parsed.size >= CACHE_SIZE) this.#parsed.delete(this.#parsed.keys().next().value!);
    this.#parsed.set(cacheKey, entry);
    return entry;
  }
}

function index(location: string, snapshotId: string, snapshot: DefinitionsSnapshot): LoadedSnapshot {
  const nodes: SnapshotAssetNode[] = snapshot.assets.map((asset) => ({
    key: asset.key,
    deps: asset.deps.map((dep) => dep.key),
    group: asset.group,
    kinds: asset.kinds,
    owners: asset.owners,
    tags: asset.tags,
    codeLocation: location,
    isExternal: asset.kind === 'external',
    asset,
  }));
  return {
    location,
    snapshotId,
    snapshot,
    jobs: new Map(snapshot.jobs.map((job) => [job.name, job])),
    assets: new Map(snapshot.assets.map((asset) => [asset.key.join('/'), asset])),
    graph: AssetGraph.build(nodes),
  };
}
