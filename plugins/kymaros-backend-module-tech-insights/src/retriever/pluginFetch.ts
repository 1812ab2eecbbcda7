import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ForwardedError, ResponseError } from '@backstage/errors';

/**
 * GET a JSON document from another backend plugin with this plugin's own
 * service credentials, found through discovery. A response other than 2xx
 * is thrown with the status and the server's message.
 */
export async function getPluginJson<T>(
  services: { discovery: DiscoveryService; auth: AuthService },
  pluginId: string,
  path: string,
): Promise<T> {
  const { discovery, auth } = services;
  const baseUrl = await discovery.getBaseUrl(pluginId);
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: pluginId,
  });
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    const error = await ResponseError.fromResponse(response);
    throw new ForwardedError(
      `GET /api/${pluginId}${path.split('?')[0]} answered ${response.status}: ${
        error.cause.message
      }`,
      error,
    );
  }
  return (await response.json()) as T;
}
