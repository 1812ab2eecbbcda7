import type { BackupItem } from '@kymaros/plugin-kymaros-node';

/**
 * The objects a restore point's `details` list under
 * `status.restorePointDetails.artifacts` (docs.kasten.io/latest/api/restorepoints
 * shows the field, not its entries). The entries' shape is not published:
 * this reads an entry's object reference from `resource` (group, version,
 * resource, kind, name, namespace) or from the entry itself, with
 * `apiVersion` or `group`/`version`, and skips entries that do not name a
 * kind and a name (volume or snapshot artifacts, unknown shapes), counting them.
 */
export function parseArtifacts(
  artifacts: unknown,
  sourceNamespace: string,
): { items: BackupItem[]; skipped: number } {
  const list = Array.isArray(artifacts) ? artifacts : [];
  const items: BackupItem[] = [];
  let skipped = 0;
  for (const entry of list) {
    const item = artifactItem(entry, sourceNamespace);
    if (item) items.push(item);
    else skipped++;
  }
  return { items, skipped };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function artifactItem(
  entry: any,
  sourceNamespace: string,
): BackupItem | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const ref =
    entry.resource && typeof entry.resource === 'object'
      ? entry.resource
      : entry;
  const kind = text(ref.kind) ?? text(entry.kind);
  const name = text(ref.name) ?? text(entry.name);
  const group = text(ref.group) ?? '';
  const version = text(ref.version);
  const fromParts = group && version ? `${group}/${version}` : version;
  const apiVersion =
    text(ref.apiVersion) ?? text(entry.apiVersion) ?? fromParts;
  if (!kind || !name || !apiVersion) return undefined;
  return {
    apiVersion,
    kind,
    name,
    namespace: text(ref.namespace) ?? sourceNamespace,
  };
}
