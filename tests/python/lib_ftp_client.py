#!/usr/bin/python3
# ftplib.FTP_TLS as its documentation shows it: login() (which does AUTH
# TLS first), prot_p(), a command over TLS, then ccc() — which unwrap()s the
# control connection — and a command in plain text.
#   lib_ftp_client.py PORT CAFILE
import ftplib
import ssl
import sys

port, cafile = int(sys.argv[1]), sys.argv[2]
context = ssl.create_default_context(cafile=cafile)
ftp = ftplib.FTP_TLS(context=context, timeout=10)
ftp.connect('127.0.0.1', port)
ftp.login('student', 'secret')
ftp.prot_p()
print('ftplib: over', ftp.sock.version(), '-', ftp.pwd())
print('ftplib: CCC answered', ftp.ccc())
print('ftplib: after CCC -', ftp.pwd())
print('ftplib: QUIT answered', ftp.quit())
