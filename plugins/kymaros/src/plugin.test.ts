import {
  EntityKymarosCard,
  EntityKymarosContent,
  isKymarosAvailable,
  KymarosPage,
  kymarosPlugin,
} from './index';

describe('kymaros plugin', () => {
  it('exports the plugin and its extensions', () => {
    expect(kymarosPlugin.getId()).toBe('kymaros');
    expect(kymarosPlugin.routes.root).toBeDefined();
    expect(EntityKymarosContent).toBeDefined();
    expect(EntityKymarosCard).toBeDefined();
    expect(KymarosPage).toBeDefined();
    expect(isKymarosAvailable).toBeInstanceOf(Function);
  });
});
