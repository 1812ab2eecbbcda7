/*
 * Kymaros for Backstage: development backend (new backend system).
 */

import { createBackend } from '@backstage/backend-defaults';
import { permissionPolicyModule } from './permissionPolicyModule';
import { kubeSimulatorServiceFactory } from './simulator';

const backend = createBackend();

// Embedded Kubernetes + Velero simulator (kymaros.simulator.enabled). A root
// service, so it is started before any plugin initialises and stopped on shutdown.
backend.add(kubeSimulatorServiceFactory);

// serves the bundled frontend (packages/app) in production builds
backend.add(import('@backstage/plugin-app-backend'));

// auth plugin, with the guest provider for local development
// See https://backstage.io/docs/auth/guest/provider
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));

// permission plugin, with the demo policy: an entity's owners may run its
// restore tests, everyone signed in may read, everything else is allowed
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionPolicyModule);

// signals: pushes events to open pages (Kymaros pages reload when a run
// starts, steps or ends; without it they poll only while a run is going)
backend.add(import('@backstage/plugin-signals-backend'));

// notifications: the owners of a restore test hear of its failures,
// regressions and recoveries in their inbox (kymaros.notifications.owners)
backend.add(import('@backstage/plugin-notifications-backend'));

// Kymaros: scheduled restore tests of the catalog's services (/api/kymaros)
backend.add(import('@kymaros/plugin-kymaros-backend'));

// MCP actions: serves the actions of backend.actions.pluginSources (Kymaros'
// get-restore-confidence, list-restore-tests, run-restore-test) as MCP tools
// at /api/mcp-actions/v1; see docs/actions.md for connecting a client
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Tech Insights scorecards: Kymaros restore facts per entity and the default
// checks (techInsights in app-config), shown by the entity page's scorecard
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(import('@kymaros/plugin-kymaros-backend-module-tech-insights'));

// Kasten K10: tests with provider kasten restore its restore points into sandboxes
backend.add(import('@kymaros/plugin-kymaros-backend-module-kasten'));

// KubeStash: tests with provider kubestash restore its Snapshots into sandboxes
backend.add(import('@kymaros/plugin-kymaros-backend-module-kubestash'));

backend.start().catch(error => {
  // Without this a failed start (e.g. the simulator's port is taken) leaves a
  // half-started backend that answers 404 to everything.
  console.error('Backend failed to start:', error);
  process.exit(1);
});
