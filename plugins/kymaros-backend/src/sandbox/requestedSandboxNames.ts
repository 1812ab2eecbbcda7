import { quote } from '../definitions/quote';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A source namespace of a test, with the sandbox name it asks for, if any. */
export interface SourceNamespace {
  name: string;
  sandboxName?: string;
}

function subject(ns: SourceNamespace & { sandboxName: string }): string {
  return `sandboxName ${quote(ns.sandboxName)} (for namespace ${quote(
    ns.name,
  )})`;
}

/**
 * Why the sandbox names a test asks for (`namespaces[].sandboxName`) cannot
 * be used, one sentence each: not a namespace name, a protected namespace,
 * one of the test's sources, or asked twice. Whether a namespace of that
 * name exists is the cluster's to say, when the run creates it.
 */
export function requestedSandboxNameProblems(
  namespaces: SourceNamespace[],
  protectedNamespaces: readonly string[],
): string[] {
  const sources = new Set(namespaces.map(ns => ns.name));
  const claimed = new Map<string, string>();
  const problems: string[] = [];
  for (const ns of namespaces) {
    const { sandboxName } = ns;
    if (sandboxName === undefined) continue;
    const named = { ...ns, sandboxName };
    if (sandboxName.length > 63 || !dnsLabel.test(sandboxName))
      problems.push(
        `${subject(
          named,
        )} is not a valid namespace name (lower-case letters, digits and dashes, at most 63 characters)`,
      );
    else if (protectedNamespaces.includes(sandboxName))
      problems.push(
        `${subject(named)} is a protected namespace (system or backup tool)`,
      );
    else if (sources.has(sandboxName))
      problems.push(
        `${subject(
          named,
        )} is one of the test's source namespaces; a sandbox is never a source`,
      );
    const first = claimed.get(sandboxName);
    if (first !== undefined)
      problems.push(
        `sandboxName ${quote(sandboxName)} is asked for both namespace ${quote(
          first,
        )} and namespace ${quote(ns.name)}; each sandbox needs its own name`,
      );
    else claimed.set(sandboxName, ns.name);
  }
  return problems;
}

/** The requested sandbox name of each source namespace that asks for one. */
export function requestedSandboxNames(
  namespaces: SourceNamespace[],
): Record<string, string> {
  return Object.fromEntries(
    namespaces.flatMap(ns =>
      ns.sandboxName === undefined ? [] : [[ns.name, ns.sandboxName]],
    ),
  );
}
