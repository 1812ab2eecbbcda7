// The legacy-frontend wiring of plugins/kymaros/README.md, applied to create-app's legacy template:
// the card on the overview, the "Restore" tab of the service, website and default entity pages,
// the /kymaros route and its sidebar item.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CARD = `
    <EntitySwitch>
      <EntitySwitch.Case if={isKymarosAvailable}>
        <Grid item md={6} xs={12}>
          <EntityKymarosCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>`;

const TAB = `
    <EntityLayout.Route path="/kymaros" title="Restore" if={isKymarosAvailable}>
      <EntityKymarosContent />
    </EntityLayout.Route>
`;

function edit(file, change) {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before)
    throw new Error(`${file}: the wiring found nothing to change`);
  writeFileSync(file, after);
}

/** Inserts `text` after the first occurrence of `anchor` at or after `from`. */
function insertAfter(source, anchor, text, from = 0) {
  const at = source.indexOf(anchor, from);
  if (at < 0) throw new Error(`anchor not found: ${anchor.trim()}`);
  const end = at + anchor.length;
  return source.slice(0, end) + text + source.slice(end);
}

function wireEntityPage(source) {
  let out = `import {\n  EntityKymarosCard,\n  EntityKymarosContent,\n  isKymarosAvailable,\n} from '@kymaros/plugin-kymaros';\n${source}`;
  out = insertAfter(
    out,
    '{entityWarningContent}',
    CARD,
    out.indexOf('const overviewContent'),
  );
  for (const page of [
    'serviceEntityPage',
    'websiteEntityPage',
    'defaultEntityPage',
  ]) {
    const from = out.indexOf(`const ${page} =`);
    if (from < 0) throw new Error(`EntityPage.tsx has no ${page}`);
    out = insertAfter(out, '</EntityLayout.Route>\n', TAB, from);
  }
  return out;
}

export function wireLegacyApp(dir) {
  const src = path.join(dir, 'packages/app/src');
  edit(path.join(src, 'components/catalog/EntityPage.tsx'), wireEntityPage);
  edit(path.join(src, 'App.tsx'), source =>
    insertAfter(
      `import { KymarosPage } from '@kymaros/plugin-kymaros';\n${source}`,
      '<FlatRoutes>',
      '\n    <Route path="/kymaros" element={<KymarosPage />} />',
    ),
  );
  edit(path.join(src, 'components/Root/Root.tsx'), source =>
    insertAfter(
      `import RestoreIcon from '@material-ui/icons/SettingsBackupRestore';\n${source}`,
      'text="Create..." />',
      '\n        <SidebarItem icon={RestoreIcon} to="kymaros" text="Restore confidence" />',
    ),
  );
}
