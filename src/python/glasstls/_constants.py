"""The names and numbers of CPython 3.11's ssl module, as glasstls answers them.

Programs compare these with ``==``, combine them with ``|`` and print them,
so each has CPython's type (an IntEnum or IntFlag of the same name) and
value. glasstls speaks TLS 1.2 only: the options and flags that would change
something only in other versions or in OpenSSL are accepted and do nothing
(docs/python.md lists them).
"""
import enum
from collections import namedtuple

__all__ = []   # filled below: everything here is public in glasstls.ssl


def _export(**names):
    globals().update(names)
    __all__.extend(names)


class _SSLMethod(enum.IntEnum):
    PROTOCOL_TLS = 2
    PROTOCOL_TLSv1 = 3
    PROTOCOL_TLSv1_1 = 4
    PROTOCOL_TLSv1_2 = 5
    PROTOCOL_TLS_CLIENT = 16
    PROTOCOL_TLS_SERVER = 17


_export(_SSLMethod=_SSLMethod, PROTOCOL_SSLv23=_SSLMethod.PROTOCOL_TLS,
        **dict(_SSLMethod.__members__))
_PROTOCOL_NAMES = {m.value: m.name for m in _SSLMethod}
_PROTOCOL_NAMES[2] = 'PROTOCOL_TLS'   # the alias PROTOCOL_SSLv23 prints as TLS, as in CPython
_export(_PROTOCOL_NAMES=_PROTOCOL_NAMES)


class VerifyMode(enum.IntEnum):
    CERT_NONE = 0
    CERT_OPTIONAL = 1
    CERT_REQUIRED = 2


class VerifyFlags(enum.IntFlag):
    VERIFY_DEFAULT = 0
    VERIFY_CRL_CHECK_LEAF = 4        # no CRLs in glasstls: accepted, does nothing
    VERIFY_CRL_CHECK_CHAIN = 12      # likewise
    VERIFY_X509_STRICT = 32          # glasstls is always strict (RFC 5280)
    VERIFY_ALLOW_PROXY_CERTS = 64
    VERIFY_X509_TRUSTED_FIRST = 32768   # glasstls always prefers trusted issuers
    VERIFY_X509_PARTIAL_CHAIN = 524288


class Options(enum.IntFlag):
    OP_ALL = 0x80000050
    OP_NO_SSLv2 = 0
    OP_NO_SSLv3 = 0x2000000
    OP_NO_TLSv1 = 0x4000000
    OP_NO_TLSv1_1 = 0x10000000
    OP_NO_TLSv1_2 = 0x8000000        # would leave no version: refused at handshake
    OP_NO_TLSv1_3 = 0x20000000
    OP_IGNORE_UNEXPECTED_EOF = 0x80
    OP_NO_TICKET = 0x4000            # honoured: no RFC 5077 tickets
    OP_NO_COMPRESSION = 0x20000      # glasstls never compresses (RFC 5246 §6.2.2)
    OP_ENABLE_MIDDLEBOX_COMPAT = 0x100000   # TLS 1.3 only
    OP_CIPHER_SERVER_PREFERENCE = 0x400000  # glasstls servers always use their own order
    OP_NO_RENEGOTIATION = 0x40000000        # glasstls never renegotiates
    OP_SINGLE_DH_USE = 0
    OP_SINGLE_ECDH_USE = 0


class TLSVersion(enum.IntEnum):
    MINIMUM_SUPPORTED = -2
    MAXIMUM_SUPPORTED = -1
    SSLv3 = 0x0300
    TLSv1 = 0x0301
    TLSv1_1 = 0x0302
    TLSv1_2 = 0x0303
    TLSv1_3 = 0x0304


class AlertDescription(enum.IntEnum):
    ALERT_DESCRIPTION_CLOSE_NOTIFY = 0
    ALERT_DESCRIPTION_UNEXPECTED_MESSAGE = 10
    ALERT_DESCRIPTION_BAD_RECORD_MAC = 20
    ALERT_DESCRIPTION_RECORD_OVERFLOW = 22
    ALERT_DESCRIPTION_DECOMPRESSION_FAILURE = 30
    ALERT_DESCRIPTION_HANDSHAKE_FAILURE = 40
    ALERT_DESCRIPTION_BAD_CERTIFICATE = 42
    ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE = 43
    ALERT_DESCRIPTION_CERTIFICATE_REVOKED = 44
    ALERT_DESCRIPTION_CERTIFICATE_EXPIRED = 45
    ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN = 46
    ALERT_DESCRIPTION_ILLEGAL_PARAMETER = 47
    ALERT_DESCRIPTION_UNKNOWN_CA = 48
    ALERT_DESCRIPTION_ACCESS_DENIED = 49
    ALERT_DESCRIPTION_DECODE_ERROR = 50
    ALERT_DESCRIPTION_DECRYPT_ERROR = 51
    ALERT_DESCRIPTION_PROTOCOL_VERSION = 70
    ALERT_DESCRIPTION_INSUFFICIENT_SECURITY = 71
    ALERT_DESCRIPTION_INTERNAL_ERROR = 80
    ALERT_DESCRIPTION_USER_CANCELLED = 90
    ALERT_DESCRIPTION_NO_RENEGOTIATION = 100
    ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION = 110
    ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE = 111
    ALERT_DESCRIPTION_UNRECOGNIZED_NAME = 112
    ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE = 113
    ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE = 114
    ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY = 115


class SSLErrorNumber(enum.IntEnum):
    SSL_ERROR_SSL = 1
    SSL_ERROR_WANT_READ = 2
    SSL_ERROR_WANT_WRITE = 3
    SSL_ERROR_WANT_X509_LOOKUP = 4
    SSL_ERROR_SYSCALL = 5
    SSL_ERROR_ZERO_RETURN = 6
    SSL_ERROR_WANT_CONNECT = 7
    SSL_ERROR_EOF = 8
    SSL_ERROR_INVALID_ERROR_CODE = 10


for _enum in (VerifyMode, VerifyFlags, Options, AlertDescription, SSLErrorNumber):
    _export(**dict(_enum.__members__))
_export(VerifyMode=VerifyMode, VerifyFlags=VerifyFlags, Options=Options, TLSVersion=TLSVersion,
        AlertDescription=AlertDescription, SSLErrorNumber=SSLErrorNumber)


class _ASN1Object(namedtuple('_ASN1Object', 'nid shortname longname oid')):
    """An object identifier, as CPython's ssl names one."""

    _known = {
        '1.3.6.1.5.5.7.3.1': (129, 'serverAuth', 'TLS Web Server Authentication'),
        '1.3.6.1.5.5.7.3.2': (130, 'clientAuth', 'TLS Web Client Authentication'),
    }

    def __new__(cls, oid):
        nid, short, long = cls._known.get(oid, (0, oid, oid))
        return super().__new__(cls, nid, short, long, oid)

    @classmethod
    def fromnid(cls, nid):
        for oid, known in cls._known.items():
            if known[0] == nid:
                return cls(oid)
        raise ValueError(f'unknown NID {nid}')

    @classmethod
    def fromname(cls, name):
        for oid, (_, short, long) in cls._known.items():
            if name in (oid, short, long):
                return cls(oid)
        raise ValueError(f'unknown object {name!r}')


class Purpose(_ASN1Object, enum.Enum):
    """What a context's certificates are for (create_default_context)."""
    SERVER_AUTH = '1.3.6.1.5.5.7.3.1'
    CLIENT_AUTH = '1.3.6.1.5.5.7.3.2'


_export(_ASN1Object=_ASN1Object, Purpose=Purpose)

# Which versions and features this stack has (CPython's HAS_* names).
_export(HAS_SNI=True, HAS_ALPN=True, HAS_ECDH=True, HAS_NPN=False, HAS_NEVER_CHECK_COMMON_NAME=True,
        HAS_SSLv2=False, HAS_SSLv3=False, HAS_TLSv1=False, HAS_TLSv1_1=False, HAS_TLSv1_2=True,
        HAS_TLSv1_3=False, CHANNEL_BINDING_TYPES=['tls-unique'])

# glasstls's own version where programs look for OpenSSL's.
_export(OPENSSL_VERSION='glasstls 0.1.0 (TLS 1.2; not OpenSSL)', OPENSSL_VERSION_INFO=(0, 1, 0, 0, 0),
        OPENSSL_VERSION_NUMBER=0x00100000, _OPENSSL_API_VERSION=(0, 1, 0, 0, 0))

_export(PEM_HEADER='-----BEGIN CERTIFICATE-----', PEM_FOOTER='-----END CERTIFICATE-----')

DefaultVerifyPaths = namedtuple('DefaultVerifyPaths', 'cafile capath openssl_cafile_env openssl_cafile '
                                'openssl_capath_env openssl_capath')
_export(DefaultVerifyPaths=DefaultVerifyPaths)
