import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { User } from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import type {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { SERVICEACCOUNT_CA_PATH } from '@backstage/plugin-kubernetes-common';
import { RefreshingBearerToken } from './RefreshingBearerToken';

/**
 * A `serviceAccount` cluster without a token means the backend's own pod
 * service account, as in the Kubernetes plugin: the in-cluster address, CA
 * and token file then apply (client-node re-reads the token as it rotates).
 */
export function usesPodServiceAccount(
  details: ClusterDetails,
  authProvider: string,
): boolean {
  return (
    authProvider === 'serviceAccount' &&
    !details.authMetadata.serviceAccountToken
  );
}

/** The backend's own pod, when it runs in one. */
export function podServiceAccountKubeConfig(name: string): KubeConfig {
  if (!existsSync(SERVICEACCOUNT_CA_PATH))
    throw new NotAllowedError(
      `Cluster "${name}" (auth provider serviceAccount) has no serviceAccountToken, and the backend does not run in a Kubernetes pod whose service account could stand in (${SERVICEACCOUNT_CA_PATH} is missing)`,
    );
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromCluster();
  return kubeConfig;
}

/** A kubeconfig for one cluster and one credential, with its CA (data or file) and TLS choice. */
export function kubeConfigFor(
  details: ClusterDetails,
  credential: KubernetesCredential | RefreshingBearerToken | undefined,
): KubeConfig {
  const { name } = details;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name,
        server: details.url,
        caData: details.caData,
        caFile: details.caFile,
        // Plain HTTP (kubectl proxy) has no TLS to verify, and client-node refuses it otherwise.
        skipTLSVerify:
          details.skipTLSVerify || new URL(details.url).protocol === 'http:',
      },
    ],
    users: [userFor(name, credential)],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  if (credential instanceof RefreshingBearerToken)
    kubeConfig.addAuthenticator(credential);
  return kubeConfig;
}

function userFor(
  name: string,
  credential?: KubernetesCredential | RefreshingBearerToken,
): User {
  if (credential instanceof RefreshingBearerToken) return credential.user(name);
  switch (credential?.type) {
    case 'bearer token':
      return { name, token: credential.token };
    case 'x509 client certificate':
      // Strategies hand over PEM text; a kubeconfig holds it base64-encoded.
      return {
        name,
        certData: Buffer.from(credential.cert).toString('base64'),
        keyData: Buffer.from(credential.key).toString('base64'),
      };
    default:
      return { name };
  }
}
