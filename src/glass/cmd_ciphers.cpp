// glass ciphers [LIST] — like `openssl ciphers -v`.
#include <iomanip>
#include <iostream>

#include "cli.hpp"
#include "glasstls/cipher_suites.hpp"

namespace glass {

int cmd_ciphers(const std::vector<std::string>& argv) {
    Args args(argv, {"help"}, {});
    if (args.flag("help")) {
        std::cout << "usage: glass ciphers [LIST]\n"
                     "Prints the suites LIST selects (default: DEFAULT), one per line: IANA id, IANA name,\n"
                     "OpenSSL name, protocol, Kx/Au/Enc/Mac. LIST takes OpenSSL or IANA names, ALL, DEFAULT\n"
                     "and !NAME, separated by ':'.\n";
        return 0;
    }
    if (args.positional().size() > 1) throw UsageError("give one cipher list (separate names with ':')");
    const std::string list = args.positional().empty() ? "DEFAULT" : args.positional()[0];
    std::vector<const glasstls::CipherSuite*> suites;
    try {
        suites = glasstls::select_cipher_suites(list);
    } catch (const glasstls::TlsError& e) {
        std::cerr << "glass ciphers: " << e.what() << "\n";
        return 1;
    }
    for (const glasstls::CipherSuite* s : suites) {
        std::cout << glasstls::suite_id_string(*s) << "  " << std::left << std::setw(46) << s->iana_name << " "
                  << std::setw(30) << s->openssl_name << " TLSv1.2 " << glasstls::suite_description(*s) << "\n";
    }
    return 0;
}

} // namespace glass
