#!/usr/bin/python3
# requests.get(url, verify=CAFILE), the way everybody fetches a page — and,
# with `adapter`, through an HTTPAdapter that hands urllib3 a context of the
# program's own (create_default_context), as the requests docs show for
# custom TLS settings: urllib3 then does not build its own context (nor call
# set_ciphers), and the context checks the name itself (a DNS name: for an
# IP address urllib3 passes no server_hostname).
#   lib_requests.py URL CAFILE [adapter]
import ssl
import sys

import requests
import requests.adapters
import urllib3.util.ssl_

url, cafile = sys.argv[1], sys.argv[2]


class ContextAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        kwargs['ssl_context'] = ssl.create_default_context(cafile=cafile)
        return super().init_poolmanager(*args, **kwargs)


session = requests.Session()
if sys.argv[3:] == ['adapter']:
    session.mount('https://', ContextAdapter())
response = session.get(url, verify=cafile, timeout=10)
print('requests:', response.status_code, len(response.content), 'bytes')
print('body starts:', response.content[:60])
print('urllib3 uses', urllib3.util.ssl_.SSLContext.__module__, '- HAS_SNI', urllib3.util.ssl_.HAS_SNI,
      '- IS_PYOPENSSL', urllib3.util.ssl_.IS_PYOPENSSL)
