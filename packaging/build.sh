#!/usr/bin/env bash
# Configures and builds Cosmoscope into ./build (Release, 2 jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j "${JOBS:-2}"
