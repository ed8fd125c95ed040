#!/usr/bin/python3
# A small SMTP server with STARTTLS (RFC 3207), the kind a networking course
# writes to show upgrading a plain connection: the TLS handshake starts on
# a socket that has already carried plain-text lines. Serves COUNT sessions
# and prints each message it was given.
#   lib_smtp_server.py PORT CERTFILE KEYFILE COUNT
import socket
import ssl
import sys

port, certfile, keyfile, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(certfile, keyfile)


def lines(sock):
    """The client's lines, read with recv() (a buffered makefile() could
    swallow the first bytes of the TLS handshake after STARTTLS)."""
    buffer = b''
    while True:
        while b'\r\n' not in buffer:
            chunk = sock.recv(4096)
            if not chunk:
                return
            buffer += chunk
        line, buffer = buffer.split(b'\r\n', 1)
        yield line.decode()


def session(sock):
    sock.sendall(b'220 lab.test ESMTP glasstls course server\r\n')
    tls = False
    while True:
        for line in lines(sock):
            verb = line[:4].upper()
            if verb == 'EHLO':
                extensions = b'' if tls else b'250-STARTTLS\r\n'
                sock.sendall(b'250-lab.test\r\n' + extensions + b'250 8BITMIME\r\n')
            elif verb == 'STAR':
                sock.sendall(b'220 Ready to start TLS\r\n')
                sock = context.wrap_socket(sock, server_side=True)
                tls = True
                print('STARTTLS:', sock.version(), sock.cipher()[0], flush=True)
                break   # read the lines of the TLS connection now
            elif verb in ('MAIL', 'RCPT'):
                sock.sendall(b'250 OK\r\n')
            elif verb == 'DATA':
                sock.sendall(b'354 End data with <CR><LF>.<CR><LF>\r\n')
                body = []
                for data_line in lines(sock):
                    if data_line == '.':
                        break
                    body.append(data_line)
                print('message', 'over TLS' if tls else 'in plain text', '-', body[-1], flush=True)
                sock.sendall(b'250 OK: queued\r\n')
            elif verb == 'QUIT':
                sock.sendall(b'221 Bye\r\n')
                return sock
            else:
                sock.sendall(b'502 Command not implemented\r\n')
        else:
            return sock


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
