/**
 * A loopback Kubernetes API server and Velero double that real Kubernetes
 * clients use unchanged, for the portal demo and for tests.
 *
 * @packageDocumentation
 */
export { startSimulator, defaultTimings } from './Simulator';
export type { SimulatorOptions, RunningSimulator } from './Simulator';
export type { SimulatorTimings } from './context';
export { demoScenarioPath } from './paths';
export { buildKubeconfig } from './kubeconfig';
export { behaviourAnnotations } from './scenario/behaviours';
export type { Scenario, ScenarioInput } from './scenario/schema';
export { parseScenario, loadScenarioFile } from './scenario/loadScenario';
export type { FaultRule } from './faults/FaultInjector';
export { parseDuration } from './scenario/duration';
