#!/usr/bin/env bash
# Builds (or reuses) the pinned binaries, starts the real control plane, runs the kube-simulator
# contract suite and the engine's end-to-end suite against it, and always tears the cluster
# down. The body of `npm run test:cluster`.
#
# Usage: test/cluster/run.sh [contract|engine|fidelity]   (default: contract and engine;
#   engine holds every *.test.cluster.ts, fidelity only sandboxFidelity.test.cluster.ts)
#   KYMAROS_CLUSTER_SKIP_BUILD=1   only check the binaries, never build
#   KYMAROS_CLUSTER_NETNS=auto|1|0 run the cluster and the tests in a private network namespace
#                                  (default auto: when `unshare -n` or, without root, `unshare -r -n` works). Inside it the kwok pod
#                                  CIDR is local (on lo), so the API server's service/pod proxy
#                                  reaches pod IPs on this machine instead of the default route,
#                                  and the cluster's ports cannot clash with the host's.
#   KYMAROS_CLUSTER_LOGS=<dir>     keep the component logs there after teardown
#                                  (default: test/cluster/.logs, git-ignored)
#   KYMAROS_CLUSTER_VELERO=0       leave out Velero + MinIO (not built, not started)
#   KYMAROS_CLUSTER_EXEC=local|""  pod exec runs commands locally (default local; see start.sh)
# Exit status: 0 when every suite that ran passed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REPO="$(cd "$CLUSTER_DIR/../.." && pwd)"
T0=$SECONDS

if [[ -z "${KYMAROS_CLUSTER_IN_NETNS:-}" ]]; then
  if [[ "${KYMAROS_CLUSTER_SKIP_BUILD:-0}" != 1 ]]; then
    if [[ "${KYMAROS_CLUSTER_VELERO:-auto}" == 0 ]]; then
      "$CLUSTER_DIR/build.sh" core
    else
      "$CLUSTER_DIR/build.sh" all
    fi
  fi
  log "build step: $((SECONDS - T0)) s"
  # Separate from start.sh's default, so a run never stops a cluster someone started by hand.
  export KYMAROS_CLUSTER_STATE="${KYMAROS_CLUSTER_STATE:-${TMPDIR:-/tmp}/kymaros-cluster-run}"
  case "${KYMAROS_CLUSTER_NETNS:-auto}" in
    0) ;;
    1 | auto)
      if unshare -n true 2>/dev/null; then
        log "re-running inside a private network namespace (unshare -n)"
        exec unshare -n env KYMAROS_CLUSTER_IN_NETNS=1 "$0" "$@"
      fi
      # Without root: a user namespace of our own may create the network namespace.
      if unshare -r -n true 2>/dev/null; then
        log "re-running inside a private network namespace (unshare -r -n)"
        exec unshare -r -n env KYMAROS_CLUSTER_IN_NETNS=1 "$0" "$@"
      fi
      [[ "${KYMAROS_CLUSTER_NETNS:-auto}" == auto ]] || die "KYMAROS_CLUSTER_NETNS=1 but neither 'unshare -n' nor 'unshare -r -n' is permitted here"
      log "no network namespace allowed (unshare -n, unshare -r -n); running on the host's loopback without the pod agent, so tests of HTTP, port-forward and logs on pods will fail"
      ;;
    *) die "KYMAROS_CLUSTER_NETNS must be auto, 1 or 0" ;;
  esac
else
  ip link set lo up
  # The whole pod CIDR becomes local; .254 is the highest address kwok hands out last.
  ip addr add "${KWOK_POD_CIDR%.*/*}.254/${KWOK_POD_CIDR#*/}" dev lo
fi

cleanup() {
  KYMAROS_CLUSTER_KEEP_LOGS="${KYMAROS_CLUSTER_LOGS:-$CLUSTER_DIR/.logs}" "$CLUSTER_DIR/stop.sh" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

suites=("$@")
((${#suites[@]})) || suites=(contract engine)
for s in "${suites[@]}"; do
  [[ "$s" == contract || "$s" == engine || "$s" == fidelity ]] || die "unknown suite '$s' (contract, engine or fidelity)"
  [[ "$s" == contract || "${KYMAROS_CLUSTER_VELERO:-auto}" != 0 ]] || die "the $s suite needs Velero (KYMAROS_CLUSTER_VELERO=0 was set)"
done

T1=$SECONDS
export KYMAROS_CLUSTER_EXEC="${KYMAROS_CLUSTER_EXEC-local}"
export KYMAROS_CLUSTER_CRDS="$CLUSTER_DIR/fixtures/widgets-crd.yaml"
kubeconfig=$("$CLUSTER_DIR/start.sh")
T_START=$((SECONDS - T1))

rc=0
summary="start ${T_START} s"
for s in "${suites[@]}"; do
  t=$SECONDS
  src=0
  case "$s" in
    contract)
      # Kubernetes and Velero: what this cluster runs. The Kasten and KubeStash contract suites need
      # those tools installed (closed source or licensed, not buildable here): they run against the
      # simulator in `npm test`, and against a real installation when pointed at one by hand.
      (cd "$REPO/packages/kube-simulator" &&
        KYMAROS_CONTRACT_KUBECONFIG="$kubeconfig" CI=true npx backstage-cli package test src/contract \
          --testPathIgnorePatterns '/contract/(kasten|kubestash)\.test\.ts$') || src=$?
      ;;
    engine | fidelity)
      # The suite is selected by its .test.cluster.ts suffix, so `npm test` never runs it.
      # --testMatch takes every value that follows it: the glob alone selects the files.
      match='**/*.test.cluster.ts'
      [[ "$s" == engine ]] || match='**/sandboxFidelity.test.cluster.ts'
      (cd "$REPO/plugins/kymaros-backend" &&
        KYMAROS_CLUSTER_KUBECONFIG="$kubeconfig" KYMAROS_CLUSTER_STATE="$KYMAROS_CLUSTER_STATE" \
          KYMAROS_CLUSTER_MINIO_URL="http://127.0.0.1:$MINIO_PORT" CI=true \
          npx backstage-cli package test --testMatch "$match") || src=$?
      ;;
  esac
  summary+=", $s suite $((SECONDS - t)) s (exit $src)"
  ((src == 0)) || rc=$src
done

log "$summary; total $((SECONDS - T0)) s"
exit "$rc"
