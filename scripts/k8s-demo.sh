#!/usr/bin/env bash
# The reference demos on a local Kubernetes cluster (kind), each a sequence of plain commands:
#
#   scripts/k8s-demo.sh up              kind cluster, ingress-nginx, metrics-server, images, secrets, the demo overlay
#   scripts/k8s-demo.sh autoscale       siege on POST /orders while the HPAs add pods (watch: kubectl get hpa,deploy -w)
#   scripts/k8s-demo.sh rolling-update  a new version of app rolled out under siege: siege must report 100 % availability
#   scripts/k8s-demo.sh self-healing    a pod whose liveness fails is restarted by the kubelet; a deleted pod is replaced
#   scripts/k8s-demo.sh down            delete the kind cluster
#
# Needs: docker, kind, kubectl, siege, httpie (http) and jq. The Ingress answers on
# http://127.0.0.1:8080 (kubernetes/kind-cluster.yaml maps it). docs/operations.md#kubernetes walks
# through the same steps by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

NAMESPACE=fooddelivery
GATEWAY=${GATEWAY:-http://127.0.0.1:8080}
TAG=${TAG:-0.1.0}
SERVICES=(gateway app pay store customer marketing)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
kc() { kubectl --namespace "$NAMESPACE" "$@"; }

token() {
  http --ignore-stdin --body POST "$GATEWAY/auth/token" username="$1" password=password | jq -r .access_token
}

up() {
  say "kind cluster 'fooddelivery' (port 80 of its node on 127.0.0.1:8080)"
  kind get clusters | grep -qx fooddelivery || kind create cluster --config kubernetes/kind-cluster.yaml
  say "ingress-nginx (kind's manifest) and metrics-server (the HPAs read CPU from it)"
  kubectl apply -f https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml
  kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.8.0/components.yaml
  # kind's kubelets serve self-signed certificates
  kubectl -n kube-system patch deployment metrics-server --type json \
    -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--kubelet-insecure-tls"}]'
  say "images fooddelivery/<service>:$TAG, built from the one Dockerfile and loaded into the cluster"
  for service in "${SERVICES[@]}"; do
    DOCKER_BUILDKIT=1 docker build --build-arg SERVICE="$service" -t "fooddelivery/$service:$TAG" .
    kind load docker-image --name fooddelivery "fooddelivery/$service:$TAG"
  done
  say "secrets (once: token keys and the in-cluster PostgreSQL password)"
  kubectl get namespace "$NAMESPACE" >/dev/null 2>&1 && kc get secret fooddelivery-tokens >/dev/null 2>&1 ||
    node scripts/k8s-secrets.mjs demo | kubectl create -f -
  say "the demo overlay"
  kubectl -n ingress-nginx wait --for=condition=Available deployment/ingress-nginx-controller --timeout=180s
  kubectl apply -k kubernetes/overlays/demo
  kc rollout status statefulset/kafka --timeout=300s
  for service in "${SERVICES[@]}"; do kc rollout status "deployment/$service" --timeout=300s; done
  http --ignore-stdin "$GATEWAY/health/ready"
}

# siege as a crowd of one customer is capped by the gateway's per-caller limit: the demo overlay raises it
siege_orders() {
  local seconds=$1 concurrency=${2:-50}
  local customer
  customer=$(token alice)
  siege --concurrent "$concurrency" --time "${seconds}S" --benchmark --content-type application/json \
    --header "Authorization: Bearer $customer" \
    "$GATEWAY/orders POST {\"item\":\"chicken\",\"storeId\":\"1\"}"
}

autoscale() {
  say "the HPAs before (targets show <unknown> until metrics-server has a first reading)"
  kc get hpa
  say "3 minutes of orders; in another terminal: kubectl -n $NAMESPACE get hpa,deploy -w"
  siege_orders 180 100 || true
  say "after: replicas added where CPU passed 70 % of the request (gateway up to 6, the consumers up to 3)"
  kc get hpa,deploy
  say "the imperative way the reference scenario shows (replaces the HPA for pay until re-applied)"
  echo "  kubectl -n $NAMESPACE delete hpa pay && kubectl -n $NAMESPACE autoscale deployment pay --cpu-percent=50 --min=1 --max=3"
}

rolling_update() {
  say "a new revision of app (an annotation change: every pod is replaced, one at a time) under siege"
  siege_orders 90 25 > /tmp/fooddelivery-siege.log 2>&1 &
  local siege_pid=$!
  sleep 10
  kc patch deployment app --patch "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"fooddelivery/restarted-at\":\"$(date -u +%FT%TZ)\"}}}}}"
  kc rollout status deployment/app --timeout=300s
  wait "$siege_pid" || true
  say "siege's report: Availability must be 100.00 % (maxUnavailable 0, readiness-gated, preStop drain)"
  cat /tmp/fooddelivery-siege.log
}

self_healing() {
  local pod
  pod=$(kc get pod -l app.kubernetes.io/name=customer -o jsonpath='{.items[0].metadata.name}')
  say "SIGSTOP the customer process in $pod: /health/live stops answering, liveness fails 3× (30 s), the kubelet restarts it"
  # the image runs node under tini (PID 1), so the service is a process a signal can stop
  kc exec "$pod" -- node -e "
    const { readdirSync, readFileSync } = require('node:fs');
    for (const pid of readdirSync('/proc').filter((name) => /^[0-9]+$/.test(name)))
      if (pid !== String(process.pid) && readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('dist/main.js')) process.kill(Number(pid), 'SIGSTOP');"
  kc get pod "$pod" -w --request-timeout=90s || true
  kc get pod "$pod" -o jsonpath='{.status.containerStatuses[0].restartCount}{" restarts\n"}'
  say "delete a store pod: its ReplicaSet starts another; the PDB keeps voluntary evictions to one at a time"
  kc delete pod -l app.kubernetes.io/name=store --wait=false
  kc rollout status deployment/store --timeout=180s
  kc get pods -l app.kubernetes.io/name=store
}

case "${1:-}" in
  up) up ;;
  autoscale) autoscale ;;
  rolling-update) rolling_update ;;
  self-healing) self_healing ;;
  down) kind delete cluster --name fooddelivery ;;
  *) sed -n '2,10p' "$0"; exit 64 ;;
esac
