#!/usr/bin/env bash
# Installs what Cosmoscope needs on Debian 12 (run as root): the build toolchain, Qt 6,
# QScintilla, QtKeychain, RapidJSON, Xvfb for headless GUI runs, clang with its sanitizer and
# libFuzzer runtimes (the sanitized test build and the fuzz harnesses), the packaging and
# keychain test tools, and the test gateway's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config qt6-base-dev libqscintilla2-qt6-dev
          qtkeychain-qt6-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev rapidjson-dev libgl-dev openssl
          xvfb xauth imagemagick clang-14 libclang-rt-14-dev llvm-14
          # the Debian package and its test (packaging/test-package.sh): icons from the SVG,
          # validators, lintian, man and bash completion
          librsvg2-bin dpkg-dev fakeroot desktop-file-utils appstream lintian man-db
          bash-completion
          # the keychain test: a Secret Service on a private session bus
          dbus dbus-daemon gnome-keyring libsecret-tools
          # the benchmark's bare-HTTPS ceiling (tests/bench/run-bench.sh)
          wrk)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from Debian or from NodeSource (which bundles npm): only add Debian's when
# there is none, since Debian's npm package conflicts with NodeSource's nodejs.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js packages for the loopback test gateway only (pinned by package-lock.json).
(cd tests/gateway && npm ci --no-audit --no-fund --loglevel=error)
