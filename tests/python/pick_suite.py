#!/usr/bin/python3
# A client that picks its protocol and cipher suite by name and builds its
# context with create_default_context, as most tutorials do.
import socket
import ssl
import sys

hostname, port, cafile, cipher = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
context.minimum_version = ssl.TLSVersion.TLSv1_2
context.maximum_version = ssl.TLSVersion.TLSv1_2
context.set_ciphers(cipher)
with socket.create_connection(('127.0.0.1', port), timeout=10) as sock:
    with context.wrap_socket(sock, server_hostname=hostname) as ssock:
        print('protocol', ssock.version(), 'cipher', ssock.cipher()[0], 'bits', ssock.cipher()[2])
        print('channel binding', len(ssock.get_channel_binding('tls-unique')), 'bytes')
