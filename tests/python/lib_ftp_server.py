#!/usr/bin/python3
# A small FTP control-connection server with AUTH TLS, PBSZ/PROT and CCC
# (RFC 4217): TLS starts on a connection that carried plain text, and CCC
# ends it again (unwrap()), the commands after it in plain text. No data
# connections. Serves COUNT sessions, printing each command and whether it
# came over TLS.
#   lib_ftp_server.py PORT CERTFILE KEYFILE COUNT
import socket
import ssl
import sys

port, certfile, keyfile, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(certfile, keyfile)


def session(sock):
    sock.sendall(b'220 lab.test FTP course server\r\n')
    buffer = b''
    while True:
        while b'\r\n' not in buffer:   # recv(), not makefile(): nothing read ahead of the TLS handshake
            chunk = sock.recv(4096)
            if not chunk:
                return sock
            buffer += chunk
        line, buffer = buffer.split(b'\r\n', 1)
        command = line.decode().split(' ', 1)[0].upper()
        over = 'TLS' if isinstance(sock, ssl.SSLSocket) and sock.version() else 'plain text'
        print('command', command, 'over', over, flush=True)
        if command == 'AUTH':
            sock.sendall(b'234 AUTH TLS successful\r\n')
            sock = context.wrap_socket(sock, server_side=True)
        elif command == 'USER':
            sock.sendall(b'331 Password required\r\n')
        elif command == 'PASS':
            sock.sendall(b'230 Logged in\r\n')
        elif command in ('PBSZ', 'PROT'):
            sock.sendall(b'200 OK\r\n')
        elif command == 'CCC':
            sock.sendall(b'200 Clearing the control channel\r\n')
            sock = sock.unwrap()   # close_notify both ways (RFC 5246 §7.2.1); the TCP connection stays
        elif command == 'PWD':
            sock.sendall(b'257 "/homework" is the current directory\r\n')
        elif command == 'QUIT':
            sock.sendall(b'221 Goodbye\r\n')
            return sock
        else:
            sock.sendall(b'502 Command not implemented\r\n')


listener = socket.create_server(('127.0.0.1', port))
print('listening on', port, flush=True)
for _ in range(count):
    conn, _ = listener.accept()
    conn.settimeout(10)
    try:
        session(conn).close()
    except (ssl.SSLError, OSError) as e:
        print('session failed:', type(e).__name__, e, flush=True)
        conn.close()
