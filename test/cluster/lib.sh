# Shared helpers for test/cluster/*.sh. Source it; do not execute it.
# shellcheck shell=bash

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$CLUSTER_DIR/versions.env"

# Where built binaries live, one directory per component and version.
CACHE="${KYMAROS_CLUSTER_CACHE:-$HOME/.cache/kymaros-cluster}"
# Where a running cluster keeps its certificates, data, logs and PID files.
STATE="${KYMAROS_CLUSTER_STATE:-${TMPDIR:-/tmp}/kymaros-cluster}"

# Loopback ports (override if they clash with something else on the machine). The etcd ones
# are not called ETCD_*: etcd reads every exported ETCD_* variable as a flag.
: "${CLUSTER_ETCD_PORT:=12379}"
: "${CLUSTER_ETCD_PEER_PORT:=12380}"
: "${APISERVER_PORT:=16443}"
: "${KCM_PORT:=10257}"
: "${SCHEDULER_PORT:=10259}"
: "${KWOK_PORT:=10250}"
: "${KWOK_NODE_NAME:=kwok-node-0}"
: "${KWOK_POD_CIDR:=10.244.0.0/24}"
: "${SERVICE_CIDR:=10.96.0.0/16}"
: "${MINIO_PORT:=19000}"
: "${MINIO_CONSOLE_PORT:=19001}"
: "${VELERO_METRICS_PORT:=18085}"
: "${VELERO_PROFILER_PORT:=16060}"
: "${VELERO_NAMESPACE:=velero}"
: "${VELERO_BUCKET:=velero}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

need() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "required command not found: $c"
  done
}

# Binary paths of each component, by pinned version.
etcd_bin() { echo "$CACHE/etcd-v$ETCD_VERSION/etcd"; }
k8s_bin() { echo "$CACHE/$1-v$K8S_VERSION/$1"; } # $1 = kube-apiserver | kube-controller-manager | kube-scheduler
kwok_bin() { echo "$CACHE/kwok-v$KWOK_VERSION/kwok"; }
kwok_stages() { echo "$CACHE/kwok-v$KWOK_VERSION/stages.yaml"; }
velero_bin() { echo "$CACHE/velero-v$VELERO_VERSION/velero"; }
# Velero's --plugin-dir: only plugin executables may live there (it warns about anything else).
velero_plugin_dir() { echo "$CACHE/velero-plugin-for-aws-v$VELERO_AWS_PLUGIN_VERSION/plugins"; }
minio_bin() { echo "$CACHE/minio-$MINIO_VERSION/minio"; }

# The version string each binary reports, or nothing when it is missing or broken.
reported_version() { # $1 = component, $2 = binary
  [[ -x "$2" ]] || return 0
  case "$1" in
    etcd) "$2" --version 2>/dev/null | sed -n 's/^etcd Version: //p' ;;
    kube-*) "$2" --version 2>/dev/null | sed -n 's/^Kubernetes v//p' ;;
    kwok) "$2" --version 2>/dev/null | sed -n 's/.*version v\{0,1\}\([0-9][^ ]*\).*/\1/p' | head -1 ;;
    velero) "$2" version --client-only 2>/dev/null | sed -n 's/^[[:space:]]*Version: v//p' ;;
    # No --version flag; build.sh writes this stamp after a complete build.
    velero-plugin-for-aws) cat "$(dirname "$(dirname "$2")")/version" 2>/dev/null || true ;;
    minio) "$2" --version 2>/dev/null | sed -n 's/.*commit-id=\([^)]*\)).*/\1/p' | head -1 ;;
  esac
}

# True when the component's binary exists and reports the expected version.
is_current() { # $1 = component, $2 = binary, $3 = expected version
  [[ "$(reported_version "$1" "$2")" == "$3" ]]
}

# Waits until a command succeeds. $1 = timeout seconds, $2 = description, rest = command.
wait_for() {
  local timeout=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
  log "ready: $what"
}
