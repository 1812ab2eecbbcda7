import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { GuestSignInPage } from './GuestSignInPage';

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [GuestSignInPage],
});
