import * as kubernetesClient from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';

/**
 * The Kubernetes plugin's own strategies under the auth-provider names its
 * configuration uses, built from the same root configuration (`aws.*` for
 * `aws`, `kubernetes.googleServiceAccountCredentials` for
 * `googleServiceAccount`).
 */
export function builtInAuthStrategies(deps: {
  config: Config;
  logger: LoggerService;
}): Map<string, AuthenticationStrategy> {
  return new Map<string, AuthenticationStrategy>([
    ['aks', new AksStrategy()],
    ['aws', new AwsIamStrategy({ config: deps.config })],
    ['azure', new AzureIdentityStrategy(deps.logger)],
    ['google', new GoogleStrategy()],
    [
      'googleServiceAccount',
      new GoogleServiceAccountStrategy({ config: deps.config }),
    ],
    ['localKubectlProxy', new AnonymousStrategy()],
    ['oidc', new OidcStrategy()],
    ['serviceAccount', serviceAccountStrategy()],
  ]);
}

/**
 * The strategy loads client-node with a dynamic import, which only works
 * under Jest with --experimental-vm-modules; it takes an already loaded
 * module in its `injectedKubernetesClient` field. If a later version drops
 * the field, it falls back to its own import, which works in Node.
 */
function serviceAccountStrategy(): AuthenticationStrategy {
  return Object.assign(new ServiceAccountStrategy(), {
    injectedKubernetesClient: kubernetesClient,
  });
}

/**
 * Built-in providers that authenticate as the portal's signed-in user (the
 * browser sends the token). Restore runs have none, so each names the
 * service identity that can stand in for it.
 */
export const userBoundProviders: Record<string, string> = {
  google: 'googleServiceAccount',
  aks: 'azure',
};
