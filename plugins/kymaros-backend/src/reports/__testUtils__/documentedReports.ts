import { parse } from 'yaml';

/**
 * The two RestoreReport examples of Kymaros' documentation (a passing and a
 * failing run), which every report must match field for field.
 */
export const documentedReports: Record<'passing' | 'failing', any> = {
  passing: parse(`
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreReport
metadata:
  name: my-app-nightly-20240315-030012
  namespace: kymaros-system
  labels:
    kymaros.io/test: my-app-nightly
spec:
  testRef: my-app-nightly
status:
  score: 96
  result: pass
  startedAt: "2024-03-15T03:00:12Z"
  completedAt: "2024-03-15T03:11:47Z"
  rto:
    measured: "11m35s"
    target: "30m"
    withinSLA: true
  backup:
    name: my-app-20240314-230000
    age: "4h0m12s"
    size: "2.3 GiB"
  checks:
  - name: api-http-ready
    status: pass
    duration: "8s"
    message: "HTTP 200 received from /healthz"
  - name: worker-pod-running
    status: pass
    duration: "12s"
    message: "3/3 pods ready"
  completeness:
    deployments: "3/3"
    services: "5/5"
    secrets: "4/4"
    configMaps: "2/2"
    pvcs: "1/1"
    customResources: "0/0"
  validationLevels:
    restoreIntegrity:
      status: pass
      detail: "Velero restore completed without errors"
      tested:
      - my-app-20240314-230000
      notTested: []
    completeness:
      status: pass
      detail: "All expected resources found in sandbox"
      tested:
      - Deployment/api
      - Deployment/worker
      - Deployment/scheduler
      notTested: []
    podStartup:
      status: pass
      detail: "All pods reached Ready state within 4m30s"
      tested:
      - api
      - worker
      - scheduler
      notTested: []
    internalHealth:
      status: pass
      detail: "2/2 health checks passed"
      tested:
      - api-http-ready
      - worker-pod-running
      notTested: []
    crossNamespaceDeps:
      status: pass
      detail: "No cross-namespace dependencies declared"
      tested: []
      notTested: []
    rtoCompliance:
      status: pass
      detail: "11m35s measured against 30m target"
      tested:
      - sla.maxRTO
      notTested: []
`),
  failing: parse(`
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreReport
metadata:
  name: orders-db-validation-20240316-030008
  namespace: kymaros-system
  labels:
    kymaros.io/test: orders-db-validation
spec:
  testRef: orders-db-validation
status:
  score: 42
  result: fail
  startedAt: "2024-03-16T03:00:08Z"
  completedAt: "2024-03-16T03:18:33Z"
  rto:
    measured: "18m25s"
    target: "15m"
    withinSLA: false
  backup:
    name: orders-daily-20240315-220000
    age: "5h0m8s"
    size: "8.7 GiB"
  checks:
  - name: postgres-pod-ready
    status: fail
    duration: "5m0s"
    message: "Pod orders-postgres-0 did not reach Ready state within timeout: CrashLoopBackOff — OOMKilled"
  - name: api-http-ready
    status: skip
    duration: "0s"
    message: "Skipped: postgres-pod-ready failed, downstream checks aborted"
  - name: worker-pod-running
    status: skip
    duration: "0s"
    message: "Skipped: postgres-pod-ready failed, downstream checks aborted"
  completeness:
    deployments: "3/3"
    services: "5/5"
    secrets: "4/4"
    configMaps: "2/2"
    pvcs: "1/1"
    customResources: "2/2"
  validationLevels:
    restoreIntegrity:
      status: pass
      detail: "Velero restore completed without errors"
      tested:
      - orders-daily-20240315-220000
      notTested: []
    completeness:
      status: pass
      detail: "All expected resources found in sandbox"
      tested:
      - Deployment/api
      - Deployment/worker
      - StatefulSet/orders-postgres
      notTested: []
    podStartup:
      status: fail
      detail: "Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled"
      tested:
      - api
      - worker
      notTested:
      - orders-postgres-0
    internalHealth:
      status: fail
      detail: "1/3 checks passed, 2 skipped due to upstream failure"
      tested:
      - postgres-pod-ready
      notTested:
      - api-http-ready
      - worker-pod-running
    crossNamespaceDeps:
      status: skip
      detail: "Skipped: pod startup did not complete"
      tested: []
      notTested:
      - shared-redis.platform-infra
    rtoCompliance:
      status: fail
      detail: "18m25s measured against 15m target — exceeded by 3m25s"
      tested:
      - sla.maxRTO
      notTested: []
`),
};
