import {
  EXPIRY_MARGIN_MS,
  MAX_TOKEN_AGE_MS,
  RefreshingBearerToken,
} from './RefreshingBearerToken';

/** Date.now moved forward by the test. */
function movedClock() {
  const realNow = Date.now;
  let offset = 0;
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
  return {
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

/** A strategy double handing out `token-1`, `token-2`, … */
function countingRenewal(tokenAt: (n: number) => string = n => `token-${n}`) {
  let calls = 1;
  return {
    renew: jest.fn(async () => tokenAt(++calls)),
    calls: () => calls - 1,
  };
}

function jwt(claims: object): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

const token = (renew: () => Promise<string>, first = 'token-1') =>
  new RefreshingBearerToken({
    cluster: 'eks',
    authProvider: 'aws',
    token: first,
    renew,
  });

describe('RefreshingBearerToken', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reuses the token until it is MAX_TOKEN_AGE_MS old, then asks the strategy again once', async () => {
    const clock = movedClock();
    const strategy = countingRenewal();
    const bearer = token(strategy.renew);
    clock.advance(MAX_TOKEN_AGE_MS - 1000);
    for (let i = 0; i < 5; i++)
      await expect(bearer.current()).resolves.toBe('token-1');
    expect(strategy.calls()).toBe(0);
    clock.advance(2000);
    await expect(bearer.current()).resolves.toBe('token-2');
    await expect(bearer.current()).resolves.toBe('token-2');
    expect(strategy.calls()).toBe(1);
  });

  it('renews a JWT a margin before its exp when that comes first', async () => {
    const clock = movedClock();
    const expiresInMs = 3 * 60_000;
    const first = jwt({ exp: Math.floor((Date.now() + expiresInMs) / 1000) });
    const strategy = countingRenewal();
    const bearer = token(strategy.renew, first);
    clock.advance(expiresInMs - EXPIRY_MARGIN_MS - 2000);
    await expect(bearer.current()).resolves.toBe(first);
    clock.advance(2000);
    await expect(bearer.current()).resolves.toBe('token-2');
  });

  it('does not ask again per request for a token already near its exp', async () => {
    const clock = movedClock();
    const expired = jwt({ exp: Math.floor(Date.now() / 1000) - 60 });
    const strategy = countingRenewal(() => expired);
    const bearer = token(strategy.renew, expired);
    await bearer.current();
    await bearer.current();
    expect(strategy.calls()).toBe(0);
    clock.advance(MAX_TOKEN_AGE_MS);
    await Promise.all([bearer.current(), bearer.current(), bearer.current()]);
    expect(strategy.calls()).toBe(1);
  });

  it('names the cluster and auth provider when renewal fails, and tries again at the next request', async () => {
    const clock = movedClock();
    const renew = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('STS is unreachable'))
      .mockResolvedValueOnce('token-2');
    const bearer = token(renew);
    clock.advance(MAX_TOKEN_AGE_MS);
    await expect(bearer.current()).rejects.toThrow(
      'Cluster "eks": the bearer token from auth provider "aws" could not be renewed for the run under way: STS is unreachable',
    );
    await expect(bearer.current()).resolves.toBe('token-2');
  });

  it('presents the token as client-node asks an authenticator to', async () => {
    const bearer = token(async () => 'unused');
    const user = bearer.user('eks');
    expect(bearer.isAuthProvider(user)).toBe(true);
    expect(bearer.isAuthProvider({ name: 'eks', token: 't' })).toBe(false);
    const opts = { headers: { 'Impersonate-User': 'x' } };
    await bearer.applyAuthentication(user, opts);
    expect(opts.headers).toEqual({
      'Impersonate-User': 'x',
      Authorization: 'Bearer token-1',
    });
  });
});
