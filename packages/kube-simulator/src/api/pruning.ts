/** The part of a CRD's structural OpenAPI v3 schema that decides pruning. */
export interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: StructuralSchema | boolean;
  items?: StructuralSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

const objectMeta = ['apiVersion', 'kind', 'metadata'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Drops the fields a CRD's schema does not declare, as the API server does
 * before storing a custom resource: fields survive only when a property,
 * `additionalProperties` or `x-kubernetes-preserve-unknown-fields` allows them.
 * `apiVersion`, `kind` and `metadata` of the resource (and of embedded
 * resources) always stay. Mutates and returns `value`.
 */
export function pruneUnknownFields<T>(
  value: T,
  schema: StructuralSchema,
  root = true,
): T {
  if (Array.isArray(value)) {
    if (schema.items)
      value.forEach(v => pruneUnknownFields(v, schema.items!, false));
    return value;
  }
  if (!isPlainObject(value)) return value;
  const keep =
    root || schema['x-kubernetes-embedded-resource'] ? objectMeta : [];
  for (const key of Object.keys(value)) {
    if (keep.includes(key)) continue;
    const declared = schema.properties?.[key];
    const additional = schema.additionalProperties;
    if (declared) pruneUnknownFields(value[key], declared, false);
    else if (isPlainObject(additional))
      pruneUnknownFields(value[key], additional, false);
    else if (
      additional !== true &&
      !schema['x-kubernetes-preserve-unknown-fields']
    )
      delete value[key];
  }
  return value;
}
