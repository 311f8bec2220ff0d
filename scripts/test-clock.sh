#!/usr/bin/env bash
# npm run test:clock: the clock-sensitive test folders under a faked clock (Debian's faketime, libfaketime) at
# awkward instants, and in two time zones far from UTC, to prove no test depends on when or where it runs.
# Extra arguments go to vitest (for example a single folder).
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  echo "test:clock needs faketime (Debian: apt-get install faketime); .ci/run installs it." >&2
  exit 1
fi

folders=(test/e2e test/delivery test/core test/commands)
if [ $# -gt 0 ]; then folders=("$@"); fi

# Each line: TZ|instant (UTC). The instants: a weekday morning after Europe's digests, a Friday night about to
# become Saturday while the tests run, a Saturday, a Sunday about to become Monday, Europe's spring DST switch and
# its autumn switch day. The two zones: Los Angeles, where that Tuesday morning is still Monday, and Auckland,
# where that Sunday night is already Monday afternoon.
runs=(
  'UTC|2026-12-01 07:30:00'
  'UTC|2026-12-04 23:59:20'
  'UTC|2026-12-05 12:00:00'
  'UTC|2026-12-06 23:58:00'
  'UTC|2027-03-28 01:30:00'
  'UTC|2027-10-31 06:30:00'
  'America/Los_Angeles|2026-12-01 07:30:00'
  'Pacific/Auckland|2026-12-06 23:58:00'
)

failed=()
for run in "${runs[@]}"; do
  zone="${run%%|*}"
  instant="${run#*|}"
  echo "=== test:clock: ${instant} UTC, TZ=${zone}: ${folders[*]}"
  started=$SECONDS
  # Node's timers run on the monotonic clock: leave it real, or every timer would jump with the fake time.
  if TZ="$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "${instant} UTC" npx vitest run --reporter=dot "${folders[@]}"; then
    echo "=== test:clock: green at ${instant} UTC, TZ=${zone} ($((SECONDS - started)) s)"
  else
    echo "=== test:clock: RED at ${instant} UTC, TZ=${zone} ($((SECONDS - started)) s)"
    failed+=("${instant} UTC, TZ=${zone}")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "test:clock: red at ${#failed[@]} of ${#runs[@]} instants:"
  printf '  %s\n' "${failed[@]}"
  exit 1
fi
echo "test:clock: green at all ${#runs[@]} instants"
