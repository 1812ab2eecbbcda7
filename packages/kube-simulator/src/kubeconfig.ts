import { stringify } from 'yaml';

/** A kubeconfig any Kubernetes client can use to reach the simulator. */
export function buildKubeconfig(opts: {
  server: string;
  token: string;
  caData?: string;
  name?: string;
}): string {
  const name = opts.name ?? 'kube-simulator';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: opts.server,
          ...(opts.caData
            ? {
                'certificate-authority-data': Buffer.from(opts.caData).toString(
                  'base64',
                ),
              }
            : { 'insecure-skip-tls-verify': true }),
        },
      },
    ],
    users: [{ name, user: { token: opts.token } }],
    contexts: [
      { name, context: { cluster: name, user: name, namespace: 'default' } },
    ],
    'current-context': name,
  });
}
