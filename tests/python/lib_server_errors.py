#!/usr/bin/python3
# What a TLS server written as the textbooks write one sees when its
# clients go wrong: for each of COUNT connections in turn, one line —
#   connection N: raised EXCEPTION-CLASS: MESSAGE   or   connection N: ok VERSION
# The suite sends the same misbehaving clients to this program under glass
# python and under Debian's python3, and compares the classes.
#   lib_server_errors.py PORT CERTFILE KEYFILE COUNT
import socket
import ssl
import sys

port, certfile, keyfile, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(certfile, keyfile)
listener = socket.create_server(('127.0.0.1', port))
print('listening on', port, flush=True)
for n in range(1, count + 1):
    conn, _ = listener.accept()
    conn.settimeout(5)
    try:
        with context.wrap_socket(conn, server_side=True) as tls:
            print(f'connection {n}: ok', tls.version(), flush=True)
    except Exception as e:
        print(f'connection {n}: raised {type(e).__name__}: {e}', flush=True)
    conn.close()
