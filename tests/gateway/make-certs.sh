#!/usr/bin/env bash
# Usage: make-certs.sh OUTDIR
# Writes a test CA (ca.pem, ca-key.pem), a server certificate signed by it (server.pem,
# server-key.pem; SAN IP:127.0.0.1, DNS:localhost; serverAuth; 10 years) and an unrelated
# self-signed certificate (untrusted.pem, untrusted-key.pem) for TLS-failure tests.
# Idempotent: does nothing when all files already exist.
set -euo pipefail
OUT="${1:?usage: make-certs.sh OUTDIR}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"   # absolute: the script works in a temporary folder below
FILES=(ca.pem ca-key.pem server.pem server-key.pem untrusted.pem untrusted-key.pem)
all=1
for f in "${FILES[@]}"; do [ -s "$OUT/$f" ] || all=0; done
[ "$all" = 1 ] && exit 0

TMP="$(mktemp -d "$OUT/.tmp.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
DAYS=3650
cd "$TMP"

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -keyout ca-key.pem -out ca.pem -subj "/CN=Cosmoscope Test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -new -newkey rsa:2048 -nodes -sha256 -keyout server-key.pem -out server.csr \
  -subj "/CN=localhost" 2>/dev/null
cat > server.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EXT
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -sha256 \
  -days "$DAYS" -extfile server.ext -out server.pem 2>/dev/null

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -keyout untrusted-key.pem -out untrusted.pem -subj "/CN=localhost" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "extendedKeyUsage=serverAuth" 2>/dev/null

chmod 600 ca-key.pem server-key.pem untrusted-key.pem
for f in "${FILES[@]}"; do mv -f "$f" "$OUT/$f"; done
