// glass verify --cafile ROOTS.pem [--capath DIR] [--untrusted CHAIN.pem]
//              [--host NAME_OR_IP] [--at TIME] [--purpose server|client] [--cn-fallback] LEAF.pem
// Exit 0: valid (the path is printed, leaf first); 1: invalid (one sentence);
// 2: an input cannot be read or parsed.
#include <ctime>
#include <iostream>

#include "cli.hpp"
#include "glasstls/verify.hpp"

namespace glass {

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass verify [--cafile ROOTS.pem] [--capath DIR] [--untrusted CHAIN.pem]\n"
    "                    [--host NAME_OR_IP] [--at TIME] [--purpose server|client]\n"
    "                    [--allow-sha1] [--cn-fallback] [--max-depth N]\n"
    "                    [--max-signature-checks N] [--profile rfc5280|webpki] LEAF.pem\n"
    "Builds and checks a path from LEAF to a trusted CA (RFC 5280 §6) and, with --host,\n"
    "the name (RFC 9525). Without --cafile/--capath the system bundle is trusted.\n"
    "--at takes 2030-01-01T00:00:00Z or Unix seconds (default: now).\n"
    "--cn-fallback: match the subject CN of a certificate without subjectAltName, which\n"
    "RFC 9525 §6.3 forbids (the default, --no-cn-fallback, does not).\n"
    "--max-depth N: at most N intermediate certificates between the leaf and the trust\n"
    "anchor, as openssl verify -verify_depth N counts (self-issued ones do not count; default 10).\n"
    "--max-signature-checks N: the path search gives up after N signature checks\n"
    "(default 100), so no chain can make it run for long.\n"
    "--profile webpki: the CA/Browser Forum rules of a public server's chain on top of\n"
    "RFC 5280 (EKU serverAuth in the leaf, a subjectAltName, no EKU in the root…;\n"
    "docs/x509.md lists them). Default: rfc5280.\n"
    "Exit 0: valid, the path is printed leaf first; 1: invalid; 2: unreadable input.\n";

// What the path must satisfy: the time, the purpose, the host name and the limits.
verify::Options verify_options(const Args& args) {
    verify::Options options;
    options.at = static_cast<std::int64_t>(std::time(nullptr));
    if (auto at = args.get("at")) {
        try {
            options.at = verify::parse_time_argument(*at);
        } catch (const TlsError& e) {
            throw UsageError(std::string("--at: ") + e.what());
        }
    }
    const std::string purpose = args.get("purpose").value_or("server");
    if (purpose != "server" && purpose != "client") throw UsageError("--purpose must be server or client");
    options.purpose = purpose == "server" ? verify::Purpose::server : verify::Purpose::client;
    options.host = args.get("host");
    options.allow_weak_signatures = args.flag("allow-sha1");
    options.cn_fallback = args.flag("cn-fallback");   // --no-cn-fallback: the default, kept as a no-op
    options.max_depth = args.get_size("max-depth", options.max_depth);
    options.max_signature_checks = args.get_size("max-signature-checks", options.max_signature_checks);
    options.profile = profile_option(args);
    return options;
}

// The certificates to check and to check against.
struct Inputs {
    verify::TrustStore trust;
    std::vector<x509::Certificate> untrusted, leaf;
};

// Reads the trust anchors, the intermediates and the leaf; false, having said why, when one cannot be read.
bool load_inputs(const Args& args, Inputs& in) {
    try {
        for (const std::string& f : args.all("cafile")) in.trust.add_file(f);
        for (const std::string& d : args.all("capath")) in.trust.add_directory(d);
        if (!args.get("cafile") && !args.get("capath")) in.trust.add_system();
        for (const std::string& f : args.all("untrusted")) {
            for (auto& c : x509::load_certificates(f)) in.untrusted.push_back(std::move(c));
        }
        in.leaf = x509::load_certificates(args.positional()[0]);
    } catch (const std::exception& e) {
        std::cerr << "glass verify: " << e.what() << "\n";
        return false;
    }
    return true;
}

} // namespace

int cmd_verify(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "allow-sha1", "cn-fallback", "no-cn-fallback"},
              {"cafile", "capath", "untrusted", "host", "at", "purpose", "max-depth", "max-signature-checks", "profile"});
    if (args.flag("help") || args.positional().size() != 1) {
        std::cout << kUsage;
        return args.flag("help") ? 0 : 2;
    }
    const verify::Options options = verify_options(args);
    Inputs in;
    if (!load_inputs(args, in)) return 2;
    for (const std::string& w : in.trust.warnings()) std::cerr << "glass verify: warning: " << w << "\n";
    // A file holding a whole chain: the first certificate is the leaf, the
    // rest are offered as intermediates (as a server sends them).
    for (std::size_t i = 1; i < in.leaf.size(); ++i) in.untrusted.push_back(in.leaf[i]);

    verify::Result r = verify::verify_chain(in.leaf[0], in.untrusted, in.trust, options);
    if (!r.ok) {
        std::cout << "glass verify: " << r.error << " [" << alert_name(r.alert) << "]\n";
        return 1;
    }
    for (std::size_t i = 0; i < r.path.size(); ++i) {
        std::cout << i << ": " << r.path[i].subject.to_string()
                  << (i + 1 == r.path.size() ? "   (trust anchor)" : "") << "\n";
    }
    return 0;
}

} // namespace glass
