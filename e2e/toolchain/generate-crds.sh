#!/usr/bin/env bash
# Usage: generate-crds.sh <set>
# Generates one set of CustomResourceDefinitions the local control plane serves, so the API server itself
# validates what the operator writes against the real schemas. Nothing generated is committed. The sets:
#
#   provider-aws         Crossplane provider-aws managed resources. Source: the Go API types in
#                        provider-crds/apis, DhakaCart's transcription of the kinds the shop uses from
#                        provider-aws (module github.com/upbound/provider-aws/v2 at the version below). The
#                        provider's module itself cannot be used here: the Go module proxy this project may
#                        use answers 403 for it and for every github.com/crossplane module it imports (see
#                        crossplane/README.md, "Provider schemas in tests"). The cache key includes a hash
#                        of those type sources.
#   external-secrets     External Secrets Operator, external-secrets.io/v1 (ExternalSecret, SecretStore,
#                        ClusterSecretStore, ClusterExternalSecret), used on platform aws. Source: ESO's own
#                        package apis/externalsecrets/v1 in its main module; from v1.x the apis live in a
#                        separate module the proxy does not serve, so the last release with the apis inside
#                        the main module is pinned.
#   prometheus-operator  Prometheus Operator, monitoring.coreos.com/v1 (PodMonitor, ServiceMonitor,
#                        PrometheusRule, ...). Source: the project's own Go API module.
#
# Every set is run through controller-gen (CONTROLLER_TOOLS_VERSION) as the projects' own builds do; the
# modules come from the Go module proxy. The result is cached in $DHAKACART_CACHE (default
# ~/.cache/dhakacart), filled in a temporary directory and renamed into place when complete, so an
# interrupted run leaves nothing that looks finished. Prints the CRD directory on stdout; progress goes to
# stderr.
set -euo pipefail

CONTROLLER_TOOLS_VERSION=v0.20.1

# The data of each set: its version; `cache`, the directory name under the cache root (the same names as
# before the per-set scripts were merged, so existing caches stay valid); `lock`, the lock file's name (the
# former scripts' names, so one of those running on another branch still excludes this one); the source,
# either `src_dir` (a module directory next to this script, named in messages by `origin`) or `module` and
# `package` (imported from a throwaway module whose go.mod says `go $go_directive`); controller-gen's
# `paths` and crd options.
here=$(cd "$(dirname "$0")" && pwd)
set_name=${1:-}
case "$set_name" in
  provider-aws)
    origin="provider-aws API types in provider-crds/apis"
    version=v2.6.0
    src_dir="$here/provider-crds"
    hash=$(cd "$src_dir" && find go.mod apis -type f -name '*.go' -o -name go.mod | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)
    cache="provider-aws-$version-$hash"
    lock=provider-crds
    paths=./apis/...
    crd_options=crd:crdVersions=v1,allowDangerousTypes=true
    ;;
  external-secrets)
    version=v0.16.2
    module=github.com/external-secrets/external-secrets
    package=$module/apis/externalsecrets/v1
    go_directive=1.24
    cache="external-secrets-$version-controller-gen-$CONTROLLER_TOOLS_VERSION"
    lock=eso-crds
    paths=$package
    crd_options=crd:crdVersions=v1
    ;;
  prometheus-operator)
    version=v0.95.2
    module=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring
    package=$module/v1
    go_directive=1.26
    cache="prometheus-operator-$version-controller-gen-$CONTROLLER_TOOLS_VERSION"
    lock=prometheus-operator-crds
    paths=$package
    crd_options=crd:crdVersions=v1
    ;;
  *)
    echo "usage: $0 provider-aws|external-secrets|prometheus-operator" >&2
    exit 2
    ;;
esac

cache_label="$set_name CRDs (${module:-$origin} $version, controller-gen $CONTROLLER_TOOLS_VERSION)"
# shellcheck source=cache.sh
source "$here/cache.sh"
final="$cache_root/$cache"
generated() { [ -f "$final/.complete" ]; }
cache_done_or_lock generated "$final/crds" ".$lock.lock"

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local

# controller-gen, built once per machine like every other tool (go-tools.sh).
tools="$cache_root/tools/controller-gen-$CONTROLLER_TOOLS_VERSION"
if [ ! -x "$tools/controller-gen" ]; then
  step "building sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_TOOLS_VERSION (once per machine)"
  cache_work_dir "$cache_root/tools"
  GOBIN="$work" nice go install "sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_TOOLS_VERSION" \
    || fail "go install sigs.k8s.io/controller-tools/cmd/controller-gen@$CONTROLLER_TOOLS_VERSION"
  cache_publish "$tools"
fi

cache_work_dir "$cache_root"
if [ -n "${src_dir:-}" ]; then
  # The types are compiled from a copy, so the work tree gets no go.sum and no build files.
  cp -r "$src_dir" "$work/src"
  step "resolving the dependencies of $(basename "$src_dir")"
  (cd "$work/src" && go mod tidy) >"$work/go.log" 2>&1 \
    || { cat "$work/go.log" >&2; fail "go mod tidy in $(basename "$src_dir") (from the Go module proxy)"; }
else
  # A throwaway module that imports the API package, so controller-gen loads it at the pinned version.
  mkdir "$work/src"
  printf 'module dhakacart.local/%s-crds\n\ngo %s\n' "$set_name" "$go_directive" >"$work/src/go.mod"
  printf 'package crds\n\nimport _ "%s"\n' "$package" >"$work/src/imports.go"
  step "resolving $module@$version (slow the first time: its module graph)"
  (cd "$work/src" && go get "$module@$version" && go mod tidy) >"$work/go.log" 2>&1 \
    || { cat "$work/go.log" >&2; fail "go get $module@$version (from the Go module proxy)"; }
fi
step "generating CRDs with controller-gen $CONTROLLER_TOOLS_VERSION"
(cd "$work/src" && nice "$tools/controller-gen" "$crd_options" "paths=$paths" output:crd:dir="$work/crds" >&2) \
  || fail "controller-gen on $paths"
count=$(find "$work/crds" -name '*.yaml' | wc -l)
[ "$count" -gt 0 ] || fail "controller-gen wrote no CRDs"
rm -rf "$work/src" "$work/go.log"
touch "$work/.complete"
cache_publish "$final"
step "$count CRDs in $final/crds"
echo "$final/crds"
