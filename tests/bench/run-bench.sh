#!/usr/bin/env bash
# Benchmark: cosmoscope-cli against the official JS SDK (@azure/cosmos) on the same loopback
# gateway (HTTPS with the test CA, keep-alive). Imports N items and drains them with a query at
# page size 1,000, with each client. A benchmark, not a test: it prints figures, asserts nothing.
#
#   tests/bench/run-bench.sh [BUILD_DIR] [ITEMS]      (defaults: build, 10000)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
ITEMS="${2:-10000}"
CLI="$BUILD/app/cli/cosmoscope-cli"
GATEWAY="$ROOT/tests/gateway"
KEY='C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=='
WORK="$(mktemp -d)"
GW_PID=""
cleanup() {
    if [ -n "$GW_PID" ]; then kill "$GW_PID" 2>/dev/null || true; wait "$GW_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$CLI" ] || { echo "build cosmoscope-cli first ($CLI missing)" >&2; exit 1; }
[ -d "$GATEWAY/node_modules" ] || { echo "run 'npm ci' in tests/gateway first" >&2; exit 1; }

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
echo "gateway: $URL  items: $ITEMS  cores: $(nproc)"

cli() { "$CLI" --endpoint "$URL" --key "$KEY" --ca-cert "$WORK/certs/ca.pem" "$@"; }
now() { date +%s.%N; }

# Same item shape as sdk-bench.js: small documents over 100 partition key values.
python3 - "$ITEMS" >"$WORK/items.jsonl" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": "item-%06d" % i, "pk": "pk-%d" % (i % 100), "n": i,
                      "name": "Item %d" % i, "tags": ["a", "b"]}))
PY

cli db create bench >/dev/null
cli container create bench cli --partition-key /pk >/dev/null

t0=$(now)
cli import bench cli "$WORK/items.jsonl" --concurrency 16 2>"$WORK/import.log"
t1=$(now)
cli query bench cli "SELECT * FROM c" --page-size 1000 >"$WORK/query.out"
t2=$(now)
drained=$(wc -l <"$WORK/query.out")
[ "$drained" -eq "$ITEMS" ] || echo "warning: the query returned $drained items, expected $ITEMS" >&2
tail -1 "$WORK/import.log"

SDK_JSON="$(node "$ROOT/tests/bench/sdk-bench.js" --endpoint "$URL" --key "$KEY" --ca "$WORK/certs/ca.pem" \
    --db bench --container sdk --items "$ITEMS" --page-size 1000 --concurrency 16)"

python3 - "$t0" "$t1" "$t2" "$ITEMS" "$SDK_JSON" <<'PY'
import json, sys
t0, t1, t2, n = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
sdk = json.loads(sys.argv[5].strip().splitlines()[-1])
cli_import, cli_query = n / (t1 - t0), n / (t2 - t1)
print(f"cosmoscope-cli : import {cli_import:8.0f} items/s ({t1 - t0:.2f} s, whole process)   "
      f"query {cli_query:8.0f} items/s ({t2 - t1:.2f} s, whole process)")
print(f"@azure/cosmos  : import {sdk['import_items_per_s']:8.0f} items/s   "
      f"query {sdk['query_items_per_s']:8.0f} items/s")
print(f"ratio cli/sdk  : import {cli_import / sdk['import_items_per_s']:.2f}   "
      f"query {cli_query / sdk['query_items_per_s']:.2f}")
print(json.dumps({"cli_import_items_per_s": round(cli_import), "cli_query_items_per_s": round(cli_query),
                  "sdk": sdk}))
PY
