"""SSLSocket, SSLObject, MemoryBIO and SSLSession, as CPython 3.11 shapes them.

An SSLSocket is a socket.socket whose bytes go through one glasstls
connection (_glasstls.Tls) driven on the socket's descriptor by the
library's socket driver; an SSLObject is the same engine, sans-IO, between
two MemoryBIOs (what asyncio uses).
"""
import builtins as _builtins
import errno as _errno
import socket as _socket
import weakref as _weakref

import _glasstls

from . import _constants as _c
from . import _errors as _e

__all__ = ['SSLSocket', 'SSLObject', 'MemoryBIO', 'SSLSession']

_CHUNK = 64 * 1024   # sendall() hands the engine this much at a time: memory stays flat


class SSLSession:
    """A session to resume (SSLSocket.session, wrap_socket(session=…))."""

    def __init__(self, native):
        self._native = native

    id = property(lambda self: self._native.id)
    time = property(lambda self: self._native.time)
    timeout = property(lambda self: self._native.timeout)
    has_ticket = property(lambda self: self._native.has_ticket)
    ticket_lifetime_hint = property(lambda self: self._native.ticket_lifetime_hint)

    def __eq__(self, other):
        return isinstance(other, SSLSession) and self.id == other.id

    def __hash__(self):
        return hash(self.id)


class MemoryBIO:
    """A buffer of bytes between an SSLObject and whatever moves them."""

    def __init__(self):
        self._buffer = bytearray()
        self._eof = False

    pending = property(lambda self: len(self._buffer))
    eof = property(lambda self: self._eof and not self._buffer)

    def read(self, size=-1):
        if size < 0 or size > len(self._buffer):
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def write(self, buf):
        if self._eof:
            raise _e.make_error(_e.SSLError, _c.SSL_ERROR_SSL, None, 'cannot write() after write_eof()')
        data = memoryview(buf).tobytes()
        self._buffer += data
        return len(data)

    def write_eof(self):
        self._eof = True


class _Connection:
    """What SSLSocket and SSLObject share: the engine and what it negotiated."""

    def _start(self, context, server_side, server_hostname, session):
        context._check_usable(server_side, server_hostname)
        self._context = context
        self._server_side = server_side
        self._server_hostname = server_hostname
        native_session = session._native if session is not None else None
        hook = None
        if server_side and context.sni_callback is not None:
            me = _weakref.ref(self)   # the engine holds the hook: no cycle through it

            def hook(name):
                conn = me()
                return conn._call_sni_callback(name) if conn is not None else None
        self._tls = _glasstls.Tls(context._native, server_side, server_hostname or '', native_session, hook)
        context._native.count('accept' if server_side else 'connect')

    def _call_sni_callback(self, name):
        """CPython's contract: sni_callback(sslsocket, server_name, context) may
        set sslsocket.context to serve another certificate, or return an
        ALERT_DESCRIPTION_* to refuse the name (RFC 6066 §3)."""
        before = self._context
        result = before.sni_callback(self, name, before)
        if self._context is not before:
            return self._context._native
        return None if result is None else int(result)

    def _translate(self, native_error):
        chain = self._tls.peer_chain_self_issued() if self._tls is not None else []
        return _e.translate(native_error, self._server_hostname, chain)

    def _handshake_finished(self):
        if self._counted:
            return
        self._counted = True
        native = self._context._native
        native.count('accept_good' if self._server_side else 'connect_good')
        if self._server_side and self._tls.resumed:
            native.count('hits')

    _counted = False

    # ---- what the handshake negotiated (CPython's names and return shapes) ----
    @property
    def context(self):
        return self._context

    @context.setter
    def context(self, ctx):
        self._context = ctx
    server_side = property(lambda self: self._server_side)
    server_hostname = property(lambda self: self._server_hostname)

    def _done(self):
        return self._tls is not None and self._tls.handshake_done

    def getpeercert(self, binary_form=False):
        if not self._done():
            raise ValueError('handshake not done yet')
        chain = self._tls.peer_chain_der()
        if not chain:
            return None
        if binary_form:
            return chain[0]
        # CPython gives the decoded fields only of a certificate that verified.
        return _glasstls.decode_certificate(chain[0]) if self._tls.peer_verified else {}

    def cipher(self):
        return self._tls.cipher() if self._done() else None

    def shared_ciphers(self):
        if not self._done() or not self._server_side:
            return None
        return [(name, 'TLSv1.2', bits)
                for _id, name, _desc, bits, *_ in _glasstls.suite_details(self._context._native.cipher_names())]

    def compression(self):
        return None   # RFC 5246 §6.2.2: glasstls offers only the null method

    def version(self):
        return 'TLSv1.2' if self._done() else None

    def selected_alpn_protocol(self):
        return (self._tls.alpn or None) if self._done() else None

    def selected_npn_protocol(self):
        return None

    def get_channel_binding(self, cb_type='tls-unique'):
        if cb_type not in _c.CHANNEL_BINDING_TYPES:
            raise ValueError(f'{cb_type} channel binding type not implemented')
        return self._tls.tls_unique if self._done() else None

    @property
    def session(self):
        native = self._tls.session if self._tls is not None else None
        return SSLSession(native) if native is not None and self._done() else None

    session_reused = property(lambda self: self._done() and self._tls.resumed)

    def verify_client_post_handshake(self):
        raise _e.make_error(_e.SSLError, _c.SSL_ERROR_SSL, 'WRONG_SSL_VERSION', 'wrong ssl version',
                            'post-handshake authentication is TLS 1.3; glasstls speaks TLS 1.2')

    # ---- glasstls's teaching extras ----
    def transcript_html(self):
        """The illustrated page of this connection so far (one HTML document)."""
        return self._tls.transcript_html()

    def _repr_html_(self):
        return self.transcript_html()


class SSLSocket(_Connection, _socket.socket):
    """A TLS connection over a TCP socket (SSLContext.wrap_socket)."""

    _tls = None

    def __init__(self, *args, **kwargs):
        raise TypeError(f'{self.__class__.__name__} does not have a public constructor. '
                        'Instances are returned by SSLContext.wrap_socket().')

    @classmethod
    def _create(cls, sock, server_side=False, do_handshake_on_connect=True, suppress_ragged_eofs=True,
                server_hostname=None, context=None, session=None):
        if sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_TYPE) != _socket.SOCK_STREAM:
            raise NotImplementedError('only stream sockets are supported')
        if server_side and server_hostname:
            raise ValueError('server_hostname can only be specified in client mode')
        if session is not None and server_side:
            raise ValueError('session can only be specified in client mode')
        kwargs = dict(family=sock.family, type=sock.type, proto=sock.proto, fileno=sock.fileno())
        self = cls.__new__(cls, **kwargs)
        _socket.socket.__init__(self, **kwargs)
        timeout = sock.gettimeout()
        sock.detach()
        self.settimeout(timeout)
        self.do_handshake_on_connect = do_handshake_on_connect
        self.suppress_ragged_eofs = suppress_ragged_eofs
        self._context, self._server_side, self._server_hostname = context, server_side, server_hostname
        self._session = session
        try:
            self.getpeername()
            connected = True
        except OSError as e:
            if e.errno != _errno.ENOTCONN:
                raise
            connected = False
        if connected:
            self._start(context, server_side, server_hostname, session)
            if do_handshake_on_connect:
                if self.gettimeout() == 0.0:
                    raise ValueError('do_handshake_on_connect should not be specified for non-blocking sockets')
                self.do_handshake()
        return self

    def _ms(self):
        t = self.gettimeout()
        return -1 if t is None else max(int(t * 1000), 1) if t > 0 else 0

    def _check(self, word, operation):
        if word == 'ok':
            return
        if word == 'want_read':
            raise _e.want_read()
        if word == 'timeout':
            raise _e.timeout_error(operation)
        if word == 'eof':
            raise _e.eof_error()
        raise _e.broken_pipe()

    def _engine(self):
        if self._tls is None:
            raise OSError(_errno.ENOTCONN, 'Transport endpoint is not connected')   # as CPython
        return self._tls

    # ---- the handshake ----
    def do_handshake(self, block=False):
        tls = self._engine()
        try:
            word = tls.io_handshake(self.fileno(), -1 if block else self._ms())
        except _glasstls.TlsError as e:
            raise self._translate(e) from None
        if word == 'eof' and self._ignores_eof():
            raise _e.zero_return('the peer closed the TCP connection during the handshake, and '
                                 'OP_IGNORE_UNEXPECTED_EOF (on by default, as in CPython) reads that as a close')
        self._check(word, 'handshake')
        self._handshake_finished()

    def _ignores_eof(self):
        # OpenSSL 3 with OP_IGNORE_UNEXPECTED_EOF, which CPython sets: a TCP
        # close without close_notify reads as one (recv() gives b'').
        return bool(self._context.options & _c.OP_IGNORE_UNEXPECTED_EOF)

    def _connected(self, addr, connect):
        if self._server_side:
            raise ValueError("can't connect in server-side mode")
        if self._tls is not None:
            raise ValueError('attempt to connect already-connected SSLSocket!')
        result = connect(self, addr)
        if result:
            return result
        self._start(self._context, False, self._server_hostname, self._session)
        if self.do_handshake_on_connect:
            self.do_handshake()
        return result

    def connect(self, addr):
        self._connected(addr, _socket.socket.connect)

    def connect_ex(self, addr):
        return self._connected(addr, _socket.socket.connect_ex)

    def accept(self):
        sock, addr = _socket.socket.accept(self)
        wrapped = self._context.wrap_socket(sock, do_handshake_on_connect=self.do_handshake_on_connect,
                                            suppress_ragged_eofs=self.suppress_ragged_eofs, server_side=True)
        return wrapped, addr

    # ---- application data ----
    def _ensure_handshake(self):
        if not self._engine().handshake_done:
            self.do_handshake()

    def read(self, len=1024, buffer=None):
        self._ensure_handshake()
        try:
            word, data = self._tls.io_read(self.fileno(), len if buffer is None else min(len, memoryview(buffer).nbytes),
                                           self._ms())
        except _glasstls.TlsError as e:
            raise self._translate(e) from None
        if word == 'eof' and not self.suppress_ragged_eofs and not self._ignores_eof():
            raise _e.eof_error()
        if word not in ('ok', 'closed', 'eof'):
            self._check(word, 'read')
        if buffer is None:
            return data
        n = _builtins.len(data)
        memoryview(buffer)[:n] = data
        return n

    # No TLS (not connected yet, or unwrap()ped): the plain socket's calls, as CPython's.
    def recv(self, buflen=1024, flags=0):
        if self._tls is None:
            return _socket.socket.recv(self, buflen, flags)
        if flags:
            raise ValueError(f'non-zero flags not allowed in calls to recv() on {self.__class__}')
        return self.read(buflen)

    def recv_into(self, buffer, nbytes=None, flags=0):
        if self._tls is None:
            return _socket.socket.recv_into(self, buffer, nbytes or 0, flags)
        if flags:
            raise ValueError(f'non-zero flags not allowed in calls to recv_into() on {self.__class__}')
        nbytes = nbytes or memoryview(buffer).nbytes
        return self.read(nbytes, buffer)

    def recvfrom(self, buflen=1024, flags=0):
        raise ValueError(f'recvfrom not allowed on instances of {self.__class__}')

    def recvfrom_into(self, buffer, nbytes=None, flags=0):
        raise ValueError(f'recvfrom_into not allowed on instances of {self.__class__}')

    def write(self, data):
        self._ensure_handshake()
        data = memoryview(data).tobytes()
        try:
            word = self._tls.io_write(self.fileno(), data, self._ms())
        except _glasstls.TlsError as e:
            raise self._translate(e) from None
        self._check(word, 'write')
        return len(data)

    def send(self, data, flags=0):
        if self._tls is None:
            return _socket.socket.send(self, data, flags)
        if flags:
            raise ValueError(f'non-zero flags not allowed in calls to send() on {self.__class__}')
        return self.write(data)

    def sendall(self, data, flags=0):
        if self._tls is None:
            return _socket.socket.sendall(self, data, flags)
        if flags:
            raise ValueError(f'non-zero flags not allowed in calls to sendall() on {self.__class__}')
        view = memoryview(data).cast('B')
        for start in range(0, len(view), _CHUNK):
            self.write(view[start:start + _CHUNK])

    def sendto(self, data, flags_or_addr, addr=None):
        raise ValueError(f'sendto not allowed on instances of {self.__class__}')

    def sendfile(self, file, offset=0, count=None):
        return self._sendfile_use_send(file, offset, count)

    def pending(self):
        return self._tls.pending if self._tls is not None else 0

    # ---- the end ----
    def unwrap(self):
        """close_notify both ways (RFC 5246 §7.2.1); the plain socket is left."""
        tls = self._engine()
        try:
            word = tls.io_shutdown(self.fileno(), self._ms())
        except _glasstls.TlsError as e:
            raise self._translate(e) from None
        self._tls = None
        if word not in ('ok', 'eof'):
            self._check(word, 'shutdown')
        return self

    def _say_goodbye(self):
        # CPython drops the TLS state silently here; glasstls sends close_notify
        # first, so that the peer can tell the end from a truncation (§7.2.1).
        tls, self._tls = self._tls, None
        if tls is not None and tls.handshake_done and not tls.failed and not tls.close_sent:
            try:
                tls.close()
                tls.io_flush(self.fileno(), 100)
            except (OSError, _glasstls.TlsError):
                pass

    def shutdown(self, how):
        self._say_goodbye()
        _socket.socket.shutdown(self, how)

    def _real_close(self):
        if self.fileno() != -1:
            self._say_goodbye()
        _socket.socket._real_close(self)

    def dup(self):
        raise NotImplementedError(f"Can't dup() {self.__class__.__name__} instances")

    def __repr__(self):
        return _socket.socket.__repr__(self).replace('<ssl.SSLSocket', '<glasstls.ssl.SSLSocket', 1)


class SSLObject(_Connection):
    """A TLS connection between two MemoryBIOs (SSLContext.wrap_bio)."""

    _tls = None

    def __init__(self, *args, **kwargs):
        raise TypeError(f'{self.__class__.__name__} does not have a public constructor. '
                        'Instances are returned by SSLContext.wrap_bio().')

    @classmethod
    def _create(cls, incoming, outgoing, server_side=False, server_hostname=None, session=None, context=None):
        self = cls.__new__(cls)
        self._incoming, self._outgoing = incoming, outgoing
        self._start(context, server_side, server_hostname, session)
        return self

    def _pump(self):
        """What arrived goes in, what the engine queued goes out — also after a
        failure, whose fatal alert is queued (RFC 5246 §7.2.2)."""
        try:
            data = self._incoming.read()
            if data:
                self._tls.feed(data)
        except _glasstls.TlsError as e:
            raise self._translate(e) from None
        finally:
            out = self._tls.take_output()
            if out:
                self._outgoing.write(out)

    def do_handshake(self):
        self._tls.start()
        self._pump()
        if not self._tls.handshake_done:
            if self._incoming.eof:
                raise _e.eof_error('the peer closed the connection during the handshake')
            raise _e.want_read()
        self._handshake_finished()

    def read(self, len=1024, buffer=None):
        if not self._tls.handshake_done:
            self.do_handshake()
        self._pump()
        data = self._tls.read(len if buffer is None else min(len, memoryview(buffer).nbytes))
        if not data and not self._tls.peer_closed:
            if self._incoming.eof:
                raise _e.eof_error()
            raise _e.want_read()
        if buffer is None:
            return data
        n = _builtins.len(data)
        memoryview(buffer)[:n] = data
        return n

    def write(self, data):
        if not self._tls.handshake_done:
            self.do_handshake()
        data = memoryview(data).tobytes()
        try:
            self._tls.write(data)
        except _glasstls.TlsError as e:
            raise self._translate(e) from None
        self._outgoing.write(self._tls.take_output())
        return len(data)

    def pending(self):
        return self._tls.pending

    def unwrap(self):
        self._tls.close()
        self._pump()
        if not self._tls.peer_closed:
            raise _e.want_read()
