import { KubeConfig } from '@kubernetes/client-node';
import type { WriteGuard } from './WriteGuard';

/**
 * A KubeConfig whose API clients pass every request through the write guard.
 * client-node calls `applySecurityAuthentication` for each request made by a
 * generated API client, with the method, URL and body, so this is the one
 * place all of them go through.
 */
export function guardedKubeConfig(
  base: KubeConfig,
  guard: WriteGuard,
): KubeConfig {
  class GuardedKubeConfig extends KubeConfig {
    override async applySecurityAuthentication(context: any): Promise<void> {
      const url = new URL(context.getUrl());
      let body: unknown;
      try {
        const raw = context.getBody?.();
        body = typeof raw === 'string' && raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      guard.assert(String(context.getHttpMethod()), url.pathname, body);
      await super.applySecurityAuthentication(context);
    }
  }
  const kc = new GuardedKubeConfig();
  kc.loadFromOptions({
    clusters: base.getClusters(),
    users: base.getUsers(),
    contexts: base.getContexts(),
    currentContext: base.getCurrentContext(),
  });
  return kc;
}
