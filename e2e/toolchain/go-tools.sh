#!/usr/bin/env bash
# Builds the delivery checks' Go tools from pinned modules through the Go module proxy into
# ~/.cache/dhakacart/<tool>-<version>/ and prints the binary's path on stdout (progress on stderr):
#
#   actionlint   github.com/rhysd/actionlint      lints .github/workflows
#   kubeconform  github.com/yannh/kubeconform     validates manifests against JSON schemas
#   kube-score   github.com/zegl/kube-score       static checks of workloads
#   kstatus      sigs.k8s.io/cli-utils (kstatus)  our ten-line program in kstatus/, reads an object as JSON
#                                                 on stdin and prints kstatus's verdict as JSON
#   versitygw    github.com/versity/versitygw     an S3-compatible server (Apache-2.0) on a plain directory:
#                                                 the bucket the off-site snapshot tests upload to
#   otelcol      go.opentelemetry.io/collector    our collector distribution in otelcol/ (the log collector
#                (+ contrib components)           of charts/dhakacart-logs); its go.mod pins every version
#
# Usage: go-tools.sh <tool>. Each tool is built in a temporary directory and renamed into place when
# complete, one build at a time (flock), so an interrupted build leaves nothing that looks finished.
set -euo pipefail

ACTIONLINT_VERSION=v1.7.12
KUBECONFORM_VERSION=v0.8.0
KUBE_SCORE_VERSION=v1.20.0
CLI_UTILS_VERSION=v0.37.2
VERSITYGW_VERSION=v1.8.0

here=$(cd "$(dirname "$0")" && pwd)
tool=${1:?usage: go-tools.sh actionlint|kubeconform|kube-score|kstatus|versitygw|otelcol}
case "$tool" in
  actionlint) version=$ACTIONLINT_VERSION; pkg=github.com/rhysd/actionlint/cmd/actionlint ;;
  kubeconform) version=$KUBECONFORM_VERSION; pkg=github.com/yannh/kubeconform/cmd/kubeconform ;;
  kube-score) version=$KUBE_SCORE_VERSION; pkg=github.com/zegl/kube-score/cmd/kube-score ;;
  versitygw) version=$VERSITYGW_VERSION; pkg=github.com/versity/versitygw/cmd/versitygw ;;
  kstatus)
    # Keyed by the library version and our source, so editing main.go rebuilds.
    version="$CLI_UTILS_VERSION-$(cat "$here/kstatus/main.go" "$here/kstatus/go.mod" | sha256sum | cut -c1-8)"
    pkg=sigs.k8s.io/cli-utils/pkg/kstatus/status ;;
  otelcol)
    version="$(sed -n 's|^\tgo.opentelemetry.io/collector/otelcol \(v.*\)|\1|p' "$here/otelcol/go.mod")-$(cat "$here/otelcol/main.go" "$here/otelcol/go.mod" | sha256sum | cut -c1-8)"
    pkg=go.opentelemetry.io/collector/otelcol ;;
  *) echo "go-tools.sh: unknown tool $tool" >&2; exit 2 ;;
esac
cache_label="$tool build ($pkg $version)"
# shellcheck source=cache.sh
source "$here/cache.sh"
final="$cache_root/$tool-$version"
built() { [ -x "$final/$tool" ]; }
cache_done_or_lock built "$final/$tool" ".go-tools-$tool.lock"

cache_work_dir "$cache_root"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
if [ "$tool" = kstatus ]; then
  # Built from a copy, so the work tree gets no go.sum.
  cp -r "$here/kstatus" "$work/src"
  step "resolving $pkg@$CLI_UTILS_VERSION"
  (cd "$work/src" && go mod tidy >&2) || fail "go mod tidy"
  step "building"
  (cd "$work/src" && nice go build -trimpath -ldflags '-s -w' -o "$work/kstatus" .) || fail "go build"
  rm -rf "$work/src"
elif [ "$tool" = otelcol ]; then
  # `go build -mod=mod`, not `go mod tidy`: tidy also wants the modules of the components' tests, some of
  # which the module proxy does not serve. Compiling the contrib components takes minutes on a cold cache.
  cp -r "$here/otelcol" "$work/src"
  step "building the collector from $pkg $version (minutes on a cold Go build cache)"
  (cd "$work/src" && nice go build -trimpath -ldflags '-s -w' -o "$work/otelcol" .) || fail "go build"
  rm -rf "$work/src"
else
  step "go install $pkg@$version (once per machine)"
  GOBIN="$work" nice go install -trimpath -ldflags '-s -w' "$pkg@$version" || fail "go install"
fi
cache_publish "$final"
step "done: $final/$tool"
echo "$final/$tool"
