import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { appRoutes } from './appRoutes';

export const routesModule = createFrontendModule({
  pluginId: 'app',
  extensions: [appRoutes],
});
