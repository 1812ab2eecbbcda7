import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { demoScenarioPath, loadScenarioFile } from '@kymaros/kube-simulator';
import { CatalogTestSource } from '../../definitions/CatalogTestSource';
import type { DefinitionContext } from '../../definitions/buildDefinitions';

const examples = path.resolve(__dirname, '../../../../../examples');

/**
 * The demo catalog's components (all, or those named) as the catalog
 * serves them, located in the examples folder so their files resolve.
 */
export function demoEntities(names?: string[]): Entity[] {
  const file = path.join(examples, 'entities.yaml');
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map(d => d.toJS() as Entity)
    .filter(e => e?.kind === 'Component')
    .filter(e => !names || names.includes(e.metadata.name))
    .map(e => ({
      ...e,
      metadata: {
        ...e.metadata,
        namespace: 'default',
        annotations: {
          ...e.metadata.annotations,
          'backstage.io/managed-by-location': `file:${file}`,
          'backstage.io/managed-by-origin-location': `file:${file}`,
        },
      },
    }));
}

/** The demo scenario with its restores, pods and Jobs made quick for a test. */
export function fastDemoScenario() {
  const scenario = loadScenarioFile(demoScenarioPath);
  for (const b of scenario.backups)
    delete b.annotations?.['sim.kymaros.io/restore-duration'];
  const timings = {
    podStartMs: 200,
    jobRunMs: 200,
    namespaceTerminationMs: 200,
    veleroStepMs: 100,
  };
  return { scenario: { ...scenario, timings } as any, timings };
}

/** A catalog source serving these entities, as the plugin reads the catalog. */
export function catalogSource(
  entities: Entity[],
  context: DefinitionContext,
  logger: LoggerService = mockServices.logger.mock(),
): CatalogTestSource {
  return new CatalogTestSource({
    catalog: {
      async *streamEntities() {
        yield entities;
      },
    } as any,
    auth: mockServices.auth(),
    urlReader: {} as any,
    logger,
    context: () => context,
  });
}
