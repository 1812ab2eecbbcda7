import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import kymarosPlugin from '@kymaros/plugin-kymaros/alpha';
import { catalogModule } from './modules/catalog';
import { navModule } from './modules/nav';
import { routesModule } from './modules/routes';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    // the signals API: Kymaros pages update as runs change
    signalsPlugin,
    // the inbox: owners hear of their restore tests' failures and recoveries
    notificationsPlugin,
    userSettingsPlugin,
    kymarosPlugin,
    // the catalog table with a Restore column
    catalogModule,
    navModule,
    signInModule,
    routesModule,
  ],
});
