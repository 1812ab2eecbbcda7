import {
  ResourceRegistry,
  builtInResources,
  veleroResources,
} from '../api/resources';
import { systemClock } from '../clock';
import { kinds } from '../controllers/kinds';
import { defaultTimings } from '../Simulator';
import { parseScenario } from '../scenario/loadScenario';
import { createContext } from './createContext';
import { seedObjects } from './seedObjects';

function context() {
  return createContext({
    registry: new ResourceRegistry([...builtInResources, ...veleroResources]),
    scenario: parseScenario({}),
    clock: systemClock,
    timings: defaultTimings,
    log: () => {},
  }).ctx;
}

describe('seedObjects', () => {
  it('creates a missing namespace before the objects in it', () => {
    const ctx = context();
    seedObjects(ctx, [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'shop' },
      },
    ]);
    const k = kinds(ctx.registry);
    expect(ctx.store.get(k.namespaces, undefined, 'shop')).toBeDefined();
    expect(ctx.store.get(k.configmaps, 'shop', 'settings')).toBeDefined();
  });

  it('names the object of an unknown kind', () => {
    expect(() =>
      seedObjects(context(), [
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        },
      ]),
    ).toThrow(
      'Scenario object Widget w: unknown kind example.com/v1/Widget (declare its CustomResourceDefinition first)',
    );
  });

  it('names the object the store refuses, with the reason', () => {
    const ctx = context();
    const settings = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
    };
    seedObjects(ctx, [settings]);
    expect(() => seedObjects(ctx, [settings])).toThrow(
      /^Scenario object ConfigMap shop\/settings: .*already exists/,
    );
  });
});
