// glass ca init DIR …  /  glass ca issue DIR --name HOST … --out PREFIX —
// the lab's certificates, made by glasstls itself (lab_ca.hpp).
#include <algorithm>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "cli.hpp"
#include "glasstls/lab/lab_ca.hpp"

namespace glass {

using glasstls::lab::LabCa, glasstls::lab::IssueRequest, glasstls::lab::Issued;
using glasstls::lab::KeyKind, glasstls::lab::parse_key_kind, glasstls::lab::write_text_file;

namespace {

const char* kUsage =
    "usage: glass ca init DIR [--key rsa|ecdsa|ed25519] [--name \"CN=…, O=…\"] [--days N]\n"
    "       glass ca issue DIR --name HOST [--san DNS:NAME|IP:ADDR]… [--key rsa|ecdsa|ed25519] [--days N]\n"
    "                      [--client] [--intermediate] --out PREFIX\n"
    "  init    a root CA: DIR/ca.pem (self-signed) and DIR/ca.key (PKCS#8, mode 600); default\n"
    "          --key ecdsa (P-256), --name \"CN=glasstls Lab CA, O=glasstls lab\", --days 3650\n"
    "  issue   a certificate signed by the CA in DIR: PREFIX.pem (it, then the chain above it,\n"
    "          without the root) and PREFIX.key. --name HOST is its CN and, for a server, its first\n"
    "          subjectAltName; --client: a client certificate (extendedKeyUsage clientAuth);\n"
    "          --intermediate: a CA (pathLenConstraint 0) — `--out D/ca` makes D a CA directory.\n"
    "          Default --key ecdsa, --days 365.\n"
    "What would make an invalid certificate is refused: names are UTF-8 without control characters,\n"
    "C two letters A-Z (ISO 3166); a DNS: name a host name (letters, digits, hyphens; xn-- for other\n"
    "scripts; *. first at most); --days at least 1 and ending by 9999-12-31 (RFC 5280 §4.1.2.5).\n";

// --days N: a whole number of days, at least 1 (a minus sign is refused here:
// get_size would read "-5" as 2^64 - 5). LabCa refuses a validity past 9999.
int read_days(const Args& args, int fallback) {
    const std::optional<std::string> text = args.get("days");
    if (text && text->rfind('-', 0) == 0) throw std::invalid_argument("--days is at least 1, not " + *text);
    return static_cast<int>(std::min<std::size_t>(args.get_size("days", static_cast<std::size_t>(fallback)), 100'000'000));
}

} // namespace

int cmd_ca(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "client", "intermediate"}, {"key", "name", "days", "san", "out"});
    if (args.flag("help") || args.positional().empty()) {
        std::cout << kUsage;
        return args.flag("help") ? 0 : 2;
    }
    if (args.positional().size() != 2) throw UsageError("give init DIR or issue DIR");
    const std::string& action = args.positional()[0];
    const std::string& dir = args.positional()[1];
    try {
        const KeyKind key = parse_key_kind(args.get("key").value_or("ecdsa"));
        if (action == "init") {
            const int days = read_days(args, 3650);
            LabCa::init(dir, key, args.get("name").value_or("CN=glasstls Lab CA, O=glasstls lab"), days);
            std::cout << "glass ca: a root CA in " << dir << "/ca.pem, its key in " << dir << "/ca.key (keep it secret)\n";
            return 0;
        }
        if (action != "issue") throw UsageError("the actions are init and issue");
        const auto name = args.get("name");
        const auto out = args.get("out");
        if (!name || !out) throw UsageError("issue needs --name and --out");
        IssueRequest r;
        r.name = *name;
        r.sans = args.all("san");
        r.key = key;
        r.days = read_days(args, 365);
        r.client = args.flag("client");
        r.intermediate = args.flag("intermediate");
        if (r.client && r.intermediate) throw UsageError("--client and --intermediate exclude each other");
        const Issued issued = LabCa(dir).issue(r);
        write_text_file(*out + ".key", issued.key_pem(), true);
        write_text_file(*out + ".pem", issued.pem(), false);
        std::cout << "glass ca: " << (r.intermediate ? "an intermediate CA" : r.client ? "a client certificate" : "a server certificate")
                  << " for " << *name << " in " << *out << ".pem (with " << issued.chain.size() - 1 << " chain certificate"
                  << (issued.chain.size() == 2 ? "" : "s") << "), its key in " << *out << ".key\n";
        return 0;
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    } catch (const std::runtime_error& e) {
        std::cerr << "glass ca: " << e.what() << "\n";
        return 1;
    }
}

} // namespace glass
