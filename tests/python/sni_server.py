#!/usr/bin/python3
# A server with two certificates chosen by the name the client asks for
# (RFC 6066 server_name): sni_callback switches the connection's context.
import socket
import ssl
import sys

port, default_cert, default_key, other_cert, other_key, other_name = sys.argv[1:7]
default = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
default.load_cert_chain(default_cert, default_key)
other = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
other.load_cert_chain(other_cert, other_key)


def choose(sslsocket, server_name, context):
    print('client asked for', server_name, flush=True)
    if server_name == 'refused.test':
        return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
    if server_name == other_name:
        sslsocket.context = other
    return None


default.sni_callback = choose
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('127.0.0.1', int(port)))
listener.listen(5)
print('listening on', port, flush=True)
for _ in range(3):
    conn, _ = listener.accept()
    conn.settimeout(10)
    try:
        with default.wrap_socket(conn, server_side=True) as tls:
            tls.recv(1024)
            tls.sendall(b'HTTP/1.0 200 OK\r\n\r\nserved\n')
    except (ssl.SSLError, OSError) as e:
        print('refused:', type(e).__name__, flush=True)
