import { readFileSync } from 'node:fs';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import type { KubernetesRequestAuth } from '@backstage/plugin-kubernetes-common';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import { describeError } from '../../util/errors';
import { userBoundProviders } from './builtInAuthStrategies';
import type {
  ClusterAuthSettings,
  ConfiguredToken,
} from './readClusterAuthSettings';

/** What a cluster was authenticated with. */
export interface ClusterCredential {
  /** The provider whose strategy produced it (after `serviceAuthProviders`). */
  authProvider: string;
  credential: KubernetesCredential;
}

/**
 * Credentials for a cluster through the strategy its
 * `kubernetes.io/auth-provider` names, asked for at every connection since
 * tokens expire. Restore runs have no signed-in user, so the only request
 * auth a strategy sees is the OIDC tokens of `kymaros.clusterAuth`, and a
 * built-in provider that needs the user's token is refused with what to
 * configure instead.
 */
export class ClusterCredentials {
  private readonly userBound: Map<string, string>;
  /** Whether `oidc` is the built-in strategy, which forwards a user's token. */
  private readonly builtInOidc: boolean;

  constructor(
    private readonly strategies: ReadonlyMap<string, AuthenticationStrategy>,
    private readonly settings: ClusterAuthSettings,
    /** Providers a backend module supplied: they are never user-bound. */
    replaced: ReadonlySet<string> = new Set(),
  ) {
    this.userBound = new Map(
      Object.entries(userBoundProviders).filter(
        ([name]) => !replaced.has(name),
      ),
    );
    this.builtInOidc = !replaced.has('oidc');
    this.checkSettings();
  }

  /** The auth providers known to the engine. */
  names(): string[] {
    return [...this.strategies.keys()].sort();
  }

  /**
   * The strategy's own checks of a configured cluster (e.g. `oidc` without
   * a token provider), as the Kubernetes plugin makes them at start-up. A
   * provider unknown here is left to the run, which names it.
   */
  validate(details: ClusterDetails, at: string): void {
    const strategy = this.strategies.get(this.effectiveProvider(details));
    const problems = strategy?.validateCluster(details.authMetadata) ?? [];
    if (problems.length)
      throw new InputError(
        `${at} (cluster "${details.name}"): ${problems
          .map(p => p.message)
          .join('; ')}`,
      );
  }

  async credentialFor(details: ClusterDetails): Promise<ClusterCredential> {
    const authProvider = this.effectiveProvider(details);
    const strategy = this.strategies.get(authProvider);
    if (!strategy)
      throw new NotFoundError(
        `Cluster "${
          details.name
        }": auth provider "${authProvider}" is not known to Kymaros (known: ${this.names().join(
          ', ',
        )}); a backend module adds one through kymarosClustersExtensionPoint.addAuthStrategy`,
      );
    this.refuseUserBound(details, authProvider);
    try {
      return {
        authProvider,
        credential: await strategy.getCredential(
          details,
          this.requestAuth(details, authProvider),
        ),
      };
    } catch (e) {
      if (e instanceof NotAllowedError) throw e;
      throw new NotAllowedError(
        `Cluster "${
          details.name
        }": auth provider "${authProvider}" gave no credentials: ${describeError(
          e,
        )}`,
      );
    }
  }

  /** The provider whose strategy is used for the cluster (after `serviceAuthProviders`). */
  authProviderOf(details: ClusterDetails): string {
    return this.effectiveProvider(details);
  }

  private effectiveProvider(details: ClusterDetails): string {
    const named = details.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    return this.settings.serviceAuthProviders.get(named) ?? named;
  }

  private refuseUserBound(details: ClusterDetails, authProvider: string): void {
    const replacement = this.userBound.get(authProvider);
    if (replacement)
      throw new NotAllowedError(
        `Cluster "${details.name}" uses auth provider "${authProvider}", which signs in with the portal user's own token; restore runs have no user. Set kymaros.clusterAuth.serviceAuthProviders.${authProvider}: ${replacement} to use a service identity, or define the cluster in kymaros.clusters with its own credentials`,
      );
    if (authProvider !== 'oidc' || !this.builtInOidc) return;
    const tokenProvider = oidcTokenProviderOf(details);
    if (tokenProvider && !this.settings.oidcTokens.has(tokenProvider))
      throw new NotAllowedError(
        `Cluster "${details.name}" uses auth provider "oidc" with token provider "${tokenProvider}", which passes the portal user's token; restore runs have no user. Set kymaros.clusterAuth.oidcTokens.${tokenProvider}.token (or .tokenFile) to a token the cluster accepts, or define the cluster in kymaros.clusters with its own serviceAccountToken`,
      );
  }

  /** The request auth of a run: only configured OIDC tokens, read now (files may rotate). */
  private requestAuth(
    details: ClusterDetails,
    authProvider: string,
  ): KubernetesRequestAuth {
    const tokenProvider = oidcTokenProviderOf(details);
    const configured =
      authProvider === 'oidc' && tokenProvider
        ? this.settings.oidcTokens.get(tokenProvider)
        : undefined;
    if (!configured) return {};
    return { oidc: { [tokenProvider!]: readToken(configured) } };
  }

  private checkSettings(): void {
    for (const [from, to] of this.settings.serviceAuthProviders) {
      const at = `kymaros.clusterAuth.serviceAuthProviders.${from}`;
      if (!this.strategies.has(to))
        throw new InputError(
          `${at}: unknown auth provider "${to}" (known: ${this.names().join(
            ', ',
          )})`,
        );
      if (this.userBound.has(to) || to === 'oidc')
        throw new InputError(
          `${at}: "${to}" needs a signed-in user too; name a service identity such as ${Object.values(
            userBoundProviders,
          ).join(' or ')}`,
        );
    }
  }
}

function oidcTokenProviderOf(details: ClusterDetails): string | undefined {
  return details.authMetadata[ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER];
}

function readToken(configured: ConfiguredToken): string {
  if (configured.token) return configured.token;
  try {
    return readFileSync(configured.tokenFile!, 'utf8').trim();
  } catch (e) {
    throw new NotAllowedError(
      `${configured.at}.tokenFile: cannot read ${
        configured.tokenFile
      }: ${describeError(e)}`,
    );
  }
}
