#!/usr/bin/env bash
# Installs dependencies, builds, starts the loopback sandbox gateway with sample data on
# https://127.0.0.1:8081/ (or a free port when 8081 is busy; verified TLS with a generated test CA), and opens Cosmoscope on it.
# Without a display, the window is rendered under Xvfb into build/sandbox-screenshot.png.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/build.sh

port="${COSMOSCOPE_SANDBOX_PORT:-8081}"
certs="$PWD/build/test-certs"
bash tests/gateway/make-certs.sh "$certs" >/dev/null
key='C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=='

start_gateway() {
    node tests/gateway/server.js --port "$1" --cert "$certs/server.pem" \
        --key "$certs/server-key.pem" --seed sample > build/sandbox-gateway.log 2>&1 &
    gateway=$!
    for _ in $(seq 1 150); do
        grep -q "^Gateway ready at" build/sandbox-gateway.log 2>/dev/null && return 0
        kill -0 "$gateway" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
if ! start_gateway "$port"; then
    echo "Port $port is busy or the gateway failed; trying a free port." >&2
    cat build/sandbox-gateway.log >&2
    start_gateway 0 || { cat build/sandbox-gateway.log >&2; exit 1; }
fi
trap 'kill $gateway 2>/dev/null || true' EXIT
url=$(sed -n 's/^Gateway ready at //p' build/sandbox-gateway.log)
echo "Sandbox gateway: $url (sample data; test CA $certs/ca.pem)"

conn=(--endpoint "$url" --key "$key" --ca-cert "$certs/ca.pem")
echo "Sample account (cosmoscope-cli db list):"
build/app/cli/cosmoscope-cli "${conn[@]}" db list

if [ -x build/app/gui/cosmoscope ]; then
    if [ -n "${DISPLAY:-}" ]; then
        build/app/gui/cosmoscope "${conn[@]}"
    else
        xvfb-run -a -s "-screen 0 1400x900x24" \
            build/app/gui/cosmoscope "${conn[@]}" --screenshot build/sandbox-screenshot.png
        echo "No display: the window was rendered to build/sandbox-screenshot.png"
    fi
fi
