#!/usr/bin/env bash
# Stops every process start.sh started (by the PIDs it recorded) and removes
# the state directory (certificates, etcd data, logs, kubeconfig). Safe to run at any time.
#
# Usage: test/cluster/stop.sh
#   KYMAROS_CLUSTER_KEEP_LOGS=<dir>  copy the component logs there before removing $STATE
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIDS="$STATE/pids"
# Stopped in tiers, each tier in parallel: clients of the API server, then the API server,
# then etcd.
TIERS=("pod-agent velero minio kwok kube-scheduler kube-controller-manager" "kube-apiserver" "etcd")

if [[ ! -d "$STATE" ]]; then
  log "nothing to stop ($STATE does not exist)"
  exit 0
fi

# Refuse to delete a directory start.sh did not create (KYMAROS_CLUSTER_STATE may be mistyped).
[[ -f "$STATE/.kymaros-cluster" ]] ||
  die "$STATE has no .kymaros-cluster marker, so it was not made by start.sh; not touching it"

# Only signal a PID that still runs the binary we started (PIDs can be reused).
ours() { # $1 = pid, $2 = component
  local exe want=$2
  [[ "$want" == pod-agent ]] && want=node
  exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  [[ "$(basename "${exe% (deleted)}")" == "$want" ]]
}

# start.sh runs every component with setsid, so its PID is also its process group, which
# holds the helpers it spawns (Velero's plugin processes, kwok's local exec commands).
group_alive() { kill -0 -- "-$1" 2>/dev/null; }

stopped=0
for tier in "${TIERS[@]}"; do
  declare -A pids=()
  for c in $tier; do
    f="$PIDS/$c.pid"
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    if ours "$pid" "$c"; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      pids[$c]=$pid
    fi
    rm -f "$f"
  done
  for _ in $(seq 1 100); do # up to 10 s for the whole tier
    left=0
    for c in "${!pids[@]}"; do
      if group_alive "${pids[$c]}"; then left=1; fi
    done
    ((left)) || break
    sleep 0.1
  done
  for c in "${!pids[@]}"; do
    if group_alive "${pids[$c]}"; then
      log "$c (process group ${pids[$c]}) ignored SIGTERM for 10 s; sending SIGKILL"
      kill -KILL -- "-${pids[$c]}" 2>/dev/null || true
    fi
    log "stopped $c (pid ${pids[$c]})"
    stopped=$((stopped + 1))
  done
  unset pids
done

# velero server always creates /tmp/credentials/<namespace> (a fixed path in Velero) for
# Secret-backed credentials; this setup uses none, so it stays empty: remove it if it is.
rmdir "/tmp/credentials/$VELERO_NAMESPACE" /tmp/credentials 2>/dev/null || true

if [[ -n "${KYMAROS_CLUSTER_KEEP_LOGS:-}" && -d "$STATE/logs" ]]; then
  mkdir -p "$KYMAROS_CLUSTER_KEEP_LOGS"
  cp -a "$STATE/logs/." "$KYMAROS_CLUSTER_KEEP_LOGS/"
  log "logs copied to $KYMAROS_CLUSTER_KEEP_LOGS"
fi
rm -rf "$STATE"
log "stopped $stopped process(es); removed $STATE"
