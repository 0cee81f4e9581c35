#!/usr/bin/env bash
# Runs a program against a real Secret Service: a private D-Bus session bus (dbus-run-session)
# with gnome-keyring-daemon, its login keyring created and unlocked with a test password, in a
# scratch HOME and XDG directories, so that the user's own keyring and settings are never
# touched. Usage: run-with-keyring.sh PROGRAM [ARGS…]
set -euo pipefail

if [ -z "${COSMOSCOPE_KEYRING_SCRATCH:-}" ]; then
    for tool in dbus-run-session gnome-keyring-daemon secret-tool dbus-send; do
        command -v "$tool" >/dev/null || { echo "run-with-keyring: $tool is missing" >&2; exit 1; }
    done
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch"/{home,data,config,cache,run}
    chmod 700 "$scratch/run"
    status=0
    env -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
        COSMOSCOPE_KEYRING_SCRATCH="$scratch" HOME="$scratch/home" \
        XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
        XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/run" \
        dbus-run-session -- bash "$0" "$@" || status=$?
    exit $status
fi

# Inside the private session bus. The password comes from a file, not a pipe: with pipefail,
# an `echo |` dies of SIGPIPE if the daemon closes its stdin first, and ends the script without
# a word (a loaded parallel run once ended here silently; this is the likely cause).
printf %s "cosmoscope-test-password" >"$COSMOSCOPE_KEYRING_SCRATCH/password"
if ! gnome-keyring-daemon --unlock --components=secrets \
    <"$COSMOSCOPE_KEYRING_SCRATCH/password" >"$COSMOSCOPE_KEYRING_SCRATCH/keyring.env"; then
    echo "run-with-keyring: gnome-keyring-daemon --unlock failed" >&2
    exit 1
fi
owner_pid() {
    dbus-send --session --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null \
        | awk '/uint32/ { print $2 }'
}
pid=""
for _ in $(seq 50); do # the daemon claims its bus name shortly after --unlock returns
    pid=$(owner_pid)
    [ -n "$pid" ] && break
    sleep 0.1
done
if [ -z "$pid" ]; then
    echo "run-with-keyring: no Secret Service on the session bus" >&2
    exit 1
fi
status=0
"$@" || status=$?
kill "$pid" 2>/dev/null || true
exit $status
