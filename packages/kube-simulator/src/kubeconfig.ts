import { stringify } from 'yaml';

/** A kubeconfig any Kubernetes client can use to reach the simulator. */
export function buildKubeconfig({
  server,
  token,
  caData,
  name = 'kube-simulator',
}: {
  server: string;
  token: string;
  caData?: string;
  name?: string;
}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server,
          ...(caData
            ? {
                'certificate-authority-data':
                  Buffer.from(caData).toString('base64'),
              }
            : { 'insecure-skip-tls-verify': true }),
        },
      },
    ],
    users: [{ name, user: { token } }],
    contexts: [
      { name, context: { cluster: name, user: name, namespace: 'default' } },
    ],
    'current-context': name,
  });
}
