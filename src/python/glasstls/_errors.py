"""CPython's ssl exceptions, and how a glasstls failure becomes one.

The hierarchy and attributes are CPython's (SSLError is an OSError with
``library``, ``reason``, ``errno`` and ``strerror``), and so is the shape of
the message — ``[SSL: REASON] text`` — so that a textbook's output reads the
same; where CPython names its C source line, glasstls says what happened in
its own sentence: ``(glasstls: the server's certificate was rejected: …)``.
"""
import errno as _errno
import socket as _socket

from . import _constants as _c

__all__ = ['SSLError', 'SSLZeroReturnError', 'SSLWantReadError', 'SSLWantWriteError', 'SSLSyscallError',
           'SSLEOFError', 'SSLCertVerificationError', 'CertificateError', 'socket_error']


class SSLError(OSError):
    """An error in the TLS layer."""
    library = None
    reason = None

    def __str__(self):
        return self.strerror if self.strerror else super().__str__()


class SSLZeroReturnError(SSLError):
    """The peer closed the TLS connection (close_notify)."""


class SSLWantReadError(SSLError):
    """Non-blocking: the operation needs bytes that have not arrived yet."""


class SSLWantWriteError(SSLError):
    """Non-blocking: the operation needs the socket to take more bytes."""


class SSLSyscallError(SSLError):
    """The operating system failed the connection."""


class SSLEOFError(SSLError):
    """The connection ended in violation of the protocol (no close_notify)."""


class SSLCertVerificationError(SSLError, ValueError):
    """The peer's certificate did not verify."""
    verify_code = None
    verify_message = None


CertificateError = SSLCertVerificationError
socket_error = OSError


def make_error(cls, number, reason, text, detail=None, library='SSL'):
    """An SSLError as CPython builds one: args (errno, '[SSL: REASON] text (…)')."""
    message = f'[{library}: {reason}] {text}' if reason else text
    if detail:
        message += f' (glasstls: {detail})'
    e = cls(number, message)
    e.library = library if reason else None
    e.reason = reason
    return e


def want_read():
    return make_error(SSLWantReadError, _c.SSL_ERROR_WANT_READ, None, 'The operation did not complete (read)')


def zero_return(detail=None):
    return make_error(SSLZeroReturnError, _c.SSL_ERROR_ZERO_RETURN, None, 'TLS/SSL connection has been closed (EOF)',
                      detail)


def eof_error(detail='the peer closed the TCP connection without close_notify'):
    return make_error(SSLEOFError, _c.SSL_ERROR_EOF, 'UNEXPECTED_EOF_WHILE_READING', 'EOF occurred in violation of protocol',
                      detail)


def timeout_error(operation):
    return _socket.timeout(f'The {operation} operation timed out')


def broken_pipe():
    return BrokenPipeError(_errno.EPIPE, 'Broken pipe (glasstls: the peer stopped reading or closed the connection)')


# OpenSSL's reason codes for an alert the peer sent: SSLv3's alerts keep
# their SSLv3 prefix, the ones TLS 1.0 added have TLSV1's.
_SSLV3_ALERTS = {'close_notify', 'unexpected_message', 'bad_record_mac', 'decompression_failure',
                 'handshake_failure', 'no_certificate', 'bad_certificate', 'unsupported_certificate',
                 'certificate_revoked', 'certificate_expired', 'certificate_unknown', 'illegal_parameter'}

# What OpenSSL calls our own refusals, by the alert glasstls sends for them.
_LOCAL_REASONS = {
    'bad_record_mac': ('DECRYPTION_FAILED_OR_BAD_RECORD_MAC', 'decryption failed or bad record mac'),
    'protocol_version': ('UNSUPPORTED_PROTOCOL', 'unsupported protocol'),
    'handshake_failure': ('NO_SHARED_CIPHER', 'no shared cipher'),
    'record_overflow': ('RECORD_OVERFLOW', 'record overflow'),
    'unexpected_message': ('UNEXPECTED_MESSAGE', 'unexpected message'),
    'no_application_protocol': ('NO_APPLICATION_PROTOCOL', 'no application protocol'),
}

# OpenSSL's X509_V_ERR codes and texts, for SSLCertVerificationError.
_VERIFY = {
    'certificate_expired': (10, 'certificate has expired'),
    'bad_certificate': (7, 'certificate signature failure'),
    'unsupported_certificate': (26, 'unsupported certificate purpose'),
    'certificate_revoked': (23, 'certificate revoked'),
}


def _verify_code(alert, host_mismatch, hostname, chain):
    if host_mismatch:
        kind = 'IP address' if _is_ip(hostname) else 'Hostname'
        return (64 if kind == 'IP address' else 62), f"{kind} mismatch, certificate is not valid for '{hostname}'."
    if alert in _VERIFY:
        return _VERIFY[alert]
    if alert == 'unknown_ca':
        if len(chain) == 1 and chain[0]:
            return 18, 'self-signed certificate'
        if len(chain) > 1 and chain[-1]:
            return 19, 'self-signed certificate in certificate chain'
        return 20, 'unable to get local issuer certificate'
    return 1, 'unspecified certificate verification error'


def _is_ip(text):
    for family in (_socket.AF_INET, _socket.AF_INET6):
        try:
            _socket.inet_pton(family, (text or '').strip('[]'))
            return True
        except OSError:
            pass
    return False


def translate(native, hostname=None, chain=()):
    """The CPython exception for a _glasstls.TlsError; `chain`: whether each
    certificate the peer sent is self-issued (OpenSSL's codes 18 and 19)."""
    alert, sentence, _code, from_peer, verify = native.args
    if verify is not None:
        v_alert, host_mismatch, _v_sentence = verify
        code, text = _verify_code(v_alert, host_mismatch, hostname, chain)
        e = make_error(SSLCertVerificationError, _c.SSL_ERROR_SSL, 'CERTIFICATE_VERIFY_FAILED',
                       f'certificate verify failed: {text}', sentence)
        e.verify_code, e.verify_message = code, text
        return e
    if from_peer:
        prefix = 'SSLV3' if alert in _SSLV3_ALERTS else 'TLSV1'
        words = alert.replace('_', ' ')
        return make_error(SSLError, _c.SSL_ERROR_SSL, f'{prefix}_ALERT_{alert.upper()}',
                          f'{prefix.lower()} alert {words}', sentence)
    if 'not a TLS record' in sentence or 'record header' in sentence or 'version' in sentence and alert != 'protocol_version':
        return make_error(SSLError, _c.SSL_ERROR_SSL, 'WRONG_VERSION_NUMBER', 'wrong version number', sentence)
    reason, text = _LOCAL_REASONS.get(alert, (alert.upper(), alert.replace('_', ' ')))
    return make_error(SSLError, _c.SSL_ERROR_SSL, reason, text, sentence)
