#!/usr/bin/env bash
# Builds Prometheus from its Go module (github.com/prometheus/prometheus, PROMETHEUS_MODULE_VERSION below)
# into ~/.cache/dhakacart, for the suite that scrapes pods on the real node: Debian's prometheus package is
# built without Kubernetes service discovery (kubernetes_sd_configs is an unknown field there), which the
# Prometheus Operator's scrape objects rely on. The other suites keep using Debian's prometheus.
#
# Prints the binary's path on stdout; progress goes to stderr. Built into a temporary directory and renamed
# into place when complete, so an interrupted build leaves nothing that looks finished.
set -euo pipefail

# Module v0.309.1 is Prometheus 3.9.1 (the module's v0.x tags track the 3.x releases).
PROMETHEUS_MODULE_VERSION=v0.309.1

cache_label="prometheus $PROMETHEUS_MODULE_VERSION"
# shellcheck source=cache.sh
source "$(dirname "$0")/cache.sh"
final="$cache_root/tools/prometheus-$PROMETHEUS_MODULE_VERSION"
built() { [ -x "$final/prometheus" ]; }
cache_done_or_lock built "$final/prometheus" .prometheus.lock

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
cache_work_dir "$cache_root/tools"
# The module's go.mod has exclude directives, so `go install module@version` refuses it: build from a copy
# of its source as the main module instead. Its plugins/plugins.go (generated from plugins.yml, the
# project's own way to choose service discoveries) is cut down to Kubernetes discovery, which keeps the
# download and the build small; static, file and HTTP discovery are built in regardless.
step "fetching github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION"
src=$(go mod download -json "github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || fail "go mod download github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION"
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
printf 'package plugins\n\nimport (\n\t// Register kubernetes plugin.\n\t_ "github.com/prometheus/prometheus/discovery/kubernetes"\n)\n' \
  >"$work/src/plugins/plugins.go"
step "building cmd/prometheus with Kubernetes discovery (once per machine; a few minutes)"
(cd "$work/src" && nice go build -o "$work/bin/prometheus" ./cmd/prometheus >&2) || fail "go build ./cmd/prometheus"
rm -rf "$work/src"
mv "$work/bin/prometheus" "$work/prometheus"
rmdir "$work/bin"
cache_publish "$final"
step "built $final/prometheus"
echo "$final/prometheus"
