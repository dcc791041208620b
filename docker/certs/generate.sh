#!/bin/sh
# One-shot init of docker-compose: a CA for the gRPC links between Rally's services and one
# certificate per service, issued by it (EC P-256, server and client authentication, the
# service's name as subject alternative name). The CA key stays in its own volume, which only
# this init mounts; the services get their certificate, their key and the CA certificate.
# Runs again harmlessly: what exists is kept, so restarting the stack keeps the same CA.
set -eu
CA_DIR=${CA_DIR:-/rally-ca}
OUT=${OUT:-/rally-tls}
SERVICES="gate node-a node-b mesh"
# uid of the Rally images (docker/*.Dockerfile: USER 10001:10001); empty leaves the owner as is
OWNER=${OWNER-10001:10001}
DAYS=825

umask 077
if [ ! -f "$CA_DIR/ca.key" ]; then
  openssl ecparam -name prime256v1 -genkey -noout -out "$CA_DIR/ca.ec.key"
  openssl pkcs8 -topk8 -nocrypt -in "$CA_DIR/ca.ec.key" -out "$CA_DIR/ca.key"
  rm -f "$CA_DIR/ca.ec.key"
  openssl req -x509 -new -key "$CA_DIR/ca.key" -sha256 -days 3650 -subj "/CN=rally-links-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$CA_DIR/ca.crt"
fi
cp "$CA_DIR/ca.crt" "$OUT/ca.crt"
for name in $SERVICES; do
  if [ -f "$OUT/$name.crt" ] && openssl verify -CAfile "$OUT/ca.crt" "$OUT/$name.crt" >/dev/null 2>&1; then
    continue
  fi
  openssl ecparam -name prime256v1 -genkey -noout -out "$OUT/$name.ec.key"
  openssl pkcs8 -topk8 -nocrypt -in "$OUT/$name.ec.key" -out "$OUT/$name.key"
  rm -f "$OUT/$name.ec.key"
  openssl req -new -key "$OUT/$name.key" -subj "/CN=$name" -out "$OUT/$name.csr"
  printf 'subjectAltName=DNS:%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' \
    "$name" > "$OUT/$name.ext"
  openssl x509 -req -in "$OUT/$name.csr" -CA "$CA_DIR/ca.crt" -CAkey "$CA_DIR/ca.key" -CAcreateserial \
    -CAserial "$CA_DIR/ca.srl" -days "$DAYS" -sha256 -extfile "$OUT/$name.ext" -out "$OUT/$name.crt"
  rm -f "$OUT/$name.csr" "$OUT/$name.ext"
done
if [ -n "$OWNER" ]; then
  chown -R "$OWNER" "$OUT"
fi
chmod 0444 "$OUT"/*.crt
chmod 0400 "$OUT"/*.key
echo "Link certificates ready in $OUT: $SERVICES"
