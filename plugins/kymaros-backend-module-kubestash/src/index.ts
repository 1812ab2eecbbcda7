/**
 * KubeStash restores for Kymaros: Snapshots restored into sandbox
 * namespaces through RestoreSessions.
 *
 * @packageDocumentation
 */

export { kymarosModuleKubeStash as default } from './module';
export {
  createKubeStashProviderFactory,
  KUBESTASH_PROVIDER_NAME,
} from './kubeStashProviderFactory';
