/** A Kubernetes resource quantity (`500m`, `4`, `8Gi`, `1e3`): the API server refuses anything else. */
export const QUANTITY_PATTERN =
  /^(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** What a quantity must look like, said where one is refused. */
export const QUANTITY_EXPECTATION =
  'a Kubernetes quantity such as 500m, 4 or 8Gi';

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
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

/**
 * The value of a quantity in its base unit (cores, bytes, pods), or
 * undefined when it is not one: `500m` → 0.5, `1.5Gi` → 1610612736,
 * `2e3` → 2000.
 */
export function quantityValue(text: string): number | undefined {
  const m = QUANTITY_PATTERN.exec(text);
  if (!m) return undefined;
  const suffix = m[3] ?? '';
  const factor =
    suffix in SUFFIXES ? SUFFIXES[suffix] : 10 ** Number(suffix.slice(1));
  return Number(m[1]) * factor;
}

/** Float products (`0.1 * 1000`) land a hair above whole numbers; a count is rounded up only past that. */
const ceilWhole = (n: number) => Math.ceil(Number(n.toPrecision(12)));

/** A CPU quantity in millicores, rounded up; undefined when it is not a quantity. */
export function cpuMillis(text: string): number | undefined {
  const value = quantityValue(text);
  return value === undefined ? undefined : ceilWhole(value * 1000);
}

/** A memory or storage quantity in bytes, rounded up; undefined when it is not a quantity. */
export function quantityBytes(text: string): number | undefined {
  const value = quantityValue(text);
  return value === undefined ? undefined : ceilWhole(value);
}

/** Millicores as a quantity people read: `6`, `1500m`. */
export function formatCpu(millis: number): string {
  const whole = ceilWhole(millis);
  return whole % 1000 === 0 ? String(whole / 1000) : `${whole}m`;
}

/**
 * Bytes as a quantity people read, rounded up so it never understates:
 * `12Gi`, `1536Mi`, `2Ki`, `500`.
 */
export function formatBytes(bytes: number): string {
  const whole = ceilWhole(bytes);
  if (whole < 2 ** 10) return String(whole);
  if (whole < 2 ** 20) return `${Math.ceil(whole / 2 ** 10)}Ki`;
  const mi = Math.ceil(whole / 2 ** 20);
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}
