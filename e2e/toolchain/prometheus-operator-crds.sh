#!/usr/bin/env bash
# Generates the Prometheus Operator's CustomResourceDefinitions (monitoring.coreos.com/v1: PodMonitor,
# ServiceMonitor, PrometheusRule, ...) from the project's own Go API module,
# github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring (PROMETHEUS_OPERATOR_VERSION below,
# from the Go module proxy), with controller-gen, so the local control plane validates the scrape objects
# the operator writes against the Prometheus Operator's schema. Nothing generated is committed.
#
# The cache directory is keyed by both versions; it is filled in a temporary directory and renamed into
# place when complete, so an interrupted run leaves nothing that looks finished. Prints the CRD directory on
# stdout; progress goes to stderr.
set -euo pipefail

PROMETHEUS_OPERATOR_VERSION=v0.95.2
CONTROLLER_TOOLS_VERSION=v0.20.1
API_PACKAGE=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring

cache_root=${DHAKACART_CACHE:-$HOME/.cache/dhakacart}
final="$cache_root/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION-controller-gen-$CONTROLLER_TOOLS_VERSION"
started=$SECONDS

step() { printf '[prometheus-operator CRDs %4ss] %s\n' "$((SECONDS - started))" "$*" >&2; }
fail() { printf 'prometheus-operator CRDs FAILED (%s@%s, controller-gen %s): %s\n' \
  "$API_PACKAGE" "$PROMETHEUS_OPERATOR_VERSION" "$CONTROLLER_TOOLS_VERSION" "$*" >&2; exit 1; }

if [ -f "$final/.complete" ]; then
  echo "$final/crds"
  exit 0
fi

command -v go >/dev/null || fail "the Go toolchain is needed (apt-get install golang or see README)"
mkdir -p "$cache_root"
exec 9>"$cache_root/.prometheus-operator-crds.lock"
flock 9
if [ -f "$final/.complete" ]; then
  echo "$final/crds"
  exit 0
fi

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local

tools="$cache_root/tools/controller-gen-$CONTROLLER_TOOLS_VERSION"
if [ ! -x "$tools/controller-gen" ]; then
  step "building sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_TOOLS_VERSION (once per machine)"
  mkdir -p "$cache_root/tools"
  tmp_tools=$(mktemp -d "$cache_root/tools/.building.XXXXXX")
  trap 'rm -rf "$tmp_tools"' EXIT
  GOBIN="$tmp_tools" nice go install "sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_TOOLS_VERSION" \
    || fail "go install sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_TOOLS_VERSION"
  rm -rf "$tools"
  mv "$tmp_tools" "$tools"
  trap - EXIT
fi

work=$(mktemp -d "$cache_root/.prometheus-operator-crds.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A throwaway module that imports the API package, so controller-gen loads it at the pinned version.
mkdir "$work/src"
printf 'module dhakacart.local/prometheus-operator-crds\n\ngo 1.26\n' >"$work/src/go.mod"
printf 'package crds\n\nimport _ "%s/v1"\n' "$API_PACKAGE" >"$work/src/imports.go"
step "fetching $API_PACKAGE@$PROMETHEUS_OPERATOR_VERSION"
(cd "$work/src" && go get "$API_PACKAGE@$PROMETHEUS_OPERATOR_VERSION" >&2 && go mod tidy >&2) \
  || fail "go get $API_PACKAGE@$PROMETHEUS_OPERATOR_VERSION (Go module proxy)"
step "generating CRDs with controller-gen $CONTROLLER_TOOLS_VERSION"
(cd "$work/src" && "$tools/controller-gen" crd:crdVersions=v1 "paths=$API_PACKAGE/v1" \
  output:crd:dir="$work/crds" >&2) || fail "controller-gen on $API_PACKAGE/v1"
count=$(find "$work/crds" -name '*.yaml' | wc -l)
[ "$count" -gt 0 ] || fail "controller-gen wrote no CRDs"
rm -rf "$work/src"
touch "$work/.complete"
rm -rf "$final"
mv "$work" "$final"
trap - EXIT
step "$count CRDs in $final/crds"
echo "$final/crds"
