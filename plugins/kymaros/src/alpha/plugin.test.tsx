import plugin, {
  kymarosApi,
  kymarosEntityCard,
  kymarosEntityContent,
  kymarosPage,
} from '../alpha';

describe('kymaros alpha plugin', () => {
  it('is a new-frontend-system plugin with the api, tab, card and page', () => {
    expect(plugin.pluginId).toBe('kymaros');
    expect(plugin.$$type).toBe('@backstage/FrontendPlugin');
    for (const extension of [
      kymarosApi,
      kymarosEntityContent,
      kymarosEntityCard,
      kymarosPage,
    ]) {
      expect(extension.$$type).toBe('@backstage/ExtensionDefinition');
    }
  });
});
