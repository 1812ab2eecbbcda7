import {
  createKymarosCatalogColumn,
  EntityKymarosCard,
  EntityKymarosCoverageCard,
  EntityKymarosGroupCard,
  EntityKymarosScorecardCard,
  isKymarosCoverageGap,
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
    expect(EntityKymarosCoverageCard).toBeDefined();
    expect(EntityKymarosGroupCard).toBeDefined();
    expect(EntityKymarosScorecardCard).toBeDefined();
    expect(isKymarosCoverageGap).toBeInstanceOf(Function);
    expect(createKymarosCatalogColumn().title).toBe('Restore');
  });
});
