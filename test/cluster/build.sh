#!/usr/bin/env bash
# Builds the pinned control-plane binaries from Go modules into a cache directory:
#
#   ${KYMAROS_CLUSTER_CACHE:-$HOME/.cache/kymaros-cluster}/<component>-v<version>/<binary>
#
# A component is skipped when its binary exists and reports the pinned version, so a warm
# run costs a few `--version` calls. Versions are in versions.env (overridable from the env).
#
# Usage: test/cluster/build.sh [--force] [--prune] [component...]
#   --force  rebuild even when the binary reports the pinned version
#   --prune  afterwards delete Go's module and build caches under the cache directory
#            (about 10 GiB for everything; the binaries are about 0.65 GiB), e.g. before
#            saving the directory as a CI cache. The next version bump then starts cold.
#   components: etcd kube-apiserver kube-controller-manager kube-scheduler kwok   (default set)
#               velero velero-plugin-for-aws minio                                (stretch)
#               core (= the default set), all (= everything)
#
# Go's own caches live under the same directory ($CACHE/go/{mod,build}) so that the whole
# thing can be cached or deleted as one unit; override with KYMAROS_CLUSTER_GOMODCACHE /
# KYMAROS_CLUSTER_GOCACHE to share them with other Go work. Builds run under `nice -n 19`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CORE=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
EXTRA=(velero velero-plugin-for-aws minio)

force=0
prune=0
components=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --prune) prune=1 ;;
    core) components+=("${CORE[@]}") ;;
    all) components+=("${CORE[@]}" "${EXTRA[@]}") ;;
    etcd | kube-apiserver | kube-controller-manager | kube-scheduler | kwok | velero | velero-plugin-for-aws | minio)
      components+=("$arg") ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    *) die "unknown component '$arg' (try --help)" ;;
  esac
done
((${#components[@]})) || components=("${CORE[@]}")

need go jq flock
gover=$(GOTOOLCHAIN=local go env GOVERSION) # e.g. go1.26.8
gominor=$(sed -E 's/^go1\.([0-9]+).*/\1/' <<<"$gover")
[[ "$gominor" =~ ^[0-9]+$ ]] && ((gominor >= 26)) ||
  die "Go >= 1.26 is needed (kwok 0.8 and Kubernetes 1.36 require it); found $gover"
mkdir -p "$CACHE"
export GOMODCACHE="${KYMAROS_CLUSTER_GOMODCACHE:-$CACHE/go/mod}"
export GOCACHE="${KYMAROS_CLUSTER_GOCACHE:-$CACHE/go/build}"
export GOFLAGS="-modcacherw -buildvcs=false -trimpath"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOWORK=off
NICE=(nice -n "${KYMAROS_CLUSTER_NICE:-19}")
TIMES_LOG="$CACHE/build-times.log"

# One build at a time per cache directory; taken only once something needs building, so
# up-to-date checks never wait for another build.
locked=0
lock_cache() {
  ((locked == 0)) || return 0
  exec 9>"$CACHE/.build.lock"
  flock -n 9 || { log "another build holds $CACHE/.build.lock; waiting"; flock 9; }
  locked=1
}

# Runs a build step niced, appending wall time and peak RSS (largest single process) to
# build-times.log when GNU time is available.
measure() { # $1 = label, rest = command
  local label=$1 start=$SECONDS
  shift
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "$(date -u +%FT%TZ) $label: %e s wall, %U s user, %S s sys, max RSS %M KiB" \
      -a -o "$TIMES_LOG" "${NICE[@]}" "$@"
  else
    "${NICE[@]}" "$@"
    echo "$(date -u +%FT%TZ) $label: $((SECONDS - start)) s wall" >>"$TIMES_LOG"
  fi
  log "$label took $((SECONDS - start)) s"
}

# Prepares a wrapper module in $1 that requires $2@$3 and copies that module's non-local
# `replace` directives (they are ignored for dependencies, but the module relies on them).
# Local replaces (e.g. k8s.io/x => ./staging/src/k8s.io/x) are mapped to the published tag $4
# when given, and dropped otherwise (etcd's ../api etc.: its requires already name the
# published tags of those sibling modules).
wrapper_module() { # $1 = dir, $2 = module, $3 = version (with v), $4 = staging version or ''
  local dir=$1 mod=$2 ver=$3 staging=${4:-} gomod
  mkdir -p "$dir"
  rm -f "$dir/go.mod" "$dir/go.sum"
  (cd "$dir" && go mod init kymaros.internal/cluster-bin >/dev/null 2>&1 && go mod edit -go=1.26)
  gomod=$(cd "$dir" && "${NICE[@]}" go mod download -json "$mod@$ver" | jq -r .GoMod)
  [[ -f "$gomod" ]] || die "could not download $mod@$ver from ${GOPROXY:-the Go module proxy}"
  local -a edits=("-require=$mod@$ver")
  local old new
  while IFS=$'\t' read -r old new; do
    [[ -n "$old" ]] || continue
    case "$new" in
      ./* | ../*)
        if [[ -n "$staging" ]]; then edits+=("-replace=${old%@*}=${old%@*}@$staging"); fi ;;
      *) edits+=("-replace=$old=$new") ;;
    esac
  done < <(go mod edit -json "$gomod" |
    jq -r '.Replace // [] | .[] | [(.Old.Path + (if .Old.Version then "@" + .Old.Version else "" end)),
                                   (.New.Path + (if .New.Version then "@" + .New.Version else "" end))] | @tsv')
  (cd "$dir" && go mod edit "${edits[@]}")
  log "wrapper module $dir/go.mod: requires $mod@$ver, $((${#edits[@]} - 1)) replace line(s)"
}

# go build into a temporary name, then rename, so an interrupted build leaves no binary behind.
build_to() { # $1 = label, $2 = wrapper dir, $3 = output binary, $4 = package, $5 = ldflags
  local label=$1 dir=$2 out=$3 pkg=$4 ldflags=$5
  mkdir -p "$(dirname "$out")"
  (cd "$dir" && measure "$label" go build -ldflags "$ldflags" -o "$out.tmp" "$pkg")
  mv -f "$out.tmp" "$out"
}

skip_if_current() { # $1 = component, $2 = binary, $3 = version
  if ((force == 0)) && is_current "$1" "$2" "$3"; then
    log "$1 ${3#v} is up to date ($2)"
    return 0
  fi
  lock_cache
  # Another build may have finished it while this one waited for the lock.
  if ((force == 0)) && is_current "$1" "$2" "$3"; then
    log "$1 ${3#v} was built meanwhile ($2)"
    return 0
  fi
  return 1
}

build_etcd() {
  local bin dir
  bin=$(etcd_bin)
  skip_if_current etcd "$bin" "$ETCD_VERSION" && return 0
  log "building etcd v$ETCD_VERSION"
  dir="$CACHE/src/etcd-v$ETCD_VERSION"
  wrapper_module "$dir" go.etcd.io/etcd/server/v3 "v$ETCD_VERSION" ""
  (cd "$dir" && measure "etcd v$ETCD_VERSION: go get" go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION")
  build_to "etcd v$ETCD_VERSION: go build" "$dir" "$bin" go.etcd.io/etcd/server/v3 \
    "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=v$ETCD_VERSION"
  is_current etcd "$bin" "$ETCD_VERSION" ||
    die "built $bin but it reports '$(reported_version etcd "$bin")', expected $ETCD_VERSION"
}

# kube-apiserver, kube-controller-manager and kube-scheduler share one wrapper module whose
# staging replaces are generated from the published k8s.io/kubernetes go.mod.
k8s_wrapper_ready=0
build_k8s() { # $1 = kube-apiserver | kube-controller-manager | kube-scheduler
  local c=$1 bin dir minor ldf
  bin=$(k8s_bin "$c")
  skip_if_current "$c" "$bin" "$K8S_VERSION" && return 0
  log "building $c v$K8S_VERSION"
  dir="$CACHE/src/kubernetes-v$K8S_VERSION"
  if ((k8s_wrapper_ready == 0)); then
    wrapper_module "$dir" k8s.io/kubernetes "v$K8S_VERSION" "v0.${K8S_VERSION#1.}"
    (cd "$dir" && measure "kubernetes v$K8S_VERSION: go get" go get \
      "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION" \
      "k8s.io/kubernetes/cmd/kube-controller-manager@v$K8S_VERSION" \
      "k8s.io/kubernetes/cmd/kube-scheduler@v$K8S_VERSION")
    k8s_wrapper_ready=1
  fi
  minor=$(cut -d. -f2 <<<"$K8S_VERSION")
  ldf="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    # The module proxy gives no commit for the tag; an empty gitCommit beats "$Format:%H$".
    ldf+=" -X $p.gitTreeState=clean -X $p.gitCommit= -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  build_to "$c v$K8S_VERSION: go build" "$dir" "$bin" "k8s.io/kubernetes/cmd/$c" "$ldf"
  is_current "$c" "$bin" "$K8S_VERSION" ||
    die "built $bin but it reports '$(reported_version "$c" "$bin")', expected $K8S_VERSION"
}

build_kwok() {
  local bin dir src
  bin=$(kwok_bin)
  if ! skip_if_current kwok "$bin" "$KWOK_VERSION"; then
    log "building kwok v$KWOK_VERSION"
    dir="$CACHE/src/kwok-v$KWOK_VERSION"
    wrapper_module "$dir" sigs.k8s.io/kwok "v$KWOK_VERSION" ""
    (cd "$dir" && measure "kwok v$KWOK_VERSION: go get" go get "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION")
    build_to "kwok v$KWOK_VERSION: go build" "$dir" "$bin" sigs.k8s.io/kwok/cmd/kwok \
      "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=v$KWOK_VERSION"
    is_current kwok "$bin" "$KWOK_VERSION" ||
      die "built $bin but it reports '$(reported_version kwok "$bin")', expected $KWOK_VERSION"
  fi
  # Stages: kwok run directly (not through kwokctl) needs them in --config. Take the "fast"
  # node stages, the lease heartbeat and the "fast" volume stages (a fake provisioner for the
  # kwok-volume StorageClass, which start.sh creates as the default class) from the same module
  # version; pod stages are ours (test/cluster/kwok/pod-stages.yaml). Also keep the CRDs of the
  # per-pod Logs and PortForward rules the pod agent writes. Regenerated when missing or when
  # this list changes.
  local crds="kwok.x-k8s.io_logs.yaml kwok.x-k8s.io_portforwards.yaml"
  local stages="node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
    volume/fast/pvc-provision.yaml volume/fast/pv-bind.yaml volume/fast/pvc-delete.yaml
    volume/fast/pv-delete.yaml" header f
  header="# Generated by test/cluster/build.sh from sigs.k8s.io/kwok@v$KWOK_VERSION kustomize/stage: $(echo $stages) crd: $crds"
  if ((force == 0)) && [[ "$(head -1 "$(kwok_stages)" 2>/dev/null)" == "$header" ]] &&
    [[ -s "$(dirname "$(kwok_stages)")/storage-class.yaml" && -d "$(dirname "$(kwok_stages)")/crds" ]]; then
    return 0
  fi
  lock_cache
  src=$(cd "$CACHE" && go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" | jq -r .Dir)/kustomize/stage
  {
    echo "$header"
    for f in $stages; do
      [[ -f "$src/$f" ]] || die "kwok stage $f not found in $src"
      echo "---"
      grep -v '^#' "$src/$f"
    done
  } >"$(kwok_stages).tmp"
  mv -f "$(kwok_stages).tmp" "$(kwok_stages)"
  grep -v '^#' "$src/volume/fast/storage-class.yaml" >"$(dirname "$(kwok_stages)")/storage-class.yaml"
  mkdir -p "$(dirname "$(kwok_stages)")/crds"
  for f in $crds; do
    grep -v '^#' "$src/../crd/bases/$f" | sed '/^---$/d' >"$(dirname "$(kwok_stages)")/crds/$f"
  done
  log "kwok stages written to $(kwok_stages)"
}

build_velero() {
  local bin dir
  bin=$(velero_bin)
  skip_if_current velero "$bin" "$VELERO_VERSION" && return 0
  log "building velero v$VELERO_VERSION"
  dir="$CACHE/src/velero-v$VELERO_VERSION"
  wrapper_module "$dir" github.com/vmware-tanzu/velero "v$VELERO_VERSION" ""
  # shellcheck disable=SC2086 # VELERO_GO_GET_EXTRA is a list
  (cd "$dir" && measure "velero v$VELERO_VERSION: go get" go get \
    "github.com/vmware-tanzu/velero/cmd/velero@v$VELERO_VERSION" ${VELERO_GO_GET_EXTRA:-})
  build_to "velero v$VELERO_VERSION: go build" "$dir" "$bin" github.com/vmware-tanzu/velero/cmd/velero \
    "-s -w -X github.com/vmware-tanzu/velero/pkg/buildinfo.Version=v$VELERO_VERSION -X github.com/vmware-tanzu/velero/pkg/buildinfo.GitTreeState=clean"
  is_current velero "$bin" "$VELERO_VERSION" ||
    die "built $bin but it reports '$(reported_version velero "$bin")', expected $VELERO_VERSION"
}

build_velero_plugin() {
  local out dir bin
  out=$(velero_plugin_dir)
  bin="$out/velero-plugin-for-aws"
  skip_if_current velero-plugin-for-aws "$bin" "$VELERO_AWS_PLUGIN_VERSION" && return 0
  log "building velero-plugin-for-aws v$VELERO_AWS_PLUGIN_VERSION"
  dir="$CACHE/src/velero-plugin-for-aws-v$VELERO_AWS_PLUGIN_VERSION"
  wrapper_module "$dir" github.com/vmware-tanzu/velero-plugin-for-aws "v$VELERO_AWS_PLUGIN_VERSION" ""
  (cd "$dir" && measure "velero-plugin-for-aws v$VELERO_AWS_PLUGIN_VERSION: go get" go get \
    "github.com/vmware-tanzu/velero-plugin-for-aws/velero-plugin-for-aws@v$VELERO_AWS_PLUGIN_VERSION" \
    ${VELERO_AWS_PLUGIN_GO_GET_EXTRA:-})
  build_to "velero-plugin-for-aws v$VELERO_AWS_PLUGIN_VERSION: go build" "$dir" "$bin" \
    github.com/vmware-tanzu/velero-plugin-for-aws/velero-plugin-for-aws "-s -w"
  # The plugin has no --version; this stamp (next to, not in, the plugin dir) stands in for it.
  echo "$VELERO_AWS_PLUGIN_VERSION" >"$(dirname "$out")/version"
}

build_minio() {
  local bin dir ts tag
  bin=$(minio_bin)
  skip_if_current minio "$bin" "$MINIO_VERSION" && return 0
  log "building minio $MINIO_VERSION"
  dir="$CACHE/src/minio-$MINIO_VERSION"
  wrapper_module "$dir" github.com/minio/minio "$MINIO_VERSION" ""
  (cd "$dir" && measure "minio $MINIO_VERSION: go get" go get "github.com/minio/minio@$MINIO_VERSION" ${MINIO_GO_GET_EXTRA:-})
  # A RELEASE.* tag from the pseudo-version's timestamp keeps MinIO's version parsing happy;
  # the commit id carries the full pseudo-version, which is what is_current compares.
  ts=$(sed -E 's/^v0\.0\.0-([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})-.*/\1-\2-\3T\4-\5-\6Z/' <<<"$MINIO_VERSION")
  tag="RELEASE.$ts"
  build_to "minio $MINIO_VERSION: go build" "$dir" "$bin" github.com/minio/minio \
    "-s -w -X github.com/minio/minio/cmd.Version=$(sed -E 's/T([0-9]{2})-([0-9]{2})-([0-9]{2})Z/T\1:\2:\3Z/' <<<"$ts") -X github.com/minio/minio/cmd.ReleaseTag=$tag -X github.com/minio/minio/cmd.CommitID=$MINIO_VERSION -X github.com/minio/minio/cmd.ShortCommitID=${MINIO_VERSION##*-} -X github.com/minio/minio/cmd.CopyrightYear=${ts:0:4}"
  is_current minio "$bin" "$MINIO_VERSION" ||
    die "built $bin but it reports '$(reported_version minio "$bin")', expected $MINIO_VERSION"
}

total_start=$SECONDS
for c in "${components[@]}"; do
  case "$c" in
    etcd) build_etcd ;;
    kube-apiserver | kube-controller-manager | kube-scheduler) build_k8s "$c" ;;
    kwok) build_kwok ;;
    velero) build_velero ;;
    velero-plugin-for-aws) build_velero_plugin ;;
    minio) build_minio ;;
  esac
done
if ((prune)); then
  for d in "$CACHE/go/mod" "$CACHE/go/build"; do
    # Only the caches this script owns; never ones redirected to shared locations.
    if [[ "$d" == "$GOMODCACHE" || "$d" == "$GOCACHE" ]] && [[ -d "$d" ]]; then
      lock_cache
      chmod -R u+w "$d" 2>/dev/null || true
      rm -rf "$d"
      log "pruned $d"
    fi
  done
fi
log "build.sh done in $((SECONDS - total_start)) s; binaries under $CACHE"
