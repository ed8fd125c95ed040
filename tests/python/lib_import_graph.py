#!/usr/bin/python3
# Which ssl module the standard library and requests/urllib3 hold, once a
# program has imported them: each module that does `import ssl` must hold
# the very module the program's own `import ssl` gave (glasstls.ssl under
# glass python), and OpenSSL's binding _ssl must never have been loaded.
import sys
import ssl
import asyncio.selector_events
import asyncio.sslproto
import ftplib
import http.client
import imaplib
import poplib
import smtplib
import urllib.request

import requests
import urllib3.connection
import urllib3.util.ssl_

holders = [asyncio.selector_events, asyncio.sslproto, ftplib, http.client, imaplib, poplib, smtplib, urllib.request,
           urllib3.connection, urllib3.util.ssl_]
others = [m.__name__ for m in holders if m.ssl is not sys.modules['ssl']]
print('ssl module:', ssl.__name__)
print('modules holding another ssl:', others)
print('_ssl loaded:', '_ssl' in sys.modules)
print('requests', requests.__version__, 'urllib3', urllib3.__version__, 'uses', urllib3.util.ssl_.SSLContext.__module__)
