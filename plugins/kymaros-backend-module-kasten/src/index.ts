/**
 * Kasten K10 restores for Kymaros: restore points into sandbox namespaces
 * through RestoreActions.
 *
 * @packageDocumentation
 */

export { kymarosModuleKasten as default } from './module';
export {
  createKastenProviderFactory,
  KASTEN_PROVIDER_NAME,
} from './kastenProviderFactory';
