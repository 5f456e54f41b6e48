#!/usr/bin/env bash
# Generates the External Secrets Operator CustomResourceDefinitions (external-secrets.io/v1: ExternalSecret,
# SecretStore, ClusterSecretStore, ClusterExternalSecret) the local control plane serves on platform aws, so
# the API server itself validates every ExternalSecret the operator writes. Nothing generated is committed.
#
# Source of the schemas: ESO's own Go API types, package apis/externalsecrets/v1 of the module
# github.com/external-secrets/external-secrets at ESO_VERSION (served by the Go module proxy; from v1.x the
# apis live in a separate module the proxy does not serve, so the last release with the apis inside the main
# module is pinned), run through controller-gen as ESO's own build does. The cache directory is keyed by both
# versions; it is filled in a temporary directory and renamed into place when complete. Prints the CRD
# directory on stdout; progress goes to stderr.
set -euo pipefail

ESO_VERSION=v0.16.2
CONTROLLER_TOOLS_VERSION=v0.20.1

cache_root=${DHAKACART_CACHE:-$HOME/.cache/dhakacart}
final="$cache_root/external-secrets-$ESO_VERSION-controller-gen-$CONTROLLER_TOOLS_VERSION"
started=$SECONDS

step() { printf '[ESO CRDs %4ss] %s\n' "$((SECONDS - started))" "$*" >&2; }
fail() { printf 'ESO CRDs FAILED (external-secrets %s, controller-gen %s): %s\n' \
  "$ESO_VERSION" "$CONTROLLER_TOOLS_VERSION" "$*" >&2; exit 1; }

if [ -f "$final/.complete" ]; then
  echo "$final/crds"
  exit 0
fi

command -v go >/dev/null || fail "the Go toolchain is needed (apt-get install golang or see README)"
mkdir -p "$cache_root"
exec 9>"$cache_root/.eso-crds.lock"
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

work=$(mktemp -d "$cache_root/.eso-crds.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A throwaway module that imports ESO's API package, so controller-gen can load it with its dependencies.
mkdir "$work/src"
printf 'module dhakacart.local/eso-crds\n\ngo 1.24\n' >"$work/src/go.mod"
printf 'package esocrds\n\nimport _ "github.com/external-secrets/external-secrets/apis/externalsecrets/v1"\n' \
  >"$work/src/imports.go"
step "resolving github.com/external-secrets/external-secrets@$ESO_VERSION (slow the first time: its module graph)"
(cd "$work/src" && go get "github.com/external-secrets/external-secrets@$ESO_VERSION" && go mod tidy) >"$work/go.log" 2>&1 \
  || { cat "$work/go.log" >&2; fail "go get github.com/external-secrets/external-secrets@$ESO_VERSION (from the Go module proxy)"; }
step "generating CRDs with controller-gen $CONTROLLER_TOOLS_VERSION"
(cd "$work/src" && nice "$tools/controller-gen" crd:crdVersions=v1 \
  paths=github.com/external-secrets/external-secrets/apis/externalsecrets/v1 output:crd:dir="$work/crds" >&2) \
  || fail "controller-gen on github.com/external-secrets/external-secrets/apis/externalsecrets/v1"
count=$(find "$work/crds" -name '*.yaml' | wc -l)
[ "$count" -gt 0 ] || fail "controller-gen wrote no CRDs"
rm -rf "$work/src" "$work/go.log"
touch "$work/.complete"
rm -rf "$final"
mv "$work" "$final"
trap - EXIT
step "$count CRDs in $final/crds"
echo "$final/crds"
