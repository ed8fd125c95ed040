"""The certificate helpers of CPython's ssl: PEM and DER, certificate times,
match_hostname (still in 3.11, deprecated) and get_server_certificate."""
import base64 as _base64
import calendar as _calendar
import ipaddress as _ipaddress
import os as _os
import socket as _socket
import time as _time
import warnings as _warnings

from . import _constants as _c
from ._errors import CertificateError

__all__ = ['DER_cert_to_PEM_cert', 'PEM_cert_to_DER_cert', 'cert_time_to_seconds', 'match_hostname',
           'get_default_verify_paths']


def DER_cert_to_PEM_cert(der_cert_bytes):
    """A DER certificate as PEM text (RFC 7468 §2: 64 characters a line)."""
    text = _base64.standard_b64encode(der_cert_bytes).decode('ascii')
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return _c.PEM_HEADER + '\n' + '\n'.join(lines) + '\n' + _c.PEM_FOOTER + '\n'


def PEM_cert_to_DER_cert(pem_cert_string):
    """The DER bytes of a PEM certificate."""
    if not pem_cert_string.startswith(_c.PEM_HEADER):
        raise ValueError(f'Invalid PEM encoding; must start with {_c.PEM_HEADER}')
    if not pem_cert_string.strip().endswith(_c.PEM_FOOTER):
        raise ValueError(f'Invalid PEM encoding; must end with {_c.PEM_FOOTER}')
    body = pem_cert_string.strip()[len(_c.PEM_HEADER):-len(_c.PEM_FOOTER)]
    return _base64.decodebytes(body.encode('ASCII', 'strict'))


_MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')


def cert_time_to_seconds(cert_time):
    """'Jan  5 09:34:43 2018 GMT' (getpeercert's notBefore/notAfter) as Unix seconds."""
    try:
        month = _MONTHS.index(cert_time[:3].title()) + 1
    except ValueError:
        raise ValueError(f'time data {cert_time!r} does not match format "%b %d %H:%M:%S %Y GMT"') from None
    parsed = _time.strptime(cert_time[3:], ' %d %H:%M:%S %Y GMT')
    return _calendar.timegm((parsed[0], month) + parsed[2:6])


def _dnsname_match(pattern, hostname):
    """RFC 6125 §6.4.3: a wildcard only as the whole left-most label."""
    if not pattern:
        return False
    pattern, hostname = pattern.lower().rstrip('.'), hostname.lower().rstrip('.')
    if '*' not in pattern:
        return pattern == hostname
    first, _, rest = pattern.partition('.')
    if first != '*' or '*' in rest or not rest:   # ('*.test' matches 'lab.test', as in CPython)
        raise CertificateError(f'wildcard can only be present in the leftmost label: {pattern!r}.')
    host_first, _, host_rest = hostname.partition('.')
    return bool(host_first) and host_rest == rest


def _ip_match(text, host_ip):
    return _ipaddress.ip_address(text.rstrip()) == host_ip


def match_hostname(cert, hostname):
    """Deprecated since 3.7, as in CPython: raises CertificateError unless
    `cert` (a getpeercert() dictionary) names `hostname` in subjectAltName
    (the subject's CN only when the SAN names no host, as CPython does)."""
    _warnings.warn('ssl.match_hostname() is deprecated', category=DeprecationWarning, stacklevel=2)
    if not cert:
        raise ValueError('empty or no certificate, match_hostname needs a SSL socket or SSL context with either '
                         'CERT_OPTIONAL or CERT_REQUIRED')
    try:
        host_ip = _ipaddress.ip_address(hostname)
    except ValueError:
        host_ip = None
    names = []
    for kind, value in cert.get('subjectAltName', ()):
        if kind == 'DNS' and host_ip is None and _dnsname_match(value, hostname):
            return
        if kind == 'IP Address' and host_ip is not None and _ip_match(value, host_ip):
            return
        if kind in ('DNS', 'IP Address'):   # an email or URI entry leaves the CN in play, as in CPython
            names.append(value)
    if not names:
        for rdn in cert.get('subject', ()):
            for key, value in rdn:
                if key == 'commonName':
                    if _dnsname_match(value, hostname):
                        return
                    names.append(value)
    if len(names) > 1:
        raise CertificateError(f"hostname {hostname!r} doesn't match either of {', '.join(map(repr, names))}")
    if len(names) == 1:
        raise CertificateError(f"hostname {hostname!r} doesn't match {names[0]!r}")
    raise CertificateError('no appropriate commonName or subjectAltName fields were found')


def get_default_verify_paths():
    """Where the system's trust anchors are (Debian's ca-certificates)."""
    cafile, capath = '/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/certs'
    return _c.DefaultVerifyPaths(_os.environ.get('SSL_CERT_FILE', cafile) if _os.path.isfile(cafile) else None,
                                 _os.environ.get('SSL_CERT_DIR', capath) if _os.path.isdir(capath) else None,
                                 'SSL_CERT_FILE', cafile, 'SSL_CERT_DIR', capath)
