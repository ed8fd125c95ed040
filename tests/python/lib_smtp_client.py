#!/usr/bin/python3
# smtplib as its documentation shows it: connect, starttls(context=…),
# send a message, quit. The certificate is checked against the address
# connected to (its subjectAltName holds IP:127.0.0.1).
#   lib_smtp_client.py PORT CAFILE
import smtplib
import ssl
import sys
from email.message import EmailMessage

port, cafile = int(sys.argv[1]), sys.argv[2]
message = EmailMessage()
message['From'], message['To'], message['Subject'] = 'student@lab.test', 'teacher@lab.test', 'homework'
message.set_content('Sent through smtplib over glasstls.')
context = ssl.create_default_context(cafile=cafile)
with smtplib.SMTP('127.0.0.1', port, local_hostname='client.lab.test', timeout=10) as smtp:
    smtp.ehlo()
    code, _ = smtp.starttls(context=context)
    print('smtplib: STARTTLS answered', code, '-', smtp.sock.version(), smtp.sock.cipher()[0])
    smtp.ehlo()
    refused = smtp.send_message(message)
    print('smtplib: message sent, refused:', refused)
print('smtplib.ssl is sys.modules["ssl"]:', smtplib.ssl is sys.modules['ssl'], '-', smtplib.ssl.__name__)
