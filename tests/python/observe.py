#!/usr/bin/python3
# glasstls's teaching extras from a program: the events of each connection as
# dictionaries, and the illustrated page of the connection.
import socket
import sys

import glasstls.ssl as ssl

hostname, port, cafile, page = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=cafile)
events = []
context.glasstls_observe(events.append)
with socket.create_connection(('127.0.0.1', port), timeout=10) as sock:
    with context.wrap_socket(sock, server_hostname=hostname) as ssock:
        ssock.sendall(b'GET / HTTP/1.0\r\n\r\n')
        while ssock.recv(4096):
            pass
        with open(page, 'w') as f:
            f.write(ssock._repr_html_())
kinds = sorted({e.get('event', '?') for e in events})
print('events', len(events), 'kinds', ' '.join(kinds))
print('messages', ' '.join(e['name'] for e in events if e.get('event') == 'message'))
