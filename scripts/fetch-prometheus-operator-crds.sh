#!/usr/bin/env bash
# Fetches the Prometheus Operator's PrometheusRule and ServiceMonitor CRDs, once, from its Go module on the Go module
# proxy (the module zip carries example/prometheus-operator-crd), into ~/.kubeapitest/prometheus-operator/<version>/.
# CrdInstaller.installPrometheusOperator() installs them, so that MonitoringIT's `helm install` with the chart's
# monitoring objects is validated by the API server against their real schema.
set -euo pipefail
PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-0.85.0}"
exec "$(dirname "$0")/fetch-go-module-files.sh" prometheus-operator-crds github.com/prometheus-operator/prometheus-operator \
  "v$PROMETHEUS_OPERATOR_VERSION" example/prometheus-operator-crd \
  "${KUBEAPITEST_DIR:-$HOME/.kubeapitest}/prometheus-operator/v$PROMETHEUS_OPERATOR_VERSION" \
  monitoring.coreos.com_prometheusrules.yaml monitoring.coreos.com_servicemonitors.yaml
