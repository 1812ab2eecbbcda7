import type { ServiceDirectory } from './serviceDirectory';

/** A host in a value that names a Service (or a Service's pod) of a namespace. */
export interface ServiceReference {
  /** Where the host is in the value: `value.slice(start, end) === host`. */
  start: number;
  end: number;
  /** `db.shop.svc.cluster.local`, `db-0.db.shop.svc`, `api.shop`. */
  host: string;
  namespace: string;
  /** Which of the host's dot-separated labels is the namespace. */
  namespaceLabel: number;
  /** Spelled with `.svc`: unambiguous, whatever the namespace. */
  full: boolean;
}

/** A run of host characters; what lies around it decides whether it is a host. */
const TOKEN = /[A-Za-z0-9_.-]+/g;
/** A DNS label as Kubernetes names are (63 characters at most): a longer run is no host. */
const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** What may end a short host (`api.shop`): a port, a path, a quote, a separator, the end. */
const SHORT_END = /^($|:\d|[/\s"'`,;?#])/;

interface Form {
  namespace: string;
  namespaceLabel: number;
}

function fullForm(labels: string[]): Form | undefined {
  const clusterLocal = labels.slice(-3).join('.') === 'svc.cluster.local';
  const svc = clusterLocal ? labels.length - 3 : labels.length - 1;
  if (labels[svc] !== 'svc') return undefined;
  const names = labels.slice(0, svc - 1);
  const namespace = labels[svc - 1];
  if (names.length < 1 || names.length > 2 || namespace === undefined)
    return undefined;
  return [...names, namespace].every(l => LABEL.test(l))
    ? { namespace, namespaceLabel: svc - 1 }
    : undefined;
}

/** `<svc>.<ns>` or `<pod>.<headless svc>.<ns>`, only for a Service the backup holds there. */
function shortForm(
  labels: string[],
  directory: ServiceDirectory,
): Form | undefined {
  if (labels.length < 2 || labels.length > 3) return undefined;
  const namespace = labels[labels.length - 1];
  if (!Object.hasOwn(directory.mapping, namespace)) return undefined;
  if (!labels.every(l => LABEL.test(l))) return undefined;
  const service = labels[labels.length - 2];
  const known =
    labels.length === 2
      ? directory.services.get(namespace)
      : directory.headless.get(namespace);
  return known?.has(service)
    ? { namespace, namespaceLabel: labels.length - 1 }
    : undefined;
}

/**
 * The Service hosts in a value: full forms (`<svc>.<ns>.svc[.cluster.local]`,
 * with an optional pod label in front) for any namespace, and short forms
 * (`<svc>.<ns>`) only for a Service the backup holds in a restored namespace
 * and only where the host visibly ends, so `api.payments.io` or
 * `user.payments.example.com` never count. Names are compared label by label:
 * `pay` never matches inside `payments`.
 */
export function findServiceReferences(
  value: string,
  directory: ServiceDirectory,
): ServiceReference[] {
  const found: ServiceReference[] = [];
  for (const match of value.matchAll(TOKEN)) {
    // A leading dot belongs to a wildcard or suffix, a trailing one ends an absolute name.
    const host = match[0].replace(/^\.+/, '').replace(/\.+$/, '');
    if (!host.includes('.')) continue;
    const start = match.index! + match[0].indexOf(host);
    const end = start + host.length;
    // Before `@` is a user name or password (`redis://:pw.shop.svc@x`), never a host.
    if (value[match.index! + match[0].length] === '@') continue;
    const labels = host.split('.');
    const full = fullForm(labels);
    const form =
      full ??
      (SHORT_END.test(value.slice(end, end + 2))
        ? shortForm(labels, directory)
        : undefined);
    if (form) found.push({ start, end, host, ...form, full: !!full });
  }
  return found;
}
