import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A token Kymaros presents where the Kubernetes plugin would forward the user's. */
export interface ConfiguredToken {
  /** The key it was configured under, for messages. */
  at: string;
  token?: string;
  /** Read at every connection, so an external process can rotate it. */
  tokenFile?: string;
}

/** `kymaros.clusterAuth`: how restore runs, which have no user, authenticate. */
export interface ClusterAuthSettings {
  /** By `kubernetes.io/oidc-token-provider` name. */
  oidcTokens: Map<string, ConfiguredToken>;
  /** By user-bound auth provider: the provider used in its place. */
  serviceAuthProviders: Map<string, string>;
}

const KEY = 'kymaros.clusterAuth';

export function readClusterAuthSettings(root: Config): ClusterAuthSettings {
  const block = root.getOptionalConfig(KEY);
  const oidcTokens = new Map<string, ConfiguredToken>();
  const tokens = block?.getOptionalConfig('oidcTokens');
  for (const provider of tokens?.keys() ?? []) {
    const at = `${KEY}.oidcTokens.${provider}`;
    const entry = tokens!.getConfig(provider);
    const token = entry.getOptionalString('token');
    const tokenFile = entry.getOptionalString('tokenFile');
    if (!token === !tokenFile)
      throw new InputError(`${at}: set exactly one of token and tokenFile`);
    oidcTokens.set(provider, { at, token, tokenFile });
  }
  const serviceAuthProviders = new Map<string, string>();
  const replacements = block?.getOptionalConfig('serviceAuthProviders');
  for (const provider of replacements?.keys() ?? [])
    serviceAuthProviders.set(provider, replacements!.getString(provider));
  return { oidcTokens, serviceAuthProviders };
}
