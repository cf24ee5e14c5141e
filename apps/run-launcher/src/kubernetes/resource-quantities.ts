import { RunJobManifestError } from './run-job-manifest-error.js';

/**
 * Quantities of one side of `resources` (requests or limits), as Kubernetes takes them. A
 * type, not an interface, so that it fits Kubernetes' `{ [resource: string]: Quantity }`.
 */
export type ResourceQuantities = {
  cpu?: string;
  memory?: string;
};

/** A container's `resources`; absent sides are left out. */
export interface ResourceRequirements {
  requests?: ResourceQuantities;
  limits?: ResourceQuantities;
}

type Side = keyof ResourceRequirements;

// Kubernetes' quantity grammar (apimachinery pkg/api/resource): a decimal number, then a
// binary suffix, a decimal suffix or an exponent. Signs are left out: a negative request
// or limit is refused by the API server, so it is refused here, before any run needs it.
const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const BINARY_POWER: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/**
 * The configured requests and limits, checked, in the container's shape: each quantity must
 * follow Kubernetes' syntax, and a request may not exceed its limit (the API server refuses
 * such a Job, which would otherwise surface only when a run is launched). `undefined` when
 * nothing is configured.
 */
export function toResourceRequirements(config: ResourceRequirements | undefined): ResourceRequirements | undefined {
  if (config === undefined) return undefined;
  const result: ResourceRequirements = {};
  for (const side of ['requests', 'limits'] as const) {
    const quantities = checkedSide(config, side);
    if (quantities !== undefined) result[side] = quantities;
  }
  for (const resource of ['cpu', 'memory'] as const) {
    const request = result.requests?.[resource];
    const limit = result.limits?.[resource];
    if (request !== undefined && limit !== undefined && quantityValue(request) > quantityValue(limit)) {
      throw new RunJobManifestError(`run_launcher.resources.requests.${resource}`, `(${request}) exceeds its limit (${limit})`);
    }
  }
  return result.requests === undefined && result.limits === undefined ? undefined : result;
}

function checkedSide(config: ResourceRequirements, side: Side): ResourceQuantities | undefined {
  const quantities: ResourceQuantities = {};
  for (const resource of ['cpu', 'memory'] as const) {
    const value = config[side]?.[resource];
    if (value === undefined) continue;
    if (!QUANTITY.test(value)) {
      throw new RunJobManifestError(
        `run_launcher.resources.${side}.${resource}`,
        `is not a Kubernetes quantity (got "${value}"; e.g. "500m", "2", "512Mi")`,
      );
    }
    quantities[resource] = value;
  }
  return Object.keys(quantities).length > 0 ? quantities : undefined;
}

/**
 * A checked quantity as a number, to compare a request with its limit. The decimal point
 * moves into the exponent ("1.5m" = 15 / 10^4), so that every value is one correctly
 * rounded operation on exact integers: quantities that are equal in different units
 * ("500m", "0.5", "5e-1") give the same number.
 */
function quantityValue(quantity: string): number {
  const match = QUANTITY.exec(quantity);
  const [whole = '', fraction = ''] = (match?.[1] ?? '').split('.');
  const digits = Number(`${whole}${fraction}`);
  const suffix = match?.[2] ?? '';
  const binary = BINARY_POWER[suffix];
  const exponent = binary === undefined ? (DECIMAL_EXPONENT[suffix] ?? (suffix === '' ? 0 : Number(suffix.slice(1)))) : 0;
  const scaled = binary === undefined ? digits : digits * 2 ** binary;
  const power = exponent - fraction.length;
  return power >= 0 ? scaled * 10 ** power : scaled / 10 ** -power;
}
