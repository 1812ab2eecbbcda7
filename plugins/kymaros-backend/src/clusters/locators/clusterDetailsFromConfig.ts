import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type {
  AuthMetadata,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';

/**
 * A cluster entry as the Kubernetes plugin's `config` locator reads it: the
 * auth provider from `authMetadata['kubernetes.io/auth-provider']`, else
 * `authProvider`; `serviceAccountToken`, `assumeRole`, `externalId` and
 * `oidcTokenProvider` become auth metadata, and an `authMetadata` block
 * wins over them. `at` is the entry's key, for errors.
 */
export function clusterDetailsFromConfig(
  entry: Config,
  at: string,
  defaultAuthProvider?: string,
): ClusterDetails {
  const name = entry.getString('name');
  const block = readAuthMetadataBlock(entry, at);
  const authProvider =
    block?.[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    entry.getOptionalString('authProvider') ??
    defaultAuthProvider;
  if (!authProvider)
    throw new InputError(
      `${at} (cluster "${name}") has no auth provider: set authProvider or authMetadata.${ANNOTATION_KUBERNETES_AUTH_PROVIDER}`,
    );
  const title = entry.getOptionalString('title');
  return {
    name,
    ...(title && { title }),
    url: entry.getString('url'),
    skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
    skipMetricsLookup: entry.getOptionalBoolean('skipMetricsLookup') ?? false,
    caData: entry.getOptionalString('caData'),
    caFile: entry.getOptionalString('caFile'),
    authMetadata: {
      [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
      ...authMetadataFields(entry),
      ...block,
    },
  };
}

const metadataKeys: Record<string, string> = {
  serviceAccountToken: 'serviceAccountToken',
  assumeRole: ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  externalId: ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  oidcTokenProvider: ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
};

function authMetadataFields(entry: Config): AuthMetadata {
  const metadata: AuthMetadata = {};
  for (const [field, key] of Object.entries(metadataKeys)) {
    const value = entry.getOptionalString(field);
    if (value) metadata[key] = value;
  }
  return metadata;
}

/** The block as written: its keys hold dots (`kubernetes.io/...`), so it is read whole. */
function readAuthMetadataBlock(
  entry: Config,
  at: string,
): AuthMetadata | undefined {
  const block = entry.getOptional('authMetadata');
  if (block === undefined) return undefined;
  if (typeof block !== 'object' || block === null || Array.isArray(block))
    throw new InputError(`${at}.authMetadata: must be an object`);
  const metadata: AuthMetadata = {};
  for (const [key, value] of Object.entries(block)) {
    if (typeof value !== 'string')
      throw new InputError(
        `${at}.authMetadata["${key}"]: must be a string, got ${
          Array.isArray(value) ? 'an array' : typeof value
        }`,
      );
    metadata[key] = value;
  }
  return metadata;
}
