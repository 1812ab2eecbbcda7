/**
 * The Go type a YAML document is decoded into, enough to reproduce how
 * `sigs.k8s.io/yaml.UnmarshalStrict` accepts or refuses it.
 */
export type GoShape =
  | { kind: 'string' }
  | { kind: 'list'; of: GoShape; goType: string }
  | { kind: 'map'; of: GoShape; goType: string }
  | { kind: 'struct'; goType: string; fields: Record<string, GoShape> };

export const goString: GoShape = { kind: 'string' };

/** Where a value sits, as Go's decoder names it in errors. */
interface Context {
  /** The innermost struct type being decoded, e.g. `JSONPatch`. */
  struct?: string;
  /** JSON field names from the root, e.g. `resourceModifierRules.patches.value`. */
  fields: string[];
}

class DecodeError extends Error {}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

function typeName(shape: GoShape): string {
  return shape.kind === 'string' ? 'string' : shape.goType;
}

function mismatch(value: unknown, shape: GoShape, at: Context): DecodeError {
  const where = at.struct
    ? `Go struct field ${at.struct}.${at.fields.join('.')}`
    : 'Go value';
  return new DecodeError(
    `json: cannot unmarshal ${jsonKind(value)} into ${where} of type ${typeName(
      shape,
    )}`,
  );
}

/** sigs.k8s.io/yaml turns YAML numbers and booleans bound for a string field into strings. */
function decodeString(value: unknown, at: Context): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw mismatch(value, goString, at);
}

function decodeStruct(
  value: Record<string, unknown>,
  shape: Extract<GoShape, { kind: 'struct' }>,
  at: Context,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const struct = shape.goType.slice(shape.goType.lastIndexOf('.') + 1);
  for (const [key, v] of Object.entries(value)) {
    // Go matches field names without regard to case.
    const field =
      key in shape.fields
        ? key
        : Object.keys(shape.fields).find(
            f => f.toLowerCase() === key.toLowerCase(),
          );
    if (!field) throw new DecodeError(`json: unknown field "${key}"`);
    out[field] = decodeValue(v, shape.fields[field], {
      struct,
      fields: [...at.fields, field],
    });
  }
  return out;
}

function decodeValue(value: unknown, shape: GoShape, at: Context): unknown {
  if (value === null || value === undefined) return undefined; // null leaves Go's zero value
  if (shape.kind === 'string') return decodeString(value, at);
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) throw mismatch(value, shape, at);
    return value.map(v => decodeValue(v, shape.of, at));
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw mismatch(value, shape, at);
  if (shape.kind === 'struct')
    return decodeStruct(value as Record<string, unknown>, shape, at);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, decodeValue(v, shape.of, at)]),
  );
}

/**
 * Decodes a parsed YAML document into `shape` as Go's `encoding/json` with
 * `DisallowUnknownFields` does: unknown fields and mismatched types are
 * refused with Go's wording; `null` leaves a field unset.
 */
export function strictDecode<T>(
  value: unknown,
  shape: GoShape,
): { value: T } | { error: string } {
  try {
    return { value: decodeValue(value, shape, { fields: [] }) as T };
  } catch (e) {
    if (e instanceof DecodeError) return { error: e.message };
    throw e;
  }
}
