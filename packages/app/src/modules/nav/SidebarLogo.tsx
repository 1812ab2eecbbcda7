import { makeStyles, Typography } from '@material-ui/core';
import RestoreIcon from '@material-ui/icons/SettingsBackupRestore';
import {
  Link,
  sidebarConfig,
  useSidebarOpenState,
} from '@backstage/core-components';

const useSidebarLogoStyles = makeStyles({
  root: {
    width: sidebarConfig.drawerWidthClosed,
    height: 3 * sidebarConfig.logoHeight,
    display: 'flex',
    flexFlow: 'row nowrap',
    alignItems: 'center',
    marginBottom: -14,
  },
  link: {
    width: sidebarConfig.drawerWidthClosed,
    marginLeft: 24,
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    color: '#7df3e1',
    whiteSpace: 'nowrap',
  },
  logoText: {
    fontWeight: 700,
    color: 'inherit',
  },
});

/** Text logo: no binary assets needed. */
export const SidebarLogo = () => {
  const classes = useSidebarLogoStyles();
  const { isOpen } = useSidebarOpenState();

  return (
    <div className={classes.root}>
      <Link to="/" underline="none" className={classes.link} aria-label="Home">
        <RestoreIcon />
        {isOpen && (
          <Typography variant="h6" className={classes.logoText}>
            Kymaros
          </Typography>
        )}
      </Link>
    </div>
  );
};
