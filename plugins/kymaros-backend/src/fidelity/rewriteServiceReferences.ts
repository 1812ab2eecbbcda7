import { findServiceReferences } from './findServiceReferences';
import type { ServiceDirectory } from './serviceDirectory';

/** What one value becomes, and what it refers to outside the run. */
export interface RewrittenValue {
  value: string;
  /** Host forms only, never the value around them (it may hold passwords). */
  rewrites: { from: string; to: string }[];
  /** Full-form hosts of namespaces neither restored in this run nor a sandbox: left as they are. */
  external: { reference: string; namespace: string }[];
}

/**
 * Points every reference to a restored namespace's Services at its sandbox
 * (`db.shop.svc` → `db.shop-sbx.svc`) and lists the references to
 * namespaces the run does not restore.
 */
export function rewriteServiceReferences(
  value: string,
  directory: ServiceDirectory,
): RewrittenValue {
  const sandboxes = new Set(Object.values(directory.mapping));
  const result: RewrittenValue = { value: '', rewrites: [], external: [] };
  let cursor = 0;
  for (const ref of findServiceReferences(value, directory)) {
    if (!Object.hasOwn(directory.mapping, ref.namespace)) {
      if (ref.full && !sandboxes.has(ref.namespace))
        result.external.push({ reference: ref.host, namespace: ref.namespace });
      continue;
    }
    const labels = ref.host.split('.');
    labels[ref.namespaceLabel] = directory.mapping[ref.namespace];
    const to = labels.join('.');
    result.value += value.slice(cursor, ref.start) + to;
    cursor = ref.end;
    result.rewrites.push({ from: ref.host, to });
  }
  result.value += value.slice(cursor);
  return result;
}
