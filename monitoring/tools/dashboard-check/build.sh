#!/usr/bin/env bash
# Builds dashboard-check (main.go beside this script) from the Grafana Foundation SDK's Go module, through
# the Go module proxy, into ~/.cache/dhakacart/dashboard-check-<sdk version>-<source hash>/bin. Built in a
# temporary directory and renamed into place when complete; a second caller waits on a lock and reuses the
# result. Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
sdk=$(sed -n 's/^require github.com\/grafana\/grafana-foundation-sdk\/go \(v[^ ]*\)$/\1/p' "$here/go.mod")
hash=$(cat "$here/go.mod" "$here/go.sum" "$here/main.go" | sha256sum | cut -c1-12)
cache_root=${DHAKACART_CACHE:-$HOME/.cache/dhakacart}
final="$cache_root/dashboard-check-$sdk-$hash"

if [ -f "$final/.complete" ]; then
  echo "$final/bin/dashboard-check"
  exit 0
fi
command -v go >/dev/null || { echo "dashboard-check: the Go toolchain (1.24+) is needed to build it" >&2; exit 1; }
mkdir -p "$cache_root"
exec 9>"$cache_root/.dashboard-check.lock"
flock 9
if [ -f "$final/.complete" ]; then
  echo "$final/bin/dashboard-check"
  exit 0
fi
work=$(mktemp -d "$cache_root/.building-dashboard-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "dashboard-check: building with github.com/grafana/grafana-foundation-sdk/go $sdk" >&2
cp "$here/go.mod" "$here/go.sum" "$here/main.go" "$work/"
mkdir -p "$work/bin"
(cd "$work" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -o bin/dashboard-check .) >&2
rm "$work/go.mod" "$work/go.sum" "$work/main.go"
touch "$work/.complete"
rm -rf "$final"
mv "$work" "$final"
trap - EXIT
echo "$final/bin/dashboard-check"
