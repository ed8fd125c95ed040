// glass ca init DIR …  /  glass ca issue DIR --name HOST … --out PREFIX —
// the lab's certificates, made by glasstls itself (lab_ca.hpp).
#include <iostream>

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
    "          Default --key ecdsa, --days 365.\n";

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
            const int days = static_cast<int>(args.get_size("days", 3650));
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
        r.days = static_cast<int>(args.get_size("days", 365));
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
