#!/usr/bin/env bash
# Configures and builds Cosmoscope into ./build (Release with debug info, 2 jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j "${JOBS:-2}"
