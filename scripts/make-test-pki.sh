#!/usr/bin/env bash
# A throwaway PKI for trying delivery locally (docs/delivery.md): a CA, a
# certificate for the local responder (localhost, 127.0.0.1) and a client
# certificate for the seller, each signed by the CA, with OpenSSL (and one
# for another host name, elsewhere.invalid, to see host names checked).
# Usage: scripts/make-test-pki.sh DIR   (writes DIR/{ca,responder,client,elsewhere}.{pem,key})
# Never use these outside a test: the keys are not protected.
set -euo pipefail
dir=${1:?usage: make-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"
days=30
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" -keyout ca.key -out ca.pem \
  -subj "/O=vardavtal test/CN=vardavtal test CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
issue() {  # name subject extensions
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days" -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue responder "/O=vardavtal test/CN=localhost" \
  "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
issue client "/O=Region Uppsala (test)/CN=vardavtal AS" "extendedKeyUsage=clientAuth"
# A responder certificate for another name: a client must refuse it on 127.0.0.1.
issue elsewhere "/O=vardavtal test/CN=elsewhere.invalid" \
  "subjectAltName=DNS:elsewhere.invalid
extendedKeyUsage=serverAuth"
rm -f ca.srl
chmod 600 ./*.key
