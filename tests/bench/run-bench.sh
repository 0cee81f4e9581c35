#!/usr/bin/env bash
# The performance benchmark, in one command. A benchmark, not a test: it prints figures and
# ratios and asserts nothing.
#
#   tests/bench/run-bench.sh [BUILD_DIR] [SIZES...]      (defaults: build, 10000 100000)
#
# For each size N, against one loopback gateway (HTTPS with the test CA, keep-alive, 16 in
# flight), with items of the same shape (~90 B):
#   ceiling  bare keep-alive HTTPS creates from wrk (no client work: one fixed signature);
#   import   cosmoscope-cli import vs @azure/cosmos (tests/bench/sdk-bench.js);
#   drain    SELECT * FROM c, page size 1,000: cosmoscope-cli query vs @azure/cosmos;
#   order    SELECT * FROM c ORDER BY c.n across partitions, the same way.
# Then the GUI benchmarks (offscreen): grid drain/sort/memory (bench_grid_drain), item editor
# with a 2 MB item (bench_item_editor) and start-up (bench_startup).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="$(cd "${1:-$ROOT/build}" && pwd)"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
CLI="$BUILD/app/cli/cosmoscope-cli"
GATEWAY="$ROOT/tests/gateway"
KEY='C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=='
CONCURRENCY=16
WORK="$(mktemp -d)"
GW_PID=""
cleanup() {
    if [ -n "$GW_PID" ]; then kill "$GW_PID" 2>/dev/null || true; wait "$GW_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$CLI" ] || { echo "build cosmoscope-cli first ($CLI missing)" >&2; exit 1; }
[ -d "$GATEWAY/node_modules" ] || { echo "run 'npm ci' in tests/gateway first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }

bash "$GATEWAY/make-certs.sh" "$WORK/certs" >/dev/null
node "$GATEWAY/server.js" --port 0 --cert "$WORK/certs/server.pem" --key "$WORK/certs/server-key.pem" \
    --master-key "$KEY" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
for _ in $(seq 1 100); do
    grep -q "Gateway ready at" "$WORK/gateway.log" 2>/dev/null && break
    sleep 0.1
done
URL="$(grep -o 'https://[^ ]*' "$WORK/gateway.log" | head -1)"
[ -n "$URL" ] || { echo "gateway did not start:" >&2; cat "$WORK/gateway.log" >&2; exit 1; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "gateway: $URL   client and server on the same machine; $CONCURRENCY requests in flight"

cli() { "$CLI" --endpoint "$URL" --key "$KEY" --ca-cert "$WORK/certs/ca.pem" "$@"; }
now() { date +%s.%N; }
RESULTS="$WORK/results.jsonl"
record() { echo "$1" >>"$RESULTS"; }

cli db create bench >/dev/null

# wrk: POST /dbs/bench/colls/ceiling/docs with a unique id per request and one signature
# (the gateway accepts a date within 15 minutes), over $CONCURRENCY keep-alive connections.
cli container create bench ceiling --partition-key /pk >/dev/null
DATE="$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')"
AUTH="$(node -e '
const c = require("crypto");
const [key, date] = process.argv.slice(1);
const text = `post\ndocs\ndbs/bench/colls/ceiling\n${date.toLowerCase()}\n\n`;
const sig = c.createHmac("sha256", Buffer.from(key, "base64")).update(text).digest("base64");
process.stdout.write(encodeURIComponent(`type=master&ver=1.0&sig=${sig}`));' "$KEY" "$DATE")"
cat >"$WORK/ceiling.lua" <<LUA
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  local pk = "pk-" .. (n % 100)
  local body = string.format('{"id":"w%s-%d","pk":"%s","n":%d,"name":"Item %d","tags":["a","b"]}', run, n, pk, n, n)
  return wrk.format("POST", "/dbs/bench/colls/ceiling/docs", {
    ["Host"] = wrk.host .. ":" .. wrk.port,
    ["Content-Type"] = "application/json",
    ["x-ms-date"] = "$DATE",
    ["x-ms-version"] = "2018-12-31",
    ["authorization"] = "$AUTH",
    ["x-ms-documentdb-partitionkey"] = '["' .. pk .. '"]',
  }, body)
end
LUA

for N in "${SIZES[@]}"; do
    python3 - "$N" >"$WORK/items-$N.jsonl" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": "item-%07d" % i, "pk": "pk-%d" % (i % 100), "n": i,
                      "name": "Item %d" % i, "tags": ["a", "b"]}, separators=(",", ":")))
PY
    # The ceiling, for about as long as the CLI's import is expected to take.
    secs=$(( N / 4000 )); [ "$secs" -ge 3 ] || secs=3
    wrk -t1 -c"$CONCURRENCY" -d"${secs}s" -s "$WORK/ceiling.lua" "$URL" >"$WORK/wrk-$N.txt" 2>&1
    ceiling=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$N.txt")
    bad=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk-$N.txt"); bad=${bad:-0}
    [ "$bad" = 0 ] || echo "warning: wrk saw $bad non-2xx answers; the ceiling is not clean" >&2

    cli container create bench "cli-$N" --partition-key /pk >/dev/null
    t0=$(now)
    cli import bench "cli-$N" "$WORK/items-$N.jsonl" --concurrency "$CONCURRENCY" 2>"$WORK/import-$N.log" \
        || { cat "$WORK/import-$N.log" >&2; exit 1; }
    t1=$(now)
    cli query bench "cli-$N" "SELECT * FROM c" --page-size 1000 >"$WORK/query-$N.out"
    t2=$(now)
    cli query bench "cli-$N" "SELECT * FROM c ORDER BY c.n" --page-size 1000 >"$WORK/orderby-$N.out"
    t3=$(now)
    drained=$(wc -l <"$WORK/query-$N.out")
    ordered=$(wc -l <"$WORK/orderby-$N.out")
    [ "$ordered" -eq "$N" ] || echo "warning: the CLI's ORDER BY query returned $ordered items, expected $N" >&2
    [ "$drained" -eq "$N" ] || echo "warning: the CLI's query returned $drained items, expected $N" >&2
    sdk="$(node "$ROOT/tests/bench/sdk-bench.js" --endpoint "$URL" --key "$KEY" --ca "$WORK/certs/ca.pem" \
        --db bench --container "sdk-$N" --items "$N" --page-size 1000 --concurrency "$CONCURRENCY" | tail -1)"
    record "$(python3 - "$N" "$t0" "$t1" "$t2" "$t3" "$ceiling" "$sdk" <<'PY'
import json, sys
n, t0, t1, t2, t3, ceiling = int(sys.argv[1]), *map(float, sys.argv[2:7])
sdk = json.loads(sys.argv[7])
print(json.dumps({"items": n, "ceiling_per_s": ceiling,
                  "cli_import_s": t1 - t0, "cli_drain_s": t2 - t1, "cli_orderby_s": t3 - t2,
                  "sdk_import_s": sdk["import_s"], "sdk_drain_s": sdk["query_s"], "sdk_orderby_s": sdk["orderby_s"]}))
PY
)"
    python3 - "$(tail -1 "$RESULTS")" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
n, ceiling = r["items"], r["ceiling_per_s"]
ci, cd, si, sd = r["cli_import_s"], r["cli_drain_s"], r["sdk_import_s"], r["sdk_drain_s"]
print(f"import {n:>7,}: cli {n / ci:7.0f}/s ({ci:.2f} s)  sdk {n / si:7.0f}/s ({si:.2f} s)  "
      f"ceiling {ceiling:7.0f}/s   cli/sdk {si / ci:.2f}x (goal >= 2.0)  "
      f"cli/ceiling {n / ci / ceiling:.0%} (goal >= 85%)")
print(f"drain  {n:>7,}: cli {cd:.2f} s  sdk {sd:.2f} s   cli/sdk time {cd / sd:.2f} (goal <= 0.70)")
co, so = r["cli_orderby_s"], r["sdk_orderby_s"]
print(f"order  {n:>7,}: cli {co:.2f} s  sdk {so:.2f} s   cli/sdk time {co / so:.2f}  (SELECT * ORDER BY c.n, across partitions)")
PY
done
kill "$GW_PID" 2>/dev/null || true
wait "$GW_PID" 2>/dev/null || true
GW_PID=""

# The GUI benchmarks start their own gateway.
for b in bench_grid_drain bench_item_editor bench_startup; do
    exe="$BUILD/tests/gui/$b"
    if [ -x "$exe" ]; then
        echo "--- $b"
        args=(); [ "$b" != bench_grid_drain ] || args=("${SIZES[-1]}")
        QT_QPA_PLATFORM=offscreen "$exe" "${args[@]}" || echo "$b failed (exit $?)"
    else
        echo "--- $b: not built (ninja -C $BUILD $b)"
    fi
done
