#!/usr/bin/env bash
# Starts a real control plane on loopback from the binaries build.sh put in the cache:
# etcd, kube-apiserver (static token + service-account keys), kube-controller-manager,
# kube-scheduler and kwok with one fake node whose pods become Running and Ready.
#
# With KYMAROS_CLUSTER_VELERO=1 (default auto: when build.sh built velero, the AWS plugin and
# minio) it also starts MinIO on loopback, installs Velero's CRDs from the velero binary, and
# runs `velero server` out of cluster with a default BackupStorageLocation in a MinIO bucket.
#
# With KYMAROS_CLUSTER_EXEC=local, `exec` into any pod runs the command as a local process of
# kwok (cwd $STATE/exec); without it exec answers with an error.
#
# Usage: test/cluster/start.sh
# Output: the kubeconfig at $STATE/kubeconfig (default /tmp/kymaros-cluster/kubeconfig), and
#         $STATE/env with KUBECONFIG / KYMAROS_CONTRACT_KUBECONFIG to source.
# Running it again while the cluster is healthy only prints where the kubeconfig is.
# test/cluster/stop.sh stops everything this started and removes $STATE.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need openssl curl jq ss setsid

START=$SECONDS
PKI="$STATE/pki"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
KUBECONFIG_PATH="$STATE/kubeconfig"
APISERVER="https://127.0.0.1:$APISERVER_PORT"
# Start order; stop.sh stops in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

velero_built() {
  is_current velero "$(velero_bin)" "$VELERO_VERSION" &&
    is_current velero-plugin-for-aws "$(velero_plugin_dir)/velero-plugin-for-aws" "$VELERO_AWS_PLUGIN_VERSION" &&
    is_current minio "$(minio_bin)" "$MINIO_VERSION"
}
case "${KYMAROS_CLUSTER_VELERO:-auto}" in
  0) WITH_VELERO=0 ;;
  1) WITH_VELERO=1 ;;
  auto) if velero_built; then WITH_VELERO=1; else WITH_VELERO=0; fi ;;
  *) die "KYMAROS_CLUSTER_VELERO must be auto, 1 or 0" ;;
esac
((WITH_VELERO)) && COMPONENTS+=(minio velero)
case "${KYMAROS_CLUSTER_POD_AGENT:-auto}" in
  0) POD_AGENT=0 ;;
  1) POD_AGENT=1 ;;
  auto) if ip route get "${KWOK_POD_CIDR%.*/*}.1" 2>/dev/null | grep -q '^local'; then POD_AGENT=1; else POD_AGENT=0; fi ;;
  *) die "KYMAROS_CLUSTER_POD_AGENT must be auto, 1 or 0" ;;
esac
((POD_AGENT)) && COMPONENTS+=(pod-agent)

pid_alive() { # $1 = component
  local f="$PIDS/$1.pid"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

api() { # $1 = method, $2 = path, [$3 = JSON body]; prints the body, fails on HTTP >= 400
  curl -sS --fail-with-body --max-time 10 --cacert "$PKI/ca.crt" \
    -H "Authorization: Bearer $(cat "$STATE/token")" -H 'Content-Type: application/json' \
    -X "$1" "$APISERVER$2" ${3:+--data "$3"}
}

# --- already running? ---------------------------------------------------------------------
if [[ -d "$PIDS" ]]; then
  all=1
  for c in "${COMPONENTS[@]}"; do pid_alive "$c" || all=0; done
  if ((all)) && api GET /readyz >/dev/null 2>&1; then
    log "cluster already running; kubeconfig: $KUBECONFIG_PATH"
    echo "$KUBECONFIG_PATH"
    exit 0
  fi
fi
if [[ -e "$STATE" ]]; then
  log "found a stale or partial cluster in $STATE; stopping it first"
  "$CLUSTER_DIR/stop.sh"
fi

# --- binaries ------------------------------------------------------------------------------
declare -A BIN=(
  [etcd]=$(etcd_bin)
  [kube-apiserver]=$(k8s_bin kube-apiserver)
  [kube-controller-manager]=$(k8s_bin kube-controller-manager)
  [kube-scheduler]=$(k8s_bin kube-scheduler)
  [kwok]=$(kwok_bin)
  [minio]=$(minio_bin)
  [velero]=$(velero_bin)
)
declare -A WANT=(
  [etcd]=$ETCD_VERSION [kube-apiserver]=$K8S_VERSION [kube-controller-manager]=$K8S_VERSION
  [kube-scheduler]=$K8S_VERSION [kwok]=$KWOK_VERSION [minio]=$MINIO_VERSION [velero]=$VELERO_VERSION
)
if ((POD_AGENT)); then
  BIN[pod-agent]=$(command -v node) || die "the pod agent needs node on PATH"
  [[ -d "$CLUSTER_DIR/../../node_modules/@kubernetes/client-node" ]] ||
    die "the pod agent needs the repository's npm packages; run npm install first"
fi
for c in "${COMPONENTS[@]}"; do
  [[ "$c" == pod-agent ]] && continue
  is_current "$c" "${BIN[$c]}" "${WANT[$c]}" ||
    die "$c ${WANT[$c]} is not built at ${BIN[$c]}; run test/cluster/build.sh first"
done
if ((WITH_VELERO)); then
  is_current velero-plugin-for-aws "$(velero_plugin_dir)/velero-plugin-for-aws" "$VELERO_AWS_PLUGIN_VERSION" ||
    die "velero-plugin-for-aws v$VELERO_AWS_PLUGIN_VERSION is not built; run test/cluster/build.sh all"
fi
[[ -s "$(kwok_stages)" ]] || die "kwok stages missing at $(kwok_stages); run test/cluster/build.sh kwok"

# --- ports ---------------------------------------------------------------------------------
ports=("$CLUSTER_ETCD_PORT" "$CLUSTER_ETCD_PEER_PORT" "$APISERVER_PORT" "$KCM_PORT" "$SCHEDULER_PORT" "$KWOK_PORT")
((WITH_VELERO)) && ports+=("$MINIO_PORT" "$MINIO_CONSOLE_PORT" "$VELERO_METRICS_PORT" "$VELERO_PROFILER_PORT")
for p in "${ports[@]}"; do
  if ss -Hltn "sport = :$p" | grep -q .; then
    die "port $p is already in use on this machine (see ss -ltnp); set the *_PORT variables from lib.sh to move it"
  fi
done

# On any failure from here on (including die and Ctrl-C): show the last log lines and stop
# what was started.
on_exit() {
  local rc=$?
  ((rc != 0)) || return 0
  log "start.sh failed (exit $rc)"
  for f in "$LOGS"/*.log; do
    [[ -f "$f" ]] || continue
    echo "----- last lines of $f" >&2
    tail -n 15 "$f" >&2
  done
  if [[ "${KYMAROS_CLUSTER_KEEP_ON_FAILURE:-0}" == 1 ]]; then
    log "KYMAROS_CLUSTER_KEEP_ON_FAILURE=1: leaving the processes and $STATE for inspection"
  else
    "$CLUSTER_DIR/stop.sh" || true
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

mkdir -p "$STATE"
chmod 700 "$STATE"
touch "$STATE/.kymaros-cluster" # stop.sh only deletes directories carrying this marker
mkdir -p "$PKI" "$LOGS" "$PIDS" "$STATE/etcd"
chmod 700 "$STATE/etcd" "$PKI"

# --- certificates and credentials -----------------------------------------------------------
# $1 = name, $2 = subject, $3 = extensions (extfile lines)
issue_cert() {
  openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$1.key" -out "$PKI/$1.csr" -subj "$2" 2>/dev/null
  printf '%s\n' "$3" >"$PKI/$1.ext"
  openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 7 -sha256 -extfile "$PKI/$1.ext" -out "$PKI/$1.crt" 2>/dev/null
}
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -sha256 -subj "/CN=kymaros-test-ca" \
  -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
issue_cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:${SERVICE_CIDR%.*/*}.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
# Serving certificate for kube-controller-manager and kube-scheduler (otherwise they write
# self-signed ones to /var/run/kubernetes).
issue_cert components "/CN=kymaros-components" "basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost"
issue_cert kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
issue_cert kwok "/CN=$KWOK_NODE_NAME" "basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:$KWOK_NODE_NAME"
openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null

# Static token auth: one cluster-admin user.
openssl rand -hex 24 >"$STATE/token"
printf '%s,kymaros-admin,kymaros-admin,"system:masters"\n' "$(cat "$STATE/token")" >"$PKI/tokens.csv"

cat >"$KUBECONFIG_PATH" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kymaros-real
  cluster:
    server: $APISERVER
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: kymaros-admin
  user:
    token: $(cat "$STATE/token")
contexts:
- name: kymaros-real
  context: {cluster: kymaros-real, user: kymaros-admin}
current-context: kymaros-real
EOF
chmod 600 "$KUBECONFIG_PATH"

# --- processes -------------------------------------------------------------------------------
# Each component runs in its own session (setsid) so a Ctrl-C aimed at the caller does not
# take it down half-way; stop.sh finds it again through $PIDS.
launch() { # $1 = component, rest = arguments
  local c=$1
  shift
  setsid "${BIN[$c]}" "$@" >"$LOGS/$c.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$c.pid"
  log "started $c (pid $!)"
}
await() { # $1 = component, $2 = timeout s, $3 = description, rest = check command
  local c=$1 t=$2 what=$3 deadline
  shift 3
  deadline=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do
    pid_alive "$c" || die "$c exited during startup; see $LOGS/$c.log"
    ((SECONDS < deadline)) || die "timed out after ${t}s waiting for $what; see $LOGS/$c.log"
    sleep 0.2
  done
  log "ready after $((SECONDS - START)) s: $what"
}

launch etcd --name=kymaros --data-dir="$STATE/etcd" \
  --listen-client-urls="http://127.0.0.1:$CLUSTER_ETCD_PORT" \
  --advertise-client-urls="http://127.0.0.1:$CLUSTER_ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" \
  --initial-advertise-peer-urls="http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" \
  --initial-cluster="kymaros=http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" \
  --listen-metrics-urls="" --unsafe-no-fsync --log-level=warn
await etcd 30 "etcd /health" \
  bash -c "curl -sf --max-time 2 http://127.0.0.1:$CLUSTER_ETCD_PORT/health | grep -q '\"health\":\"true\"'"
# A pristine etcd starts at revision 1, so the API server's watch caches would begin there and
# even resourceVersion "1" could still be watched. Any cluster that has lived a little answers
# that with 410 Expired; advance the revision (outside /registry) so this one does too.
etcd_key=$(printf 'kymaros/bootstrap' | base64 -w0)
# One curl with 20 URLs: one process, one connection, 20 revisions.
puts=()
for i in $(seq 1 20); do
  puts+=(-sf --max-time 5 -o /dev/null -X POST "http://127.0.0.1:$CLUSTER_ETCD_PORT/v3/kv/put" -d "{\"key\":\"$etcd_key\",\"value\":\"$(printf '%s' "$i" | base64 -w0)\"}")
  ((i == 20)) || puts+=(--next)
done
curl "${puts[@]}"
curl -sf --max-time 2 -X POST "http://127.0.0.1:$CLUSTER_ETCD_PORT/v3/kv/deleterange" -d "{\"key\":\"$etcd_key\"}" >/dev/null

launch kube-apiserver \
  --etcd-servers="http://127.0.0.1:$CLUSTER_ETCD_PORT" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" --token-auth-file="$PKI/tokens.csv" \
  --authorization-mode=RBAC --anonymous-auth=true \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
  --endpoint-reconciler-type=none --enable-priority-and-fairness=false \
  --kubelet-preferred-address-types=InternalIP \
  --kubelet-certificate-authority="$PKI/ca.crt" \
  --kubelet-client-certificate="$PKI/kubelet-client.crt" --kubelet-client-key="$PKI/kubelet-client.key" \
  --profiling=false
await kube-apiserver 90 "kube-apiserver /readyz" api GET /readyz

component_flags=(--kubeconfig="$KUBECONFIG_PATH" --authentication-kubeconfig="$KUBECONFIG_PATH"
  --authorization-kubeconfig="$KUBECONFIG_PATH" --leader-elect=false --bind-address=127.0.0.1
  --tls-cert-file="$PKI/components.crt" --tls-private-key-file="$PKI/components.key")
launch kube-controller-manager "${component_flags[@]}" --secure-port="$KCM_PORT" \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --use-service-account-credentials=false --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false
launch kube-scheduler "${component_flags[@]}" --secure-port="$SCHEDULER_PORT" --profiling=false

apply_crds() { # $1 = description, rest = one-document CRD YAML files; waits until all are Established
  local what=$1 f code names=()
  shift
  for f in "$@"; do
    code=$(curl -sS -o "$STATE/last-response.json" -w '%{http_code}' --max-time 10 --cacert "$PKI/ca.crt" \
      -H "Authorization: Bearer $(cat "$STATE/token")" -H 'Content-Type: application/yaml' \
      --data-binary "@$f" "$APISERVER/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
    [[ "$code" == 201 || "$code" == 409 ]] || { cat "$STATE/last-response.json" >&2; die "creating CRD from $f answered $code"; }
    names+=("$(sed -n 's/^  name: *//p' "$f" | head -1)")
  done
  established() {
    local n
    for n in "${names[@]}"; do
      api GET "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$n" |
        jq -e '.status.conditions[]? | select(.type == "Established" and .status == "True")' || return 1
    done
  }
  await kube-apiserver 60 "$what CRDs Established" established
}

# kwok configuration: the node and volume stages from build.sh, our pod stages (which follow
# the kube-simulator's sim.kymaros.io/* annotations), plus, with KYMAROS_CLUSTER_EXEC=local, a
# ClusterExec that runs `exec` commands of every pod as local processes of kwok (cwd $STATE/exec).
{ cat "$(kwok_stages)"; echo "---"; cat "$CLUSTER_DIR/kwok/pod-stages.yaml"; } >"$STATE/kwok.yaml"
case "${KYMAROS_CLUSTER_EXEC:-}" in
  "") ;;
  local)
    mkdir -p "$STATE/exec"
    cat >>"$STATE/kwok.yaml" <<EOF
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: local-exec
spec:
  execs:
  - local:
      workDir: $STATE/exec
EOF
    ;;
  *) die "KYMAROS_CLUSTER_EXEC must be empty or 'local', not '$KYMAROS_CLUSTER_EXEC'" ;;
esac
# The pod agent (packages/kube-simulator/bin/pod-agent.js) listens on pod IPs, so it only runs
# where the pod CIDR is local (run.sh's network namespace). It writes per-pod kwok Logs and
# PortForward rules, whose CRDs kwok then watches.
kwok_crd_flags=()
if ((POD_AGENT)); then
  apply_crds "kwok Logs and PortForward" "$(dirname "$(kwok_stages)")"/crds/*.yaml
  kwok_crd_flags=(--enable-crds=Logs,PortForward)
fi
launch kwok --kubeconfig="$KUBECONFIG_PATH" --config="$STATE/kwok.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --cidr="$KWOK_POD_CIDR" --node-ip=127.0.0.1 --node-name="$KWOK_NODE_NAME" \
  --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
  --tls-cert-file="$PKI/kwok.crt" --tls-private-key-file="$PKI/kwok.key" \
  --node-lease-duration-seconds=40 "${kwok_crd_flags[@]}"

await kube-controller-manager 60 "kube-controller-manager /healthz" \
  curl -sf --max-time 2 --cacert "$PKI/ca.crt" "https://127.0.0.1:$KCM_PORT/healthz"
await kube-scheduler 60 "kube-scheduler /healthz" \
  curl -sf --max-time 2 --cacert "$PKI/ca.crt" "https://127.0.0.1:$SCHEDULER_PORT/healthz"
await kwok 60 "kwok /healthz" curl -sf --max-time 2 --cacert "$PKI/ca.crt" "https://127.0.0.1:$KWOK_PORT/healthz"

# One fake node. No taint: every pod in this cluster is fake, so plain workloads may land on it.
node=$(jq -nc --arg n "$KWOK_NODE_NAME" '{
  apiVersion: "v1", kind: "Node",
  metadata: {
    name: $n,
    annotations: {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
    labels: {"kubernetes.io/hostname": $n, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
             "kubernetes.io/role": "agent", "node-role.kubernetes.io/agent": "", "type": "kwok"}
  }
}')
if ! api GET "/api/v1/nodes/$KWOK_NODE_NAME" >/dev/null 2>&1; then
  api POST /api/v1/nodes "$node" >/dev/null
fi
node_ready() {
  api GET "/api/v1/nodes/$KWOK_NODE_NAME" |
    jq -e '.status.conditions[]? | select(.type == "Ready" and .status == "True")'
}
await kwok 60 "node $KWOK_NODE_NAME Ready" node_ready
# Default StorageClass served by kwok's volume stages (PVCs get a PV and are Bound at once).
sc="$(dirname "$(kwok_stages)")/storage-class.yaml"
if [[ -s "$sc" ]] && ! api GET /apis/storage.k8s.io/v1/storageclasses/kwok-volume >/dev/null 2>&1; then
  curl -sS --fail-with-body --max-time 10 --cacert "$PKI/ca.crt" -H "Authorization: Bearer $(cat "$STATE/token")" \
    -H 'Content-Type: application/yaml' --data-binary "@$sc" "$APISERVER/apis/storage.k8s.io/v1/storageclasses" >/dev/null
  log "created default StorageClass kwok-volume"
fi
# The serviceaccount controller (KCM) gives every namespace a "default" ServiceAccount; pods
# are refused until it exists, so wait for it in "default" as a sign KCM is working.
await kube-controller-manager 60 "ServiceAccount default/default" \
  api GET /api/v1/namespaces/default/serviceaccounts/default
if ((POD_AGENT)); then
  launch pod-agent "$CLUSTER_DIR/../../packages/kube-simulator/bin/pod-agent.js" "$KUBECONFIG_PATH" "$STATE/agent"
  await pod-agent 60 "pod agent watching pods" test -f "$STATE/agent/ready"
fi

# --- Velero (optional) -----------------------------------------------------------------------
post_ignore_conflict() { # $1 = path, $2 = JSON; succeeds on 201 and 409 AlreadyExists
  local code
  code=$(curl -sS -o "$STATE/last-response.json" -w '%{http_code}' --max-time 10 --cacert "$PKI/ca.crt" \
    -H "Authorization: Bearer $(cat "$STATE/token")" -H 'Content-Type: application/json' \
    -X POST "$APISERVER$1" --data "$2")
  [[ "$code" == 201 || "$code" == 409 ]] || { cat "$STATE/last-response.json" >&2; return 1; }
}
if ((WITH_VELERO)); then
  mkdir -p "$STATE/minio" "$STATE/velero"
  minio_user=kymaros
  openssl rand -hex 16 >"$STATE/velero/minio-password"
  minio_password=$(cat "$STATE/velero/minio-password")
  MINIO_ROOT_USER=$minio_user MINIO_ROOT_PASSWORD=$minio_password MINIO_BROWSER=off MINIO_UPDATE=off \
    launch minio server "$STATE/minio/data" --address "127.0.0.1:$MINIO_PORT" \
    --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" --quiet
  await minio 60 "minio /minio/health/ready" curl -sf --max-time 2 "http://127.0.0.1:$MINIO_PORT/minio/health/ready"
  # Bucket, signed with curl's SigV4 support (no mc needed).
  code=$(curl -sS -o "$STATE/last-response.json" -w '%{http_code}' --max-time 10 -X PUT \
    --aws-sigv4 "aws:amz:us-east-1:s3" --user "$minio_user:$minio_password" \
    "http://127.0.0.1:$MINIO_PORT/$VELERO_BUCKET")
  [[ "$code" == 200 || "$code" == 409 ]] || { cat "$STATE/last-response.json" >&2; die "creating bucket $VELERO_BUCKET answered $code"; }
  log "bucket $VELERO_BUCKET ready"

  # Extra CRDs (KYMAROS_CLUSTER_CRDS: YAML files, one CRD each) go in before Velero starts:
  # Velero discovers API resources at start and then only every 5 minutes, and leaves kinds it
  # has not discovered out of backups without a word.
  # shellcheck disable=SC2086
  [[ -z "${KYMAROS_CLUSTER_CRDS:-}" ]] || apply_crds "extra" $KYMAROS_CLUSTER_CRDS
  # CRDs straight from the velero binary, as `velero install --crds-only` would apply them.
  "${BIN[velero]}" install --crds-only --dry-run -o json >"$STATE/velero/crds.json"
  while IFS= read -r crd; do
    post_ignore_conflict /apis/apiextensions.k8s.io/v1/customresourcedefinitions "$crd"
  done < <(jq -c '.items[]' "$STATE/velero/crds.json")
  crds_established() {
    local n
    for n in $(jq -r '.items[].metadata.name' "$STATE/velero/crds.json"); do
      api GET "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/$n" |
        jq -e '.status.conditions[]? | select(.type == "Established" and .status == "True")' >/dev/null || return 1
    done
  }
  await kube-apiserver 60 "$(jq '.items | length' "$STATE/velero/crds.json") Velero CRDs Established" crds_established

  post_ignore_conflict /api/v1/namespaces "{\"metadata\":{\"name\":\"$VELERO_NAMESPACE\"}}"
  # The AWS plugin reads credentials from AWS_SHARED_CREDENTIALS_FILE, as in `velero install`
  # (there it is the mounted cloud-credentials Secret); the file stays in $STATE.
  printf '[default]\naws_access_key_id=%s\naws_secret_access_key=%s\n' "$minio_user" "$minio_password" \
    >"$STATE/velero/credentials"
  chmod 600 "$STATE/velero/credentials"
  bsl=$(jq -nc --arg ns "$VELERO_NAMESPACE" --arg bucket "$VELERO_BUCKET" --arg url "http://127.0.0.1:$MINIO_PORT" '{
    apiVersion: "velero.io/v1", kind: "BackupStorageLocation",
    metadata: {name: "default", namespace: $ns},
    spec: {provider: "aws", default: true, objectStorage: {bucket: $bucket},
           config: {region: "minio", s3ForcePathStyle: "true", s3Url: $url, checksumAlgorithm: ""}}
  }')
  post_ignore_conflict "/apis/velero.io/v1/namespaces/$VELERO_NAMESPACE/backupstoragelocations" "$bsl"
  # Velero looks up its own Deployment "velero" (the pod-volume restore action takes the
  # restore-helper image from it; without it every restore that includes pods fails with
  # 'deployments.apps "velero" not found'). Out of cluster there is none, so add a stand-in
  # with no replicas, shaped like the one `velero install` creates.
  deploy=$(jq -nc --arg ns "$VELERO_NAMESPACE" --arg img "velero/velero:v$VELERO_VERSION" '{
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: {name: "velero", namespace: $ns, labels: {component: "velero"},
               annotations: {"kymaros.io/note": "stand-in: velero server runs out of cluster (test/cluster/start.sh)"}},
    spec: {replicas: 0, selector: {matchLabels: {deploy: "velero"}},
           template: {metadata: {labels: {deploy: "velero", component: "velero", name: "velero"}},
                      spec: {containers: [{name: "velero", image: $img, command: ["/velero"], args: ["server"]}]}}}
  }')
  post_ignore_conflict "/apis/apps/v1/namespaces/$VELERO_NAMESPACE/deployments" "$deploy"

  AWS_SHARED_CREDENTIALS_FILE="$STATE/velero/credentials" \
    launch velero server --kubeconfig="$KUBECONFIG_PATH" --namespace="$VELERO_NAMESPACE" \
    --plugin-dir="$(velero_plugin_dir)" --metrics-address="127.0.0.1:$VELERO_METRICS_PORT" \
    --profiler-address="127.0.0.1:$VELERO_PROFILER_PORT" --uploader-type=kopia \
    --store-validation-frequency=10s --log-level=info
  bsl_available() {
    api GET "/apis/velero.io/v1/namespaces/$VELERO_NAMESPACE/backupstoragelocations/default" |
      jq -e '.status.phase == "Available"'
  }
  await velero 120 "BackupStorageLocation default Available" bsl_available
fi

trap - EXIT INT TERM
cat >"$STATE/env" <<EOF
export KUBECONFIG=$KUBECONFIG_PATH
export KYMAROS_CONTRACT_KUBECONFIG=$KUBECONFIG_PATH
EOF
log "cluster up in $((SECONDS - START)) s: kubeconfig $KUBECONFIG_PATH (source $STATE/env), logs in $LOGS"
echo "$KUBECONFIG_PATH"
