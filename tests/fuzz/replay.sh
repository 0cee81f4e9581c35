#!/usr/bin/env bash
# Runs every fuzz harness over its committed corpus (tests/fuzz/corpus/<harness>/) and fails
# when any input crashes, hangs (30 s) or breaks an invariant. For CI:
#
#   tests/fuzz/replay.sh BUILD_DIR          # each corpus input once (-runs=0)
#   tests/fuzz/replay.sh BUILD_DIR 10       # then 10 s of fresh fuzzing per harness
#
# BUILD_DIR is a COSMOSCOPE_FUZZ=ON build (tests/fuzz/CMakeLists.txt). New inputs found by the
# optional fuzzing go to a temporary directory, never into the committed corpus.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:?usage: replay.sh BUILD_DIR [SECONDS]}"
seconds="${2:-0}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

failed=()
for corpus in "$here"/corpus/*/; do
    name="$(basename "$corpus")"
    bin="$build/tests/fuzz/$name"
    if [ ! -x "$bin" ]; then
        echo "FAIL $name: $bin is not built"
        failed+=("$name")
        continue
    fi
    log="$scratch/$name.log"
    mkdir -p "$scratch/$name"
    args=(-rss_limit_mb=2048 -timeout=30 -artifact_prefix="$scratch/$name-")
    if [ "$seconds" -gt 0 ]; then
        dict="$here/dict/${name#fuzz_}.dict"
        [ -f "$dict" ] || dict="$here/dict/json.dict"
        args+=(-max_total_time="$seconds" -dict="$dict" "$scratch/$name")
    else
        args+=(-runs=0)
    fi
    if "$bin" "${args[@]}" "$corpus" >"$log" 2>&1; then
        echo "ok   $name ($(ls "$corpus" | wc -l) inputs$([ "$seconds" -gt 0 ] && echo ", ${seconds}s fuzzing"))"
    else
        echo "FAIL $name:"
        grep -vE "^(#[0-9]|INFO:|MS:|Running:|Executed|Loaded)" "$log" | tail -40
        failed+=("$name")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz replay failed: ${failed[*]}"
    exit 1
fi
