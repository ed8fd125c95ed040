#!/usr/bin/python3
# A TLS client as the SEED book writes one (tls_client.py): verify the
# server with a CA file, print the cipher and the certificate, fetch a page.
import pprint
import socket
import ssl
import sys

hostname, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
check = len(sys.argv) < 5 or sys.argv[4] != 'no-check'

context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.load_verify_locations(cafile=cafile)
context.verify_mode = ssl.CERT_REQUIRED
context.check_hostname = check

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.settimeout(10)
sock.connect(('127.0.0.1', port))
ssock = context.wrap_socket(sock, server_hostname=hostname, do_handshake_on_connect=False)
try:
    ssock.do_handshake()
except ssl.SSLCertVerificationError as e:
    print('verification failed:', type(e).__name__, e.verify_code, e.verify_message)
    sys.exit(3)
print('=== Cipher used:', ssock.cipher())
print('=== Version:', ssock.version())
print('=== Server hostname:', ssock.server_hostname)
print('=== Server certificate:')
pprint.pprint(ssock.getpeercert())
request = b'GET / HTTP/1.0\r\nHost: ' + hostname.encode('utf-8') + b'\r\n\r\n'
ssock.sendall(request)
response = b''
while True:
    chunk = ssock.recv(2048)
    if not chunk:
        break
    response += chunk
print('=== Response:', len(response), 'bytes;', response.split(b'\r\n')[0].decode())
ssock.close()
