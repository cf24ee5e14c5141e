import type { AssetNodeDescription } from '@orrery/core';

/**
 * A deterministic layered DAG of `count` assets: 100 layers, each asset depending on up to
 * three assets of the layer before (a pseudo-random choice from a fixed seed), in 20 groups
 * with 5 kinds — the shape of a large dbt-style project.
 */
export function syntheticAssetNodes(count: number): AssetNodeDescription[] {
  const layers = 100;
  const perLayer = Math.ceil(count / layers);
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const nodes: AssetNodeDescription[] = [];
  for (let i = 0; i < count; i++) {
    const layer = Math.floor(i / perLayer);
    const deps: string[][] = [];
    if (layer > 0) {
      for (let d = 0; d < 3; d++) {
        const parent = (layer - 1) * perLayer + Math.floor(random() * perLayer);
        if (!deps.some((dep) => dep[1] === `a${parent}`)) deps.push([`l${layer - 1}`, `a${parent}`]);
      }
    }
    nodes.push({ key: [`l${layer}`, `a${i}`], deps, group: `g${i % 20}`, kinds: [`k${i % 5}`], tags: { tier: String(layer % 3) } });
  }
  return nodes;
}
