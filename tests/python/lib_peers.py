#!/usr/bin/python3
# Misbehaving peers for lib_errors.py, each on 127.0.0.1:PORT for COUNT
# connections in turn (60 s at most); each prints "listening on PORT".
#   lib_peers.py http PORT COUNT        a plain HTTP server: no TLS at all
#   lib_peers.py silent PORT COUNT      accepts, reads, never answers (holds the connection 10 s)
#   lib_peers.py header PORT COUNT      reads the ClientHello, sends a handshake record header and
#                                       part of the record, then closes
#   lib_peers.py cut PORT COUNT CERT KEY   a TLS server (the ssl module this runs on) that
#                                       completes the handshake, reads the request, then sends
#                                       half an application_data record and closes the TCP
#                                       connection: no close_notify (RFC 5246 §7.2.1)
#   lib_peers.py mute PORT COUNT CERT KEY  the same TLS server, which after the handshake reads
#                                       the request and says nothing (holds the connection 10 s)
import os
import socket
import sys
import threading
import time

mode, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
listener = socket.create_server(('127.0.0.1', port))
listener.settimeout(60)
print('listening on', port, flush=True)
context = None
if mode in ('cut', 'mute'):
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(sys.argv[4], sys.argv[5])
# An application_data record header (RFC 5246 §6.2.1) announcing 256 bytes, and 20 of them.
half_record = bytes([23, 3, 3, 1, 0]) + b'x' * 20


def serve(conn):
    conn.settimeout(10)
    try:
        if mode == 'http':
            conn.recv(4096)
            conn.sendall(b'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nno TLS here\r\n')
        elif mode == 'silent':
            conn.recv(4096)
            time.sleep(10)
        elif mode == 'header':
            conn.recv(4096)   # the ClientHello: unread, it would make the close a reset
            conn.sendall(bytes([22, 3, 3, 0, 64]) + b'\x02' * 10)
        elif mode == 'cut':
            tls = context.wrap_socket(conn, server_side=True)
            tls.recv(4096)
            os.write(tls.fileno(), half_record)   # beneath the TLS layer: raw bytes on the wire
            socket.socket(fileno=os.dup(tls.fileno())).shutdown(socket.SHUT_RDWR)   # FIN, no close_notify
            conn = tls
        elif mode == 'mute':
            conn = context.wrap_socket(conn, server_side=True)
            conn.recv(4096)
            time.sleep(10)
    except OSError as e:
        print(mode, 'peer:', type(e).__name__, e, flush=True)
    finally:
        conn.close()


threads = []   # one a connection: a peer that holds one still answers the next
for _ in range(count):
    threads.append(threading.Thread(target=serve, args=(listener.accept()[0],)))
    threads[-1].start()
for t in threads:
    t.join()
print('done', flush=True)
