# Sourced by the toolchain scripts (build.sh, go-tools.sh, generate-crds.sh, prometheus.sh): the one way they
# fill the cache outside the repo. Each result is built once per machine. A caller that finds it complete
# prints its path and stops; otherwise it takes the result's lock (a second caller waits, then finds the
# result complete), builds into a temporary directory and renames that into place when complete, so an
# interrupted build leaves nothing that looks finished.
#
# Before sourcing, set `cache_label` (how progress and failure lines name the build). Then:
#   cache_root                          the cache: $DHAKACART_CACHE, default ~/.cache/dhakacart
#   step MESSAGE / fail MESSAGE         a progress line / a failure line (and exit 1) on stderr
#   cache_done_or_lock CHECK OUT LOCK   CHECK: a function that succeeds when the result is complete; OUT:
#                                       what to print then; LOCK: the lock file under the cache root. Prints
#                                       OUT and exits 0 when complete, else returns holding the lock (after
#                                       checking that Go is installed).
#   cache_work_dir PARENT               makes a temporary directory under PARENT in $work, removed on exit
#                                       unless published
#   cache_publish FINAL                 renames $work to FINAL, replacing an unfinished FINAL
# shellcheck shell=bash

cache_root=${DHAKACART_CACHE:-$HOME/.cache/dhakacart}
cache_started=$SECONDS

step() { printf '[%s %4ss] %s\n' "$cache_label" "$((SECONDS - cache_started))" "$*" >&2; }
fail() { printf '%s FAILED: %s\n' "$cache_label" "$*" >&2; exit 1; }

cache_done_or_lock() {
  local check=$1 out=$2 lock=$3
  if "$check"; then
    echo "$out"
    exit 0
  fi
  command -v go >/dev/null || fail "the Go toolchain is needed (apt-get install golang or see README)"
  mkdir -p "$cache_root"
  exec 9>"$cache_root/$lock"
  flock 9
  if "$check"; then
    echo "$out"
    exit 0
  fi
}

cache_work_dir() {
  mkdir -p "$1"
  work=$(mktemp -d "$1/.building.XXXXXX")
  # shellcheck disable=SC2064 # the path is fixed now, on purpose
  trap "rm -rf '$work'" EXIT
}

cache_publish() {
  rm -rf "$1"
  mv "$work" "$1"
  trap - EXIT
}
