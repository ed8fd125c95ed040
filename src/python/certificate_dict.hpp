// SSLSocket.getpeercert() for the `ssl`-compatible module (issue 17).
//
// Programs print and compare what getpeercert() returns, so the dictionary is
// CPython 3.11's exactly (_decode_certificate in Modules/_ssl.c), including
// the parts CPython leaves to OpenSSL 3.0: the long attribute names
// (OBJ_obj2txt), the string conversions (ASN1_STRING_to_UTF8), the serial
// (i2a_ASN1_INTEGER), the times (ASN1_TIME_print) and the othername forms
// (GENERAL_NAME_print). tests/python/check_getpeercert.py compares it with
// CPython's own on real certificates.
#pragma once

#include <pybind11/pybind11.h>

#include "glasstls/x509.hpp"

// The keys, in CPython's order, each only when CPython's dictionary has it:
//   subject, issuer      ((('commonName', 'www.lab.test'),), …): RDNs of (name, value)
//   version              3
//   serialNumber         '0A1B…' (upper-case hex, two digits a byte, '-' when negative)
//   notBefore, notAfter  'Jan  5 09:34:43 2018 GMT'
//   subjectAltName       (('DNS', …), ('IP Address', …), ('email', …), ('URI', …),
//                         ('DirName', name), ('Registered ID', …), ('othername', …))
//   OCSP, caIssuers      URIs from authorityInfoAccess
//   crlDistributionPoints  fullName URIs
// A Name value CPython cannot decode either (not a string type, or not valid
// Unicode) raises ValueError or UnicodeDecodeError where CPython raises
// SSLError or UnicodeDecodeError.
namespace glasstls::python {
pybind11::dict certificate_dict(const x509::Certificate& cert);
} // namespace glasstls::python
