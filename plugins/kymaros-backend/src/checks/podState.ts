// Pod state lives in kube/podState; this keeps the importers outside checks/ building until they import it from there.
export { isPodReady, labelSelectorString } from '../kube/podState';
