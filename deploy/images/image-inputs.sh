#!/usr/bin/env bash
# Resolves what the service images are built from and writes it to a properties file for Jib
# (read by properties-maven-plugin in the `images` profile of the root pom):
#   images.tag          the image tag: the project version without -SNAPSHOT (0.1.0), as the manifests name it
#   images.base.ref     what Jib builds FROM (a registry reference, or tar://… for the local base)
#   images.base.name    the base's name, for the org.opencontainers.image.base.name label
#   images.base.digest  the base's digest, for the org.opencontainers.image.base.digest label
#   images.revision     the source revision (git commit), for org.opencontainers.image.revision
#
# usage: image-inputs.sh <base> <project version> <output.properties>
#   <base> = a registry reference pinned by digest (name[:tag]@sha256:<64 hex>), used as given; or
#   <base> = local: a Java 17 runtime base built here from the build machine's Debian (or Ubuntu) packages, without a
#            container runtime, a registry or root (apt-get download + dpkg-deb, see build_local_base).
#            It is built once and kept in target/images/ of the project (delete it to rebuild).
set -euo pipefail

usage="usage: image-inputs.sh <base|local> <project version> <output.properties>"
base=${1:?$usage}
version=${2:?$usage}
out=${3:?$usage}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$(dirname "$out")"

revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)

# The Debian packages of the local base: the JRE and the shared libraries it loads, first alternative of
# each dependency. Left out: packages only their maintainer scripts need (java-common,
# ca-certificates-java, util-linux, debconf, dpkg...): nothing is configured in the image, and the
# trust store is written below instead of by ca-certificates-java's postinst.
JRE_PACKAGE=openjdk-17-jre-headless
EXCLUDED=" java-common ca-certificates-java util-linux debconf dpkg perl-base lsb-base sysvinit-utils "
# The distribution and architecture of the packages are the build machine's (apt's sources): Debian
# bookworm amd64 here.
. /etc/os-release 2>/dev/null || true
DISTRIBUTION="${ID:-debian}-${VERSION_CODENAME:-unknown}"
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
JAVA_HOME_IN_IMAGE=/usr/lib/jvm/java-17-openjdk-$ARCH
LOCAL_NAME=doorstep/jre17-base:$DISTRIBUTION
UID_IN_IMAGE=185

resolve_packages() {
  local queue="$JRE_PACKAGE ca-certificates" seen=" " p deps
  while [ -n "${queue// /}" ]; do
    set -- $queue; p=$1; shift; queue="$*"
    case "$seen$EXCLUDED" in *" $p "*) continue;; esac
    seen="$seen$p "
    deps=$(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
             --no-enhances "$p" \
           | awk '/^ *\|?(Pre)?Depends:/ { if (alt) { alt = ($1 ~ /^\|/); next } alt = ($1 ~ /^\|/); print $2 }' \
           | grep -v '^<' || true)
    queue="$queue $deps"
  done
  echo $seen
}

build_local_base() {
  local dir=$1 tar=$2
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
    || { echo "image-inputs.sh: the local base needs a Debian/Ubuntu build machine (apt-get, dpkg-deb);" \
              "elsewhere pass a registry base: -Dimages.base=<name>@sha256:<digest>" >&2; exit 1; }
  local work="$dir/work" rootfs="$dir/work/rootfs" debs="$dir/work/debs"
  rm -rf "$work"; mkdir -p "$rootfs" "$debs"
  local packages; packages=$(resolve_packages)
  echo "image-inputs.sh: downloading $(wc -w <<<"$packages") Debian packages: $packages" >&2
  (cd "$debs" && apt-get download -q $packages >&2) \
    || { echo "image-inputs.sh: apt-get download failed (stale package lists? run apt-get update)" >&2; exit 1; }

  mkdir -p "$rootfs/var/lib/dpkg/status.d"
  local deb name
  for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$rootfs"
    # What scanners (Trivy, Syft, Grype) read to know the packages of a distroless-style image.
    name=$(dpkg-deb -f "$deb" Package)
    dpkg-deb -f "$deb" > "$rootfs/var/lib/dpkg/status.d/$name"
    echo "Status: install ok installed" >> "$rootfs/var/lib/dpkg/status.d/$name"
  done
  # Documentation and manuals are not needed at run time; licences (copyright files) stay.
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  rm -rf "$rootfs/usr/share/man" "$rootfs/usr/share/info" "$rootfs/usr/share/lintian" "$rootfs/usr/share/locale"

  # The JVM looks for its trust store at lib/security/cacerts -> /etc/ssl/certs/java/cacerts.
  mkdir -p "$rootfs/etc/ssl/certs/java"
  cat "$rootfs"/usr/share/ca-certificates/mozilla/*.crt > "$rootfs/etc/ssl/certs/ca-certificates.crt"
  local cacerts="$rootfs/etc/ssl/certs/java/cacerts"
  java "$root/deploy/images/TrustStore.java" "$rootfs/usr/share/ca-certificates/mozilla" "$cacerts"
  [ -s "$cacerts" ] || { echo "image-inputs.sh: no trust store written" >&2; exit 1; }

  # The services' user (no login, no shell: nothing in the image needs one) and a writable /tmp.
  mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/deployments" "$rootfs/proc" "$rootfs/dev" "$rootfs/sys"
  chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\ndoorstep:x:%s:%s:Doorstep:/deployments:/usr/sbin/nologin\n' \
    "$UID_IN_IMAGE" "$UID_IN_IMAGE" > "$rootfs/etc/passwd"
  printf 'root:x:0:\ndoorstep:x:%s:\n' "$UID_IN_IMAGE" > "$rootfs/etc/group"
  printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  # usr-merged layout as in Debian's own images (the JVM's interpreter is /lib64/ld-linux-x86-64.so.2).
  local d
  for d in bin sbin lib lib64; do
    if [ -d "$rootfs/$d" ] && [ ! -L "$rootfs/$d" ]; then
      mkdir -p "$rootfs/usr/$d"; cp -a "$rootfs/$d/." "$rootfs/usr/$d/"; rm -rf "${rootfs:?}/$d"
    fi
    mkdir -p "$rootfs/usr/$d"; ln -sfn "usr/$d" "$rootfs/$d"
  done
  [ -x "$rootfs$JAVA_HOME_IN_IMAGE/bin/java" ] || { echo "image-inputs.sh: no java in the base" >&2; exit 1; }

  # One layer, reproducible: sorted, numeric root ownership, one modification time.
  local epoch=${SOURCE_DATE_EPOCH:-0}
  local layer="$work/layer.tar"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --clamp-mtime \
      -C "$rootfs" -cf "$layer" .
  local diff_id; diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
  gzip -n -6 "$layer"
  local jre_version; jre_version=$(dpkg-deb -f "$debs"/${JRE_PACKAGE}_*.deb Version)
  local created; created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)

  local config="$work/config.json"
  cat > "$config" <<JSON
{"architecture":"$ARCH","os":"linux","created":"$created",
"config":{"Env":["PATH=$JAVA_HOME_IN_IMAGE/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$JAVA_HOME_IN_IMAGE","LANG=C.UTF-8"],
"User":"$UID_IN_IMAGE","WorkingDir":"/deployments",
"Labels":{"org.opencontainers.image.title":"Doorstep Java 17 runtime base ($DISTRIBUTION, $JRE_PACKAGE $jre_version)"}},
"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
"history":[{"created":"$created","created_by":"deploy/images/image-inputs.sh: $(wc -w <<<"$packages") $DISTRIBUTION packages, $JRE_PACKAGE $jre_version"}]}
JSON
  local config_id; config_id=$(sha256sum "$config" | cut -d' ' -f1)
  mkdir -p "$work/image/$diff_id"
  mv "$config" "$work/image/$config_id.json"
  mv "$layer.gz" "$work/image/$diff_id/layer.tar"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' \
    "$config_id" "$LOCAL_NAME" "$diff_id" > "$work/image/manifest.json"
  # Directory entries included and no ./ prefix: Jib's tar reader needs the ones and refuses the other.
  tar --no-recursion --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$work/image" -cf "$tar.part" \
      manifest.json "$config_id.json" "$diff_id" "$diff_id/layer.tar"
  mv "$tar.part" "$tar"
  echo "sha256:$config_id" > "$tar.id"
  rm -rf "$work"
}

case "$base" in
  local)
    dir="$root/target/images"
    tar="$dir/jre17-base.tar"
    mkdir -p "$dir"
    if [ ! -s "$tar" ] || [ ! -s "$tar.id" ]; then
      start=$(date +%s)
      build_local_base "$dir" "$tar"
      echo "image-inputs.sh: built the local base $tar in $(( $(date +%s) - start )) s" >&2
    fi
    ref="tar://$tar"; name="$LOCAL_NAME"; digest=$(cat "$tar.id")
    ;;
  *@sha256:*)
    digest=${base##*@}
    [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "image-inputs.sh: bad digest in $base" >&2; exit 1; }
    ref="$base"; name=${base%@*}
    ;;
  *)
    echo "image-inputs.sh: the base must be pinned by digest (name@sha256:<digest>) or be 'local': $base" >&2
    exit 1
    ;;
esac

{
  echo "images.tag=${version%-SNAPSHOT}"
  echo "images.base.ref=$ref"
  echo "images.base.name=$name"
  echo "images.base.digest=$digest"
  echo "images.revision=$revision"
} > "$out"
