import type { KubeConfig, User } from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { describeError } from '../../util/errors';

/** client-node's hook for presenting a credential (its type is not exported). */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type RequestOptions = Parameters<Authenticator['applyAuthentication']>[1];

/** The `authProvider` name of a kubeconfig user whose token this presents. */
export const REFRESHING_BEARER_TOKEN = 'kymaros-refreshing-bearer-token';

/** Tokens are asked for again at least this often (an EKS token lives 15 minutes). */
export const MAX_TOKEN_AGE_MS = 5 * 60_000;
/** A JWT is replaced this long before its `exp`, so no request carries it past it. */
export const EXPIRY_MARGIN_MS = 60_000;
/** A token about to expire is still reused this long, so requests do not each ask again. */
const MIN_TOKEN_AGE_MS = 10_000;

export interface RefreshingBearerTokenOptions {
  cluster: string;
  authProvider: string;
  /** The token just obtained. */
  token: string;
  /** Asks the cluster's auth strategy for a token again. */
  renew: () => Promise<string>;
}

/**
 * The bearer token a run's requests present, asked for again once it is
 * older than `MAX_TOKEN_AGE_MS` or near its JWT `exp`: strategies such as
 * `aws`, `azure`, `googleServiceAccount` and `oidc` token files hand out
 * tokens that expire during a long run. Requests within that time reuse it;
 * concurrent ones share one renewal, and a failed renewal is tried again by
 * the next request.
 */
export class RefreshingBearerToken implements Authenticator {
  private token: string;
  private renewAt: number;
  private renewing?: Promise<string>;

  constructor(private readonly options: RefreshingBearerTokenOptions) {
    this.token = options.token;
    this.renewAt = renewalTime(options.token, Date.now());
  }

  /** The kubeconfig user that presents this token. */
  user(name: string): User {
    return { name, authProvider: { name: REFRESHING_BEARER_TOKEN } };
  }

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === REFRESHING_BEARER_TOKEN;
  }

  async applyAuthentication(_user: User, opts: RequestOptions): Promise<void> {
    const token = await this.current();
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  }

  /** The token to present now. */
  current(): Promise<string> {
    if (Date.now() < this.renewAt) return Promise.resolve(this.token);
    this.renewing ??= this.renew().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renew(): Promise<string> {
    const { cluster, authProvider } = this.options;
    let token: string;
    try {
      token = await this.options.renew();
    } catch (e) {
      throw new NotAllowedError(
        `Cluster "${cluster}": the bearer token from auth provider "${authProvider}" could not be renewed for the run under way: ${describeError(
          e,
        )}`,
      );
    }
    this.token = token;
    this.renewAt = renewalTime(token, Date.now());
    return token;
  }
}

/** When a token obtained at `now` is to be replaced. */
function renewalTime(token: string, now: number): number {
  const expires = jwtExpiry(token);
  const byExpiry =
    expires === undefined ? Infinity : expires - EXPIRY_MARGIN_MS - now;
  return now + Math.max(MIN_TOKEN_AGE_MS, Math.min(MAX_TOKEN_AGE_MS, byExpiry));
}

/** A JWT's `exp` in milliseconds; undefined for opaque tokens (EKS, Google). */
function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
