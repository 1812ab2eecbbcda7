import type {
  EndpointRewrite,
  NetworkIsolation,
  SandboxTransformation,
} from '@kymaros/plugin-kymaros-common';

/**
 * Under `strict` isolation the sandboxes of a run cannot reach each other,
 * so the calls that rewrites point from one restored namespace at another
 * are blocked: the report says so, and how to allow them.
 */
export function strictIsolationNotice(
  isolation: NetworkIsolation,
  mapping: Record<string, string>,
  rewrites: EndpointRewrite[],
): SandboxTransformation[] {
  if (isolation !== 'strict') return [];
  const across = rewrites.filter(r => {
    // `Deployment shop/web`: the object's own (source) namespace.
    const own = r.object.split(' ')[1]?.split('/')[0] ?? '';
    // A list's closing "… and N more" entry names no object.
    return (
      Object.hasOwn(mapping, own) && !r.to.split('.').includes(mapping[own])
    );
  });
  if (!across.length) return [];
  const count = `${across.length} address${across.length === 1 ? '' : 'es'}`;
  return [
    {
      subject: 'Network isolation strict',
      change: `${count} rewritten to another sandbox of this run, which strict isolation blocks`,
      notTested:
        'calls between the restored namespaces (set sandbox.networkIsolation: group to allow them)',
    },
  ];
}
