// libFuzzer harness for the certificate, private-key and PEM parsers: any
// input must parse or fail with TlsError — never crash, hang, read out of
// bounds or throw anything else (an escaping exception is a finding: it
// would abort a server thread). Parsed certificates are also run
// through path validation and the host check against themselves.
#include <cstdint>
#include <cstdlib>

#include "glasstls/pem.hpp"
#include "glasstls/verify.hpp"
#include "glasstls/x509.hpp"

using namespace glasstls;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ByteView in(data, size);
    try {
        x509::Certificate c = x509::parse_certificate(in);
        verify::TrustStore trust;
        trust.add(c);
        verify::Options opt;
        opt.at = c.not_before;
        opt.host = "www.lab.test";
        (void)verify::verify_chain(c, {c}, trust, opt);
        (void)c.fingerprint_sha256();
        (void)c.subject.to_string();
    } catch (const TlsError&) {
    }
    try {
        (void)x509::parse_private_key(in);
    } catch (const TlsError&) {
    }
    try {
        std::string_view text(reinterpret_cast<const char*>(data), size);
        for (const pem::Block& b : pem::decode(text)) {
            if (b.label == "CERTIFICATE") (void)x509::parse_certificate(b.der);
        }
    } catch (const TlsError&) {
    }
    return 0;
}
