#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite: unit, integration (core and
# CLI against the loopback gateway), GUI (offscreen), and the gateway's SDK conformance suite;
# then the unit and integration suites under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/build.sh
(cd build && ctest --output-on-failure -j 2 -LE bench --timeout 600)
# The unit and integration suites again under AddressSanitizer + UndefinedBehaviorSanitizer.
bash packaging/test-sanitize.sh
