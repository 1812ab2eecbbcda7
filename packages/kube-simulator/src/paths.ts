import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The demo scenario shipped with the package: the services of the portal's demo catalog. */
export const demoScenarioPath = resolvePackagePath(
  '@kymaros/kube-simulator',
  'scenarios/demo.yaml',
);
