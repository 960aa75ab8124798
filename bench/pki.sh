# Sourced by the benchmarks that need a loopback HTTPS server (fleet.sh, tls-cold.sh).
# test_pki DIR: a throw-away CA (DIR/ca.pem, ca.key) and a localhost leaf it issued (DIR/s.pem, s.key; SANs
# localhost and 127.0.0.1, serverAuth), valid for a day.
test_pki() {
  local d="$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$d/s.key" -out "$d/s.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$d/s.ext"
  openssl x509 -req -in "$d/s.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 1 \
    -extfile "$d/s.ext" -out "$d/s.pem" 2>/dev/null
}

# free_port: a loopback TCP port nobody listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
