// glass ciphers [LIST] — like `openssl ciphers -v LIST`.
#include <iomanip>
#include <iostream>

#include "cli.hpp"
#include "glasstls/cipher_suites.hpp"

namespace glass {

int cmd_ciphers(const std::vector<std::string>& argv) {
    Args args(argv, {"help"}, {});
    if (args.flag("help")) {
        std::cout << "usage: glass ciphers [LIST]\n"
                     "Prints the suites the cipher string LIST selects (default: DEFAULT), in order, one per line:\n"
                     "IANA id, IANA name, OpenSSL name, protocol, Kx/Au/Enc/Mac. LIST is read as openssl-ciphers(1)\n"
                     "defines it: suite names (OpenSSL or IANA) and aliases (ALL, HIGH, ECDHE, aRSA, AESGCM, SHA256,\n"
                     "TLSv1.2, CBC...), joined by '+' to intersect; !X removes for good, -X removes, +X moves to the\n"
                     "end; @STRENGTH sorts by key length; @SECLEVEL=N; items separated by ':'. The result is what\n"
                     "`openssl ciphers -s -tls1_2 LIST` prints, less the suites glasstls lacks, in the same order;\n"
                     "only DEFAULT (at the start) is in glasstls's own order.\n";
        return 0;
    }
    if (args.positional().size() > 1) throw UsageError("give one cipher list (separate names with ':')");
    const std::string list = args.positional().empty() ? "DEFAULT" : args.positional()[0];
    std::vector<const glasstls::CipherSuite*> suites;
    try {
        suites = glasstls::select_cipher_suites(list);
    } catch (const glasstls::TlsError& e) {
        // A list that selects nothing is the user's to correct: a usage
        // error, exit 2, as for every command.
        std::cerr << "glass ciphers: " << e.what() << "\n";
        return 2;
    }
    for (const glasstls::CipherSuite* s : suites) {
        std::cout << glasstls::suite_id_string(*s) << "  " << std::left << std::setw(46) << s->iana_name << " "
                  << std::setw(30) << s->openssl_name << " TLSv1.2 " << glasstls::suite_description(*s) << "\n";
    }
    return 0;
}

} // namespace glass
