#!/usr/bin/python3
# A TLS server as the SEED book writes one (tls_server.py): recv() the
# request, sendall() a page, for N connections in turn.
import socket
import ssl
import sys

port, certfile, keyfile, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
html = b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<!DOCTYPE html><h1>This is Bank32.com!</h1>\n'

context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(certfile, keyfile)
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(('127.0.0.1', port))
sock.listen(5)
print('listening on', port, flush=True)
for _ in range(count):
    newsock, fromaddr = sock.accept()
    newsock.settimeout(10)
    try:
        ssock = context.wrap_socket(newsock, server_side=True)
        data = ssock.recv(1024)
        print('Request:', data.split(b'\r\n')[0].decode(errors='replace'), flush=True)
        ssock.sendall(html)
        ssock.shutdown(socket.SHUT_RDWR)
        ssock.close()
    except (ssl.SSLError, OSError) as e:
        print('connection failed:', type(e).__name__, e, flush=True)
