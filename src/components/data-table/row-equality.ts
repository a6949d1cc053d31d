/**
 * Whether two row records would render the same: identical, or equal field by field (one level of
 * nesting compared shallowly). Derived rows (e.g. positions with a computed PnL) are rebuilt on every
 * store change; this keeps unchanged ones from re-rendering.
 */
export function sameRecord(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) {
    const va = a[key];
    const vb = b[key];
    if (va === vb) continue;
    if (!shallowEqual(va, vb)) return false;
  }
  return true;
}

function shallowEqual(a: unknown, b: unknown): boolean {
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => Object.is(a[key], b[key]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
