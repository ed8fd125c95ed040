#!/usr/bin/python3
# ssl.match_hostname(cert, hostname) — deprecated since 3.7 but still in
# 3.11, and what older libraries and course notes call after getpeercert() —
# on getpeercert()-shaped dictionaries, one line per case:
#   NAME: ok   or   NAME: CLASS
import ssl
import warnings

warnings.simplefilter('ignore', DeprecationWarning)


def cert(*san, cn=None):
    c = {'subjectAltName': tuple(san)} if san else {}
    if cn:
        c['subject'] = ((('organizationName', 'glasstls lab'),), (('commonName', cn),))
    return c


www = cert(('DNS', 'www.lab.test'), ('DNS', 'lab.test'), ('IP Address', '127.0.0.1'), cn='www.lab.test')
cases = [
    ('exact name', www, 'www.lab.test'),
    ('upper-case name', www, 'WWW.LAB.TEST'),
    ('second SAN', www, 'lab.test'),
    ('another name', www, 'evil.example'),
    ('an IP address in the SAN', www, '127.0.0.1'),
    ('an IP address not in the SAN', www, '10.0.0.1'),
    ('IPv6 in the SAN', cert(('IP Address', '0:0:0:0:0:0:0:1'), ('DNS', 'localhost')), '::1'),
    ('a name that is an IP address in a DNS entry', cert(('DNS', '127.0.0.1')), '127.0.0.1'),
    ('wildcard', cert(('DNS', '*.lab.test')), 'www.lab.test'),
    ('wildcard, two labels deep', cert(('DNS', '*.lab.test')), 'a.b.lab.test'),
    ('wildcard, the bare domain', cert(('DNS', '*.lab.test')), 'lab.test'),
    ('wildcard under a one-label domain', cert(('DNS', '*.test')), 'lab.test'),
    ('partial wildcard', cert(('DNS', 'w*.lab.test')), 'www.lab.test'),
    ('two wildcards', cert(('DNS', '*.*.lab.test')), 'a.b.lab.test'),
    ('a sole wildcard', cert(('DNS', '*')), 'lab'),
    ('wildcard not leftmost', cert(('DNS', 'www.*.test')), 'www.lab.test'),
    ('CN only', cert(cn='cn.lab.test'), 'cn.lab.test'),
    ('CN and a DNS SAN for another name', cert(('DNS', 'san.lab.test'), cn='cn.lab.test'), 'cn.lab.test'),
    ('CN and only an email SAN', cert(('email', 'a@lab.test'), cn='cn.lab.test'), 'cn.lab.test'),
    ('no names at all', {'subject': ((('organizationName', 'x'),),)}, 'www.lab.test'),
    ('an empty dictionary', {}, 'www.lab.test'),
]
for name, c, host in cases:
    try:
        ssl.match_hostname(c, host)
        print(f'{name}: ok')
    except Exception as e:
        print(f'{name}: {type(e).__name__}')
