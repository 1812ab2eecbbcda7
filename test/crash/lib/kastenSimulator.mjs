/**
 * The suite's simulator as the Kasten case sees it: a run's restore objects are its RestoreActions
 * (`actions.kio.kasten.io`), which live in the run's sandboxes, instead of Velero Restores.
 * Everything else is the simulator's own.
 */
const ACTIONS = {
  group: 'actions.kio.kasten.io',
  version: 'v1alpha1',
  plural: 'restoreactions',
};
const MANAGED = 'kymaros.io/managed-by=kymaros-backstage';

export function kastenView(sim) {
  const actions = async () =>
    (await sim.custom.listClusterCustomObject(ACTIONS)).items;
  return {
    kubeconfigPath: sim.kubeconfigPath,
    addFault: rule => sim.addFault(rule),
    clearFaults: () => sim.clearFaults(),
    namespaceExists: name => sim.namespaceExists(name),
    /** A run's sandboxes (labelled or known) and its RestoreActions (`<namespace>/<name>`), wherever they are. */
    async runObjects(runId, knownSandboxes = []) {
      const labelled = await sim.core.listNamespace({
        labelSelector: `kymaros.io/run=${runId}`,
      });
      const names = new Set(labelled.items.map(ns => ns.metadata.name));
      for (const name of knownSandboxes)
        if (await sim.namespaceExists(name)) names.add(name);
      return {
        sandboxes: [...names].sort(),
        restores: (await actions())
          .filter(
            a =>
              a.metadata.name === `kymaros-${runId}` ||
              a.metadata.labels?.['kymaros.io/run'] === runId,
          )
          .map(a => `${a.metadata.namespace}/${a.metadata.name}`),
      };
    },
    /** Every managed sandbox and every RestoreAction, whichever run made it. */
    async managedObjects() {
      const namespaces = await sim.core.listNamespace({
        labelSelector: MANAGED,
      });
      return {
        sandboxes: namespaces.items.map(ns => ns.metadata.name),
        restores: (await actions()).map(
          a => `${a.metadata.namespace}/${a.metadata.name}`,
        ),
      };
    },
    stop: () => sim.stop(),
  };
}
