"""glasstls.ssl: CPython 3.11's ssl module, answered by glasstls.

``import glasstls.ssl as ssl`` — or run a program with ``glass python`` (or
``python3 -m glasstls.run``), where a plain ``import ssl`` gets this module,
for the program and for everything it imports (http.client, urllib, asyncio,
smtplib, requests…). The engine is glasstls's own sans-IO connection, driven
over the socket by the library's socket driver; no OpenSSL is involved. It
speaks TLS 1.2 only. docs/python.md says what differs from CPython's ssl.
"""
import json as _json
import os as _os
import socket as _socket
import warnings as _warnings
from collections import namedtuple   # noqa: F401 (CPython's ssl has these names too)
from socket import SOCK_STREAM, SOL_SOCKET, SO_TYPE, create_connection, socket   # noqa: F401

try:
    import _glasstls
except ImportError as _missing:
    raise ImportError("glasstls.ssl cannot load its native module _glasstls, built by glasstls's meson build for "
                      f"Debian's /usr/bin/python3 ({_missing}); run the program with `glass python`") from None

from . import _constants as _c
from ._certs import *            # noqa: F401,F403
from ._certs import __all__ as _certs_all
from ._constants import *        # noqa: F401,F403
from ._constants import __all__ as _constants_all
from ._errors import *           # noqa: F401,F403
from ._errors import __all__ as _errors_all
from . import _errors as _e
from ._sockets import MemoryBIO, SSLObject, SSLSession, SSLSocket

_DEFAULT_CIPHERS = 'DEFAULT'
_RESTRICTED_SERVER_CIPHERS = 'DEFAULT'


def _error(reason, text, detail=None):
    return _e.make_error(SSLError, _c.SSL_ERROR_SSL, reason, text, detail)


def _only_tls12():
    return _error('UNSUPPORTED_PROTOCOL', 'unsupported protocol', 'glasstls speaks TLS 1.2 only')


def _native_call(call, *args):
    """A _glasstls call outside a connection: its TlsError as an SSLError."""
    try:
        return call(*args)
    except _glasstls.TlsError as e:
        raise _error(e.args[0].upper(), e.args[0].replace('_', ' '), e.args[1]) from None


class SSLContext:
    """The settings and state shared by the connections made from it."""

    sslsocket_class = SSLSocket
    sslobject_class = SSLObject

    def __init__(self, protocol=None, *args, **kwargs):
        if protocol is None:
            _warnings.warn('ssl.SSLContext() without protocol argument is deprecated.', DeprecationWarning, stacklevel=2)
            protocol = PROTOCOL_TLS
        protocol = _SSLMethod(protocol)
        if protocol in (PROTOCOL_TLSv1, PROTOCOL_TLSv1_1):
            raise _error('UNSUPPORTED_PROTOCOL', 'unsupported protocol',
                         f'{protocol.name} is not available: glasstls speaks TLS 1.2 only (use PROTOCOL_TLS_CLIENT)')
        self.protocol = protocol
        self._native = _glasstls.Context(protocol == PROTOCOL_TLS_SERVER)
        client = protocol == PROTOCOL_TLS_CLIENT
        self._verify_mode = CERT_REQUIRED if client else CERT_NONE
        self._check_hostname = client
        self._native.verify_peer = client
        self._native.peer_certificate_required = client
        self._native.check_hostname = client
        self._options = Options(OP_ALL | OP_NO_SSLv3 | OP_NO_COMPRESSION | OP_CIPHER_SERVER_PREFERENCE |
                                OP_ENABLE_MIDDLEBOX_COMPAT | OP_IGNORE_UNEXPECTED_EOF)
        self._verify_flags = VERIFY_X509_TRUSTED_FIRST
        self._minimum_version = TLSVersion.MINIMUM_SUPPORTED
        self._maximum_version = TLSVersion.MAXIMUM_SUPPORTED
        self.sni_callback = None
        self.post_handshake_auth = False
        self.num_tickets = 2
        self.security_level = 2
        self._observers = []

    def __repr__(self):
        return f'<glasstls.ssl.SSLContext object at {id(self):#x}>'

    # ---- verification ----
    @property
    def verify_mode(self):
        return self._verify_mode

    @verify_mode.setter
    def verify_mode(self, value):
        value = VerifyMode(value)
        if value == CERT_NONE and self._check_hostname:
            raise ValueError('Cannot set verify_mode to CERT_NONE when check_hostname is enabled.')
        self._verify_mode = value
        self._native.verify_peer = value != CERT_NONE
        self._native.peer_certificate_required = value == CERT_REQUIRED

    @property
    def check_hostname(self):
        return self._check_hostname

    @check_hostname.setter
    def check_hostname(self, value):
        self._check_hostname = bool(value)
        self._native.check_hostname = bool(value)
        if value and self._verify_mode == CERT_NONE:
            self.verify_mode = CERT_REQUIRED   # as CPython: checking a name needs a verified chain

    @property
    def hostname_checks_common_name(self):
        return self._native.cn_fallback

    @hostname_checks_common_name.setter
    def hostname_checks_common_name(self, value):
        self._native.cn_fallback = bool(value)   # RFC 9525 §6.3 says no; a lab may want to show it

    @property
    def verify_flags(self):
        return self._verify_flags

    @verify_flags.setter
    def verify_flags(self, value):
        self._verify_flags = VerifyFlags(value)

    @property
    def options(self):
        return self._options

    @options.setter
    def options(self, value):
        self._options = Options(value)
        self._native.tickets = not (self._options & OP_NO_TICKET)

    @property
    def minimum_version(self):
        return self._minimum_version

    @minimum_version.setter
    def minimum_version(self, value):
        self._minimum_version = TLSVersion(value)

    @property
    def maximum_version(self):
        return self._maximum_version

    @maximum_version.setter
    def maximum_version(self, value):
        self._maximum_version = TLSVersion(value)

    def _speaks_tls12(self):
        low = TLSVersion.TLSv1_2 if self._minimum_version == TLSVersion.MINIMUM_SUPPORTED else self._minimum_version
        high = TLSVersion.TLSv1_2 if self._maximum_version == TLSVersion.MAXIMUM_SUPPORTED else self._maximum_version
        return low <= TLSVersion.TLSv1_2 <= high and not (self._options & OP_NO_TLSv1_2)

    def _check_usable(self, server_side, server_hostname):
        if not self._speaks_tls12():
            raise _only_tls12()
        if server_side and self.protocol == PROTOCOL_TLS_CLIENT:
            raise _error('', 'Cannot create a server socket with a PROTOCOL_TLS_CLIENT context')
        if not server_side and self.protocol == PROTOCOL_TLS_SERVER:
            raise _error('', 'Cannot create a client socket with a PROTOCOL_TLS_SERVER context')
        if not server_side and self._check_hostname and not server_hostname:
            raise ValueError('check_hostname requires server_hostname')

    # ---- trust anchors ----
    def load_verify_locations(self, cafile=None, capath=None, cadata=None):
        if cafile is None and capath is None and cadata is None:
            raise TypeError('cafile, capath and cadata cannot be all omitted')
        if cafile is not None:
            path = _os.fsdecode(cafile)
            if not _os.path.exists(path):
                raise FileNotFoundError(2, 'No such file or directory', path)
            _native_call(self._native.add_trust_file, path)
        if capath is not None:
            _native_call(self._native.add_trust_directory, _os.fsdecode(capath))
        if cadata is not None:
            data = cadata.encode('ascii') if isinstance(cadata, str) else bytes(cadata)
            _native_call(self._native.add_trust_data, data)

    def load_default_certs(self, purpose=Purpose.SERVER_AUTH):
        if not isinstance(purpose, _ASN1Object):
            raise TypeError(purpose)
        self.set_default_verify_paths()

    def set_default_verify_paths(self):
        paths = get_default_verify_paths()
        if paths.cafile:
            _native_call(self._native.add_trust_file, paths.cafile)
        else:
            _native_call(self._native.add_trust_system)

    def get_ca_certs(self, binary_form=False):
        ders = self._native.trust_der()
        return ders if binary_form else [_glasstls.decode_certificate(d) for d in ders]

    def cert_store_stats(self):
        n = self._native.trust_count
        return {'x509_ca': n, 'crl': 0, 'x509': n}

    # ---- our own certificate ----
    def load_cert_chain(self, certfile, keyfile=None, password=None):
        certfile = _os.fsdecode(certfile)
        keyfile = _os.fsdecode(keyfile) if keyfile is not None else certfile
        for path in (certfile, keyfile):
            if not _os.path.exists(path):
                raise FileNotFoundError(2, 'No such file or directory', path)
        if password is None:
            import getpass

            def password():
                return getpass.getpass('Enter PEM pass phrase:')
        try:
            self._native.load_cert_chain(certfile, keyfile, password)
        except _glasstls.TlsError as e:
            wrong_pass = e.args[0] == 'decrypt_error'
            raise _error('BAD_DECRYPT' if wrong_pass else 'PEM_LIB', 'bad decrypt' if wrong_pass else 'PEM lib',
                         e.args[1]) from None

    def load_dh_params(self, path):
        """Accepted: glasstls's DHE uses the RFC 7919 groups it offers (ffdhe2048 to ffdhe8192)."""
        if not _os.path.exists(_os.fsdecode(path)):
            raise FileNotFoundError(2, 'No such file or directory', path)

    def set_ecdh_curve(self, name):
        """Accepted: glasstls offers x25519, P-256, P-384 and P-521 (RFC 8422) and lets the peer choose."""
        if not isinstance(name, str):
            raise TypeError(name)

    # ---- suites and protocols ----
    def set_ciphers(self, ciphers):
        try:
            self._native.set_ciphers(ciphers)
        except _glasstls.TlsError as e:
            raise _error('NO_CIPHER_MATCH', 'No cipher can be selected.', e.args[1]) from None

    def get_ciphers(self):
        return [{'id': 0x03000000 | suite_id, 'name': name, 'protocol': 'TLSv1.2', 'description': description,
                 'strength_bits': bits, 'alg_bits': bits, 'aead': aead, 'symmetric': symmetric, 'digest': digest,
                 'kea': kea, 'auth': auth}
                for suite_id, name, description, bits, aead, symmetric, digest, kea, auth
                in _glasstls.suite_details(self._native.cipher_names())]

    def set_alpn_protocols(self, alpn_protocols):
        names = []
        for p in alpn_protocols:
            b = p.encode('ascii') if isinstance(p, str) else bytes(p)
            if not 0 < len(b) <= 255:
                raise _error('', 'NPN protocols must be 1 to 255 in length')
            names.append(b.decode('ascii'))
        self._native.set_alpn(names)

    def set_npn_protocols(self, npn_protocols):
        _warnings.warn('ssl NPN is deprecated, use ALPN instead', DeprecationWarning, stacklevel=2)
        raise NotImplementedError("The NPN extension requires OpenSSL 1.0.1 or later.")

    def set_servername_callback(self, server_name_callback):
        self.sni_callback = server_name_callback

    @property
    def keylog_filename(self):
        return self._native.keylog or None

    @keylog_filename.setter
    def keylog_filename(self, path):
        _native_call(setattr, self._native, 'keylog', _os.fsdecode(path) if path is not None else '')

    def session_stats(self):
        stats = dict.fromkeys(('number', 'connect', 'connect_good', 'connect_renegotiate', 'accept', 'accept_good',
                               'accept_renegotiate', 'hits', 'misses', 'timeouts', 'cache_full'), 0)
        stats.update(self._native.session_stats())
        return stats

    # ---- glasstls's teaching extras ----
    def glasstls_observe(self, callback):
        """Hands `callback` each event of each connection made from now on, as a
        dictionary — the events of ``glass client --trace-json``."""
        self._observers.append(callback)
        observers = list(self._observers)

        def each_line(line):
            event = _json.loads(line)
            for cb in observers:
                cb(event)
        self._native.observer = each_line

    # ---- making connections ----
    def wrap_socket(self, sock, server_side=False, do_handshake_on_connect=True, suppress_ragged_eofs=True,
                    server_hostname=None, session=None):
        return self.sslsocket_class._create(sock=sock, server_side=server_side,
                                            do_handshake_on_connect=do_handshake_on_connect,
                                            suppress_ragged_eofs=suppress_ragged_eofs,
                                            server_hostname=_hostname(server_hostname), context=self, session=session)

    def wrap_bio(self, incoming, outgoing, server_side=False, server_hostname=None, session=None):
        return self.sslobject_class._create(incoming, outgoing, server_side=server_side,
                                            server_hostname=_hostname(server_hostname), session=session, context=self)


def _hostname(name):
    """server_hostname as CPython takes it: str (IDNA-encoded if needed) or bytes."""
    if name is None:
        return None
    if isinstance(name, bytes):
        name = name.decode('ascii')
    if name.startswith('.'):
        raise ValueError("server_hostname cannot start with a dot")
    try:
        name.encode('ascii')
        return name
    except UnicodeEncodeError:
        return name.encode('idna').decode('ascii')


def create_default_context(purpose=Purpose.SERVER_AUTH, *, cafile=None, capath=None, cadata=None):
    """A context with CPython's defaults: a client verifies the server's chain
    and name against the system's (or the given) trust anchors."""
    if not isinstance(purpose, _ASN1Object):
        raise TypeError(purpose)
    context = SSLContext(PROTOCOL_TLS_CLIENT if purpose == Purpose.SERVER_AUTH else PROTOCOL_TLS_SERVER)
    if cafile or capath or cadata:
        context.load_verify_locations(cafile, capath, cadata)
    elif context.verify_mode != CERT_NONE:
        context.load_default_certs(purpose)
    return context


def _create_unverified_context(protocol=None, *, cert_reqs=CERT_NONE, check_hostname=False, purpose=Purpose.SERVER_AUTH,
                               certfile=None, keyfile=None, cafile=None, capath=None, cadata=None):
    if not isinstance(purpose, _ASN1Object):
        raise TypeError(purpose)
    if protocol is None:
        protocol = PROTOCOL_TLS_CLIENT if purpose == Purpose.SERVER_AUTH else PROTOCOL_TLS_SERVER
    context = SSLContext(protocol)
    context.check_hostname = check_hostname
    if cert_reqs is not None:
        context.verify_mode = cert_reqs
    if keyfile and not certfile:
        raise ValueError('certfile must be specified')
    if certfile or keyfile:
        context.load_cert_chain(certfile, keyfile)
    if cafile or capath or cadata:
        context.load_verify_locations(cafile, capath, cadata)
    elif context.verify_mode != CERT_NONE:
        context.load_default_certs(purpose)
    return context


_create_default_https_context = create_default_context
_create_stdlib_context = _create_unverified_context


def wrap_socket(sock, keyfile=None, certfile=None, server_side=False, cert_reqs=CERT_NONE, ssl_version=PROTOCOL_TLS,
                ca_certs=None, do_handshake_on_connect=True, suppress_ragged_eofs=True, ciphers=None):
    """Deprecated since 3.7 but still in 3.11, as in CPython."""
    _warnings.warn('ssl.wrap_socket() is deprecated, use SSLContext.wrap_socket()', DeprecationWarning, stacklevel=2)
    if server_side and not certfile:
        raise ValueError('certfile must be specified for server-side operations')
    if keyfile and not certfile:
        raise ValueError('certfile must be specified')
    context = SSLContext(ssl_version)
    context.verify_mode = cert_reqs
    if ca_certs:
        context.load_verify_locations(ca_certs)
    if certfile:
        context.load_cert_chain(certfile, keyfile)
    if ciphers:
        context.set_ciphers(ciphers)
    return context.wrap_socket(sock=sock, server_side=server_side, do_handshake_on_connect=do_handshake_on_connect,
                               suppress_ragged_eofs=suppress_ragged_eofs)


def get_server_certificate(addr, ssl_version=PROTOCOL_TLS_CLIENT, ca_certs=None, timeout=_socket._GLOBAL_DEFAULT_TIMEOUT):
    """The server's certificate as PEM (verified only when ca_certs is given)."""
    host, port = addr
    context = _create_unverified_context(ssl_version if ssl_version != PROTOCOL_TLS_SERVER else PROTOCOL_TLS_CLIENT,
                                         cert_reqs=CERT_REQUIRED if ca_certs else CERT_NONE, cafile=ca_certs)
    with create_connection(addr, timeout=timeout) as sock:
        with context.wrap_socket(sock, server_hostname=host) as sslsock:
            der = sslsock.getpeercert(True)
    return DER_cert_to_PEM_cert(der)


def get_protocol_name(protocol_code):
    return _PROTOCOL_NAMES.get(protocol_code, '<unknown>')


def RAND_bytes(n):
    return _glasstls.random_bytes(n)


def RAND_pseudo_bytes(n):
    return _glasstls.random_bytes(n), True


def RAND_status():
    return True   # libsodium's generator is always seeded from the kernel


def RAND_add(string, entropy):
    """Accepted; the kernel's generator needs no help."""


_GLOBAL_DEFAULT_TIMEOUT = _socket._GLOBAL_DEFAULT_TIMEOUT

# Tracebacks and reprs name this module, whichever file defines the class.
for _cls in (SSLError, SSLZeroReturnError, SSLWantReadError, SSLWantWriteError, SSLSyscallError, SSLEOFError,
             SSLCertVerificationError, SSLSocket, SSLObject, MemoryBIO, SSLSession, SSLContext):
    _cls.__module__ = __name__

__all__ = (['SSLContext', 'SSLSocket', 'SSLObject', 'MemoryBIO', 'SSLSession', 'create_default_context',
            'wrap_socket', 'get_server_certificate', 'get_protocol_name', 'RAND_bytes', 'RAND_pseudo_bytes',
            'RAND_status', 'RAND_add', 'create_connection']
           + _constants_all + _errors_all + _certs_all)
