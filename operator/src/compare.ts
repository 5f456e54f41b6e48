// Drift detection without a write: is everything the operator would apply already true of the live object?
//
// Desired state is a subset of the live object (the server adds defaults, status and other managers'
// fields), so the check walks the desired value and compares each leaf. It allows for the server's
// normal forms: an omitted `false`/`0`/`""`/empty object, and Kubernetes quantities written differently
// ("1000m" and "1"). A false "differs" costs one idempotent apply; a false "same" would hide drift, so
// anything not understood counts as different.
//
// Lists of named items (containers, env, volumes, ports with names) are merged by name on the server, and
// other managers may add their own items (`kubectl set env`, an injected sidecar): those are matched by
// name, and an item the operator does not send is not drift. Re-applying could never remove it (server-side
// apply leaves another manager's items alone), so counting it would only make a write on every resync.
// Fields the operator stops sending are found by the spec hash it stamps on each child (apply.ts).

const QUANTITY = /^([+-]?[0-9.]+)([eE][+-]?[0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The numeric value of a Kubernetes quantity ("250m", "1Gi", "1e3"), or undefined if it is not one. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const base = Number(match[1]);
  if (Number.isNaN(base)) return undefined;
  const suffix = match[2];
  if (!suffix) return base;
  if (/^[eE][+-]?[0-9]+$/.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  const factor = SUFFIX[suffix];
  return factor === undefined ? undefined : base * factor;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** The names of a list's items when every item is an object with a distinct string `name`. */
function namedItems(list: unknown[]): string[] | undefined {
  if (list.length === 0) return undefined;
  const names = list.map((item) => (item as { name?: unknown } | null)?.name);
  if (!names.every((n): n is string => typeof n === 'string')) return undefined;
  return new Set(names).size === names.length ? names : undefined;
}

/** The path of the first difference between desired and live, or undefined when live satisfies desired. */
export function findDrift(desired: unknown, live: unknown, path = ''): string | undefined {
  if (desired === undefined) return undefined;
  if (live === undefined || live === null) return isEmpty(desired) ? undefined : path || '.';
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return path || '.';
    const names = namedItems(desired);
    if (names) {
      for (const [i, item] of desired.entries()) {
        const match = live.find((l) => (l as { name?: unknown } | null)?.name === names[i]);
        if (!match) return `${path}[${i}]`;
        const drift = findDrift(item, match, `${path}[${i}]`);
        if (drift) return drift;
      }
      return undefined;
    }
    if (live.length !== desired.length) return path || '.';
    for (let i = 0; i < desired.length; i++) {
      const drift = findDrift(desired[i], live[i], `${path}[${i}]`);
      if (drift) return drift;
    }
    return undefined;
  }
  if (typeof desired === 'object' && desired !== null) {
    if (typeof live !== 'object' || Array.isArray(live)) return path || '.';
    for (const [key, value] of Object.entries(desired)) {
      const drift = findDrift(value, (live as Record<string, unknown>)[key], `${path}.${key}`);
      if (drift) return drift;
    }
    return undefined;
  }
  if (desired === live) return undefined;
  if (
    (typeof desired === 'string' || typeof desired === 'number') &&
    (typeof live === 'string' || typeof live === 'number')
  ) {
    const a = parseQuantity(desired);
    const b = parseQuantity(live);
    if (a !== undefined && b !== undefined && Math.abs(a - b) <= Math.abs(a) * 1e-9) return undefined;
  }
  return path || '.';
}
