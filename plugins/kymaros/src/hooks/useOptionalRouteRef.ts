import { useRouteRef, type RouteRef } from '@backstage/core-plugin-api';

/**
 * The URL of a route that the app may not have mounted (the card can sit on a
 * page whose entity layout has no "Restore" tab): undefined instead of a throw.
 */
export function useOptionalRouteRef(routeRef: RouteRef): string | undefined {
  try {
    // useRouteRef runs all its hooks before it throws for an unmounted route.
    return useRouteRef(routeRef)();
  } catch {
    return undefined;
  }
}
