#!/usr/bin/python3
"""A client that builds its context by hand and names its cipher suites,
as Foundations of Python Network Programming, chapter 6, shows under
"hand-picked ciphers and protocols" — and says what that choice gave.

    picky.py HOST PORT CAFILE CIPHERS    e.g. 'ECDHE+AESGCM' or 'AES128-SHA'
"""
import socket
import ssl
import sys

host, port, cafile, ciphers = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)   # check_hostname and CERT_REQUIRED on
context.load_verify_locations(cafile)
context.minimum_version = ssl.TLSVersion.TLSv1_2
context.options |= ssl.OP_NO_COMPRESSION
context.set_ciphers(ciphers)
print('offering', len(context.get_ciphers()), 'suites:', ' '.join(c['name'] for c in context.get_ciphers()[:4]),
      '...' if len(context.get_ciphers()) > 4 else '')
with socket.create_connection((host, port), timeout=10) as raw:
    try:
        ssock = context.wrap_socket(raw, server_hostname=host)
    except ssl.SSLError as error:
        print('no connection:', error.reason)
        sys.exit(1)
    with ssock:
        name, version, bits = ssock.cipher()
        print('negotiated:', version, name, bits, 'bits')
        print('forward secrecy:', 'yes' if name.startswith(('ECDHE-', 'DHE-')) else 'NO (RSA key transport)')
