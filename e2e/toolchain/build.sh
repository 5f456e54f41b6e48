#!/usr/bin/env bash
# Builds the local cluster's binaries from pinned upstream Go modules through the Go module proxy and caches
# them outside the repo. `build.sh` (or `build.sh control-plane`): etcd, the control plane, kubelet,
# kube-proxy, kwok, helm. `build.sh node`: the real node's add-ons (CoreDNS, metrics-server, kube-router's
# policy controller, local-path-provisioner) and the pod sandbox (pause); CoreDNS and pause are main packages of ours in e2e/toolchain/<name>. The cache directory is keyed by every version, filled in a temporary
# directory and renamed into place only when every binary built, so an interrupted build leaves nothing
# that looks finished. Prints the cache's bin directory on stdout; progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

set_name=${1:-control-plane}
case "$set_name" in
  control-plane)
    key="k8s-${K8S_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_helm-${HELM_VERSION}"
    binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy kwok helm) ;;
  node)
    pause_sum=$(cat "$here/pause/main.go" "$here/coredns/main.go" | sha256sum | cut -c1-12)
    key="node_coredns-${COREDNS_VERSION}_metrics-server-${METRICS_SERVER_VERSION}_kube-router-${KUBE_ROUTER_VERSION}_local-path-${LOCAL_PATH_PROVISIONER_VERSION}_src-${pause_sum}"
    binaries=(coredns metrics-server kube-router local-path-provisioner pause) ;;
  *) echo "build.sh: unknown set '$set_name' (control-plane or node)" >&2; exit 2 ;;
esac
cache_label="$set_name build"
# shellcheck source=cache.sh
source "$here/cache.sh"
final="$cache_root/$key"

complete() { [ -f "$final/.complete" ] && for b in "${binaries[@]}"; do [ -x "$final/bin/$b" ] || return 1; done; }
lock_name=.build.lock
[ "$set_name" = control-plane ] || lock_name=".build-$set_name.lock"
cache_done_or_lock complete "$final/bin" "$lock_name"

cache_work_dir "$cache_root"
mkdir -p "$work/bin"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local

# A wrapper module: upstream modules are not meant to be built from the proxy directly (k8s.io/kubernetes
# points its staging modules at ./staging), so each binary gets a tiny module that requires the upstream
# one and pins what upstream leaves relative.
wrapper() { # dir module-path-requirement...
  local dir=$1; shift
  mkdir -p "$dir"
  printf 'module dhakacart.local/build\n\ngo 1.24\n' >"$dir/go.mod"
}

build_k8s() {
  local dir="$work/src/kubernetes" minor patch
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  patch=$(echo "$K8S_VERSION" | cut -d. -f3)
  wrapper "$dir"
  step "downloading k8s.io/kubernetes $K8S_VERSION (the largest step on a cold cache)"
  (cd "$dir" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >"$work/k8s.json") \
    || fail "go mod download k8s.io/kubernetes@$K8S_VERSION"
  local gomod
  gomod=$(sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' "$work/k8s.json")
  # Every staging module upstream replaces with ./staging/src/k8s.io/X becomes k8s.io/X v0.<minor>.<patch>.
  {
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo "replace ("
    grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/src/k8s\.io/[a-z0-9-]+' "$gomod" \
      | awk -v v="v0.$minor.$patch" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } >>"$dir/go.mod"
  local pkg="k8s.io/component-base/version" date
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  local ldflags="-s -w -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor \
-X $pkg.gitTreeState=clean -X $pkg.buildDate=$date \
-X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 \
-X k8s.io/client-go/pkg/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitTreeState=clean"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy; do
    step "building $cmd from k8s.io/kubernetes $K8S_VERSION"
    (cd "$dir" && go build -trimpath -ldflags "$ldflags" -o "$work/bin/$cmd" "k8s.io/kubernetes/cmd/$cmd") \
      || fail "$cmd from k8s.io/kubernetes $K8S_VERSION"
  done
}

build_simple() { # name module version package ldflags
  local name=$1 module=$2 version=$3 pkg=$4 ldflags=$5 dir="$work/src/$1"
  wrapper "$dir"
  echo "require $module $version" >>"$dir/go.mod"
  step "building $name from $module $version"
  (cd "$dir" && go mod download "$module@$version" && go build -trimpath -ldflags "-s -w $ldflags" -o "$work/bin/$name" "$pkg") \
    || fail "$name from $module $version"
}

build_own() { # name [module version]: a main package of ours from e2e/toolchain/<name>
  local name=$1 dir="$work/src/$1"
  wrapper "$dir"
  cp "$here/$name/main.go" "$dir/"
  [ $# -lt 3 ] || echo "require $2 $3" >>"$dir/go.mod"
  step "building $name from e2e/toolchain/$name${3:+ with $2 $3}"
  (cd "$dir" && go mod tidy && go build -trimpath -ldflags "-s -w" -o "$work/bin/$name" .) || fail "$name"
}

if [ "$set_name" = node ]; then
  build_own pause
  build_own coredns github.com/coredns/coredns "$COREDNS_VERSION"
  build_simple metrics-server sigs.k8s.io/metrics-server "$METRICS_SERVER_VERSION" \
    sigs.k8s.io/metrics-server/cmd/metrics-server ""
  build_simple kube-router github.com/cloudnativelabs/kube-router/v2 "$KUBE_ROUTER_VERSION" \
    github.com/cloudnativelabs/kube-router/v2/cmd/kube-router ""
  build_simple local-path-provisioner github.com/rancher/local-path-provisioner "$LOCAL_PATH_PROVISIONER_VERSION" \
    github.com/rancher/local-path-provisioner ""
else
build_k8s
build_simple etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/server/v3 \
  "-X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION"
build_simple kwok sigs.k8s.io/kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok \
  "-X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"
build_simple helm helm.sh/helm/v3 "$HELM_VERSION" helm.sh/helm/v3/cmd/helm \
  "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
fi

for b in "${binaries[@]}"; do [ -x "$work/bin/$b" ] || fail "$b is missing after the build"; done
[ "$set_name" = node ] || "$work/bin/kube-apiserver" --version >&2
touch "$work/.complete"
rm -rf "$work/src" "$work/k8s.json"
cache_publish "$final"
step "done: $final/bin"
echo "$final/bin"
