import { resolve } from 'node:path';

/** The demo scenario shipped with the package: the services of the portal's demo catalog. */
export const demoScenarioPath = resolve(__dirname, '..', 'scenarios', 'demo.yaml');
