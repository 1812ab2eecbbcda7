// Raw API requests live in kube/kubeRequest; this keeps the importers outside checks/ building until they import it from there.
export { kubeGet } from '../kube/kubeRequest';
