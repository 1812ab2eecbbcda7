import type { DefinitionContext } from '../../definitions/buildDefinitions';
import { parseKymarosFile } from '../../definitions/parseKymarosFile';
import { testsFromFiles } from '../../definitions/fileTests';
import type { KymarosStore } from '../../store/KymarosStore';

/**
 * The one restore test a `kymaros.yaml` written for the component `name`
 * defines, stored as the catalog would store it; a file the engine refuses
 * fails the test that wrote it.
 */
export async function storeFileTest(
  engine: { store: KymarosStore; definitionContext: DefinitionContext },
  name: string,
  file: string,
) {
  const [test] = testsFromFiles(
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default' },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    },
    [parseKymarosFile(file, `${name}.yaml`)],
    engine.definitionContext,
    [],
  );
  if (test.error) throw new Error(test.error);
  await engine.store.upsertTests([test]);
  return test;
}
