#!/usr/bin/python3
# What a program sees when TLS goes wrong: each CASE makes one connection to
# 127.0.0.1:PORT as a student's client would, and prints what happened as
#   CASE: raised EXCEPTION-CLASS [verify_code N] in S s: MESSAGE
# (urllib's URLError as URLError(CLASS OF ITS REASON))
# or
#   CASE: returned VALUE in S s
# The same script runs under Debian's python3 (OpenSSL) and under glass
# python: the suite compares the two class names.
#   lib_errors.py CASE PORT [CAFILE]
# CASE: verify (a chain that does not verify: wrong CA, expired),
#   tlsv1 (ssl.PROTOCOL_TLSv1), ragged / ragged-strict (recv() when the
#   peer cut the connection mid-record; suppress_ragged_eofs default / False),
#   asyncio-ragged (the same, read by an asyncio stream), not-tls (an HTTP
#   server), handshake-eof (the peer closes after half a record), silent (a
#   server that never answers; socket timeout 2 s), read-timeout (a server that
#   completes the handshake, then says nothing; timeout 2 s), urllib-verify
#   (urlopen against a chain that does not verify), system-trust
#   (http.client with no context: the system's trust anchors, which do not
#   hold the lab's root), wrong-name (http.client to `localhost`, a name the
#   certificate does not hold), asyncio-verify (open_connection(ssl=True):
#   the system's trust anchors), asyncio-silent (a server that never answers;
#   ssl_handshake_timeout=2). A CASE ending in
#   -no-ignore-eof clears OP_IGNORE_UNEXPECTED_EOF first (CPython sets it).
import asyncio
import http.client
import socket
import ssl
import sys
import time
import urllib.error
import urllib.request
import warnings

warnings.simplefilter('ignore', DeprecationWarning)   # PROTOCOL_TLSv1 is deprecated: the point of the case
case, port = sys.argv[1], int(sys.argv[2])
option_off = case.endswith('-no-ignore-eof')
case = case.removesuffix('-no-ignore-eof')
cafile = sys.argv[3] if len(sys.argv) > 3 else None


def context():
    ctx = ssl.create_default_context(cafile=cafile) if cafile else ssl.create_default_context()
    if not cafile:   # the case is not about verification
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if option_off:
        ctx.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF
    return ctx


def connect(ctx, **kwargs):
    sock = socket.create_connection(('127.0.0.1', port), timeout=2 if case in ('silent', 'read-timeout') else 10)
    return ctx.wrap_socket(sock, server_hostname='www.lab.test', **kwargs)


async def asyncio_read():
    reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=context(), server_hostname='www.lab.test')
    writer.write(b'GET / HTTP/1.0\r\n\r\n')
    data = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return repr(data)


async def asyncio_connect():
    if case == 'asyncio-verify':
        reader, writer = await asyncio.open_connection('localhost', port, ssl=True)
    else:
        reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=context(), server_hostname='www.lab.test',
                                                       ssl_handshake_timeout=2 if case == 'asyncio-silent' else None)
    writer.close()
    return 'connected'


def run():
    if case == 'verify':
        connect(context())
        return 'connected'
    if case == 'tlsv1':
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        connect(ctx)
        return 'connected'
    if case in ('ragged', 'ragged-strict'):
        kwargs = {'suppress_ragged_eofs': False} if case == 'ragged-strict' else {}
        tls = connect(context(), **kwargs)
        tls.sendall(b'GET / HTTP/1.0\r\n\r\n')
        return repr(tls.recv(1024))
    if case == 'read-timeout':
        tls = connect(context())
        tls.sendall(b'GET / HTTP/1.0\r\n\r\n')
        return repr(tls.recv(1024))
    if case == 'urllib-verify':
        with urllib.request.urlopen(f'https://127.0.0.1:{port}/', context=context(), timeout=10) as response:
            return response.status
    if case in ('system-trust', 'wrong-name'):
        conn = http.client.HTTPSConnection('localhost', port, timeout=10,
                                           context=context() if case == 'wrong-name' else None)
        conn.request('GET', '/')
        return conn.getresponse().status
    if case == 'asyncio-ragged':
        return asyncio.run(asyncio_read())
    if case in ('asyncio-handshake-eof', 'asyncio-verify', 'asyncio-silent'):
        return asyncio.run(asyncio_connect())
    if case in ('not-tls', 'handshake-eof', 'silent'):
        connect(context())
        return 'connected'
    raise SystemExit(f'unknown case {case}')


label = sys.argv[1]
start = time.monotonic()
try:
    value = run()
    print(f'{label}: returned {value} in {time.monotonic() - start:.1f} s')
except Exception as e:
    name = type(e).__name__
    if isinstance(e, urllib.error.URLError):   # urllib's wrapper: what it holds is the TLS error
        e = e.reason
        name += f'({type(e).__name__})'
    code = f' verify_code {e.verify_code}' if isinstance(e, ssl.SSLCertVerificationError) else ''
    print(f'{label}: raised {name}{code} in {time.monotonic() - start:.1f} s: {e}')
