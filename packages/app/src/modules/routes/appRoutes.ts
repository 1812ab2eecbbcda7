import appPlugin from '@backstage/plugin-app';

/** The portal opens on the catalog: `/` redirects there unless config says otherwise. */
export const appRoutes = appPlugin.getExtension('app/routes').override({
  factory: (originalFactory, { config }) =>
    originalFactory({
      config: {
        redirects: config.redirects ?? [{ from: '/', to: '/catalog' }],
      },
    }),
});
