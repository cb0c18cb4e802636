#!/usr/bin/env bash
# Runs the end-to-end suite on a Kind cluster with real Strimzi and KEDA.
# Needs: docker, kind, helm, kubectl, internet. It cannot run on machines without a Docker engine.
#   e2e/kind/run.sh            create the cluster (if missing), install everything, run the suite
#   KEEP=1 e2e/kind/run.sh     leave the cluster running afterwards
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CLUSTER="${KIND_CLUSTER:-skafka-e2e}"
STRIMZI_VERSION="${STRIMZI_VERSION:-0.49.0}"
KEDA_VERSION="${KEDA_VERSION:-2.18.0}"
IMAGE="serverless-kafka/operator:0.1.0-SNAPSHOT"
. "$ROOT/bin/java-env.sh"

step() { printf '\n==> %s\n' "$*"; }

step "Kind cluster $CLUSTER"
kind get clusters | grep -qx "$CLUSTER" || kind create cluster --name "$CLUSTER" --wait 120s
kubectl config use-context "kind-$CLUSTER"

step "Strimzi $STRIMZI_VERSION and KEDA $KEDA_VERSION from their Helm charts"
helm upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator --version "$STRIMZI_VERSION" \
  --namespace strimzi --create-namespace --set watchAnyNamespace=true --wait
helm repo add kedacore https://kedacore.github.io/charts >/dev/null && helm repo update >/dev/null
helm upgrade --install keda kedacore/keda --version "$KEDA_VERSION" --namespace keda --create-namespace --wait

step "operator image (Jib) loaded into Kind"
(cd "$ROOT" && mvn -B -q -pl operator -am package -DskipTests jib:dockerBuild)
kind load docker-image "$IMAGE" --name "$CLUSTER"

step "our chart with the default cluster kafka/shared"
kubectl create namespace kafka --dry-run=client -o yaml | kubectl apply -f -
helm upgrade --install skafka "$ROOT/helm/serverless-kafka" --namespace serverless-kafka --create-namespace \
  --set image.tag=0.1.0-SNAPSHOT --set image.pullPolicy=Never \
  --set defaultCluster.enabled=true --set defaultCluster.namespace=kafka \
  --set-json 'defaultCluster.spec={"controllers":{"replicas":1},"brokers":{"min":3,"max":4},"kafka":{"storage":{"size":"1Gi"}}}' --wait
kubectl wait --for=condition=Ready serverlesskafka/shared -n kafka --timeout=15m

step "the suite, from a pod inside the cluster (Kafka's internal listener is only reachable there)"
kubectl create serviceaccount e2e -n default --dry-run=client -o yaml | kubectl apply -f -
kubectl create clusterrolebinding e2e --clusterrole=cluster-admin --serviceaccount=default:e2e --dry-run=client -o yaml | kubectl apply -f -
kubectl delete pod e2e-runner -n default --ignore-not-found
kubectl run e2e-runner -n default --image=maven:3.9-eclipse-temurin-21 --restart=Never \
  --overrides='{"spec":{"serviceAccountName":"e2e"}}' --command -- sleep 7200
kubectl wait --for=condition=Ready pod/e2e-runner -n default --timeout=5m
kubectl cp "$ROOT" default/e2e-runner:/src
kubectl exec -n default e2e-runner -- bash -c '
  set -e
  curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/$(curl -fsSL https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl"
  chmod +x /usr/local/bin/kubectl
  kubectl config set-cluster in-cluster --server=https://kubernetes.default.svc --certificate-authority=/var/run/secrets/kubernetes.io/serviceaccount/ca.crt
  kubectl config set-credentials sa --token="$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"
  kubectl config set-context in-cluster --cluster=in-cluster --user=sa && kubectl config use-context in-cluster
  cd /src && E2E_KUBECONFIG=$HOME/.kube/config E2E_CLUSTER=kafka/shared mvn -B -pl e2e -am install -Dtest=TenantTopicsIT -Dsurefire.failIfNoSpecifiedTests=false'
status=$?

[ -n "${KEEP:-}" ] || kind delete cluster --name "$CLUSTER"
exit $status
