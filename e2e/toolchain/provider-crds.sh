#!/usr/bin/env bash
# Generates the Crossplane provider-aws CustomResourceDefinitions the local control plane serves, so the API
# server itself validates every managed resource the operator writes. Nothing generated is committed.
#
# Source of the schemas: the Go API types in provider-crds/apis, DhakaCart's transcription of the kinds the
# shop uses from provider-aws (module github.com/upbound/provider-aws/v2, PROVIDER_AWS_VERSION below), run
# through controller-gen exactly as the provider's own build does. The provider's module itself cannot be
# used here: the Go module proxy this project may use answers 403 for github.com/upbound/provider-aws/v2 and
# for every github.com/crossplane module it imports (see crossplane/README.md, "Provider schemas in tests").
#
# The cache directory is keyed by the provider version, the controller-gen version and a hash of the type
# sources; it is filled in a temporary directory and renamed into place when complete, so an interrupted
# run leaves nothing that looks finished. Prints the CRD directory on stdout; progress goes to stderr.
set -euo pipefail

PROVIDER_AWS_VERSION=v2.6.0
CONTROLLER_TOOLS_VERSION=v0.20.1

here=$(cd "$(dirname "$0")" && pwd)
src="$here/provider-crds"
cache_root=${DHAKACART_CACHE:-$HOME/.cache/dhakacart}
hash=$(cd "$src" && find go.mod apis -type f -name '*.go' -o -name go.mod | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)
final="$cache_root/provider-aws-$PROVIDER_AWS_VERSION-$hash"
started=$SECONDS

step() { printf '[provider CRDs %4ss] %s\n' "$((SECONDS - started))" "$*" >&2; }
fail() { printf 'provider CRDs FAILED (provider-aws %s API types, controller-gen %s): %s\n' \
  "$PROVIDER_AWS_VERSION" "$CONTROLLER_TOOLS_VERSION" "$*" >&2; exit 1; }

if [ -f "$final/.complete" ]; then
  echo "$final/crds"
  exit 0
fi

command -v go >/dev/null || fail "the Go toolchain is needed (apt-get install golang or see README)"
mkdir -p "$cache_root"
exec 9>"$cache_root/.provider-crds.lock"
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

work=$(mktemp -d "$cache_root/.provider-crds.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The types are compiled from a copy, so the work tree gets no go.sum and no build files.
cp -r "$src" "$work/src"
step "resolving k8s.io/apimachinery for the API types"
(cd "$work/src" && go mod tidy >&2) || fail "go mod tidy in provider-crds (needs k8s.io/apimachinery from the module proxy)"
step "generating CRDs with controller-gen $CONTROLLER_TOOLS_VERSION"
(cd "$work/src" && "$tools/controller-gen" crd:crdVersions=v1,allowDangerousTypes=true paths=./apis/... \
  output:crd:dir="$work/crds" >&2) || fail "controller-gen on provider-crds/apis"
count=$(find "$work/crds" -name '*.yaml' | wc -l)
[ "$count" -gt 0 ] || fail "controller-gen wrote no CRDs"
rm -rf "$work/src"
touch "$work/.complete"
rm -rf "$final"
mv "$work" "$final"
trap - EXIT
step "$count CRDs in $final/crds"
echo "$final/crds"
