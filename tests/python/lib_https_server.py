#!/usr/bin/python3
# HTTPS with http.server, as the tutorials do it: an HTTPServer whose
# listening socket is wrapped by the context, so that each accept() hands
# back a TLS connection; serves COUNT requests from DIR.
#   lib_https_server.py PORT CERTFILE KEYFILE DIR COUNT
import functools
import http.server
import ssl
import sys

port, certfile, keyfile, root, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(certfile, keyfile)
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
httpd = http.server.HTTPServer(('127.0.0.1', port), handler)
httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
print('listening on', port, flush=True)
for _ in range(count):
    httpd.handle_request()
print('served', count, flush=True)
