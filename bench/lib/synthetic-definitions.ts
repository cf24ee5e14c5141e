import { asset, type AnyAssetsDefinition } from '@orrery/sdk';
import { syntheticAssetNodes } from './synthetic-graph.js';

/**
 * The synthetic graph of `syntheticAssetNodes` as SDK assets: each a trivial function,
 * with its group, kind and tags — what a user's 10,000-asset code location declares.
 */
export function syntheticAssets(count: number): AnyAssetsDefinition[] {
  return syntheticAssetNodes(count).map((node) =>
    asset(
      {
        key: node.key.join('/'),
        deps: (node.deps ?? []).map((dep) => dep.join('/')),
        group: node.group!,
        kinds: [...(node.kinds ?? [])],
        tags: { ...node.tags },
      },
      () => 1,
    ),
  );
}

/** A chain of `count` trivial assets, each loading its parent's value. */
export function assetChain(count: number): AnyAssetsDefinition[] {
  const assets: AnyAssetsDefinition[] = [];
  let previous: ReturnType<typeof asset> | undefined;
  for (let i = 0; i < count; i++) {
    const key = `step_${String(i).padStart(4, '0')}`;
    const next: ReturnType<typeof asset> = previous
      ? asset({ key, ins: { parent: previous } }, (_context, { parent }) => (parent as number) + 1)
      : asset({ key }, () => 0);
    assets.push(next);
    previous = next;
  }
  return assets;
}

/** A root asset, `count - 2` leaves each loading it, and a sink depending on every leaf. */
export function assetFanOut(count: number): AnyAssetsDefinition[] {
  const root = asset({ key: 'root' }, () => 0);
  const leaves = Array.from({ length: count - 2 }, (_, i) =>
    asset({ key: `leaf_${String(i).padStart(4, '0')}`, ins: { root } }, (_context, { root: value }) => (value as number) + 1));
  // deps, not ins: the sink waits for every leaf without loading 998 values.
  const sink = asset({ key: 'sink', deps: leaves.map((leaf) => leaf.key.join('/')) }, () => 1);
  return [root, ...leaves, sink];
}
