// glass probe HOST:PORT — what does this server accept? (in the spirit of
// sslscan and the lecture notes' features.py / test_tls.py): protocol
// versions, every IANA TLS 1.2 cipher suite in the server's preference
// order, groups, signature schemes, forward secrecy, the extensions that
// matter, downgrade refusal, and the certificate chain — each by asking
// with a hand-built ClientHello (probe.hpp) and reading the answer.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/lab/iana_suites.hpp"
#include "glasstls/lab/probe.hpp"
#include "glasstls/socket_driver.hpp"
#include "glasstls/verify.hpp"
#include "glasstls/x509.hpp"

namespace glass {

using glasstls::lab::IanaSuite, glasstls::lab::iana_suite_name, glasstls::lab::iana_tls12_suites;
using glasstls::lab::HelloAnswer, glasstls::lab::HelloSpec, glasstls::lab::ask, glasstls::lab::suite_is_cbc, glasstls::lab::suite_key_exchange;
using glasstls::lab::suite_danger, glasstls::lab::unproven_key;

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass probe HOST:PORT [--servername NAME] [--cafile FILE] [--json] [--timeout SECONDS] [--max-time SECONDS]\n"
    "Asks the server, one hand-built ClientHello at a time, which protocol versions (SSL 3.0 to TLS 1.3),\n"
    "cipher suites (all of IANA's, in its preference order), groups and signature schemes it accepts;\n"
    "whether it offers forward secrecy, extended master secret, encrypt-then-MAC, secure renegotiation,\n"
    "session tickets, compression and heartbeats; whether it refuses a downgrade (TLS_FALLBACK_SCSV,\n"
    "RFC 7507); and checks its certificate chain (against --cafile, default the system's CAs) and that\n"
    "the server holds its key (the ServerKeyExchange signature). Answers no server may give (a suite\n"
    "or version that was not offered) and dangerous ones (NULL, EXPORT, anon suites) are WARNINGS.\n"
    "  --timeout S    for each answer (default 5);  --max-time S  for the whole probe (default 120):\n"
    "                 when it passes, the questions not yet asked are skipped and named in the report\n";

struct Named {
    std::uint16_t code;
    const char* name;
};
const Named kGroups[] = {{29, "x25519"}, {23, "secp256r1"}, {24, "secp384r1"}, {25, "secp521r1"}, {30, "x448"},
                         {256, "ffdhe2048"}, {257, "ffdhe3072"}, {258, "ffdhe4096"}, {259, "ffdhe6144"}, {260, "ffdhe8192"}};
const Named kSchemes[] = {{0x0403, "ecdsa_secp256r1_sha256"}, {0x0503, "ecdsa_secp384r1_sha384"}, {0x0603, "ecdsa_secp521r1_sha512"},
                          {0x0807, "ed25519"}, {0x0808, "ed448"}, {0x0804, "rsa_pss_rsae_sha256"}, {0x0805, "rsa_pss_rsae_sha384"},
                          {0x0806, "rsa_pss_rsae_sha512"}, {0x0809, "rsa_pss_pss_sha256"}, {0x080a, "rsa_pss_pss_sha384"},
                          {0x080b, "rsa_pss_pss_sha512"}, {0x0401, "rsa_pkcs1_sha256"}, {0x0501, "rsa_pkcs1_sha384"},
                          {0x0601, "rsa_pkcs1_sha512"}, {0x0201, "rsa_pkcs1_sha1"}, {0x0203, "ecdsa_sha1"}};
const Named kVersions[] = {{0x0300, "SSL 3.0"}, {0x0301, "TLS 1.0"}, {0x0302, "TLS 1.1"}, {0x0303, "TLS 1.2"}};

template <std::size_t N>
std::vector<std::uint16_t> codes(const Named (&list)[N]) {
    std::vector<std::uint16_t> out;
    for (const Named& n : list) out.push_back(n.code);
    return out;
}

struct Report {
    std::vector<std::pair<std::string, bool>> versions;   // name, accepted
    bool tls13 = false;
    std::vector<std::uint16_t> suites;                     // accepted, in the order chosen
    std::optional<bool> server_order;                      // nullopt: fewer than two suites
    std::vector<std::string> groups, schemes;
    std::string dhe_prime;                                 // "2048 bits (ffdhe2048)"
    std::string forward_secrecy;
    std::optional<bool> ems, etm, renegotiation, tickets, heartbeat, compression;
    std::string fallback = "not tested";
    std::vector<Bytes> chain;
    std::string verification;
    std::string key_proof = "not tested (no ServerKeyExchange seen)";
    std::vector<std::string> warnings;   // answers no server may give, and dangerous ones
    std::vector<std::string> skipped;    // the questions --max-time left unasked
};

std::string yes_no(const std::optional<bool>& v, const char* none = "not tested") { return !v ? none : *v ? "yes" : "no"; }

void print(std::ostream& o, const Report& r, const std::string& target) {
    o << "glass probe " << target << "\n\nProtocol versions:\n";
    for (const auto& [name, ok] : r.versions) o << "  " << name << "   " << (ok ? "yes" : "no") << "\n";
    o << "  TLS 1.3   " << (r.tls13 ? "yes (its ServerHello chose 0x0304 in supported_versions)" : "no") << "\n\n";
    o << "Cipher suites accepted (TLS 1.2), " << (r.server_order == false ? "in our order (the server follows the client's preference)"
                                                                          : "in the server's preference order")
      << ":\n";
    for (std::uint16_t s : r.suites) {
        const auto kx = suite_key_exchange(s);
        o << "  " << iana_suite_name(s) << (kx == KeyExchange::ecdhe || kx == KeyExchange::dhe ? "  (forward secret)" : "") << "\n";
    }
    if (r.suites.empty()) o << "  (none)\n";
    o << "Forward secrecy: " << r.forward_secrecy << "\n\nGroups (ECDHE): ";
    for (const std::string& g : r.groups) o << g << " ";
    if (r.groups.empty()) o << "(none, or no ECDHE suite)";
    o << "\nDHE prime: " << (r.dhe_prime.empty() ? "(no DHE suite)" : r.dhe_prime) << "\nSignature schemes (ServerKeyExchange): ";
    for (const std::string& s : r.schemes) o << s << " ";
    if (r.schemes.empty()) o << "(none, or no forward-secret suite to sign with)";
    o << "\n\nExtended master secret (RFC 7627): " << yes_no(r.ems) << "\nEncrypt-then-MAC (RFC 7366): " << yes_no(r.etm, "n/a (no CBC suite)")
      << "\nSecure renegotiation (RFC 5746): " << yes_no(r.renegotiation) << "\nSession tickets (RFC 5077): " << yes_no(r.tickets)
      << "\nCompression (CRIME): " << (r.compression == true ? "YES, DEFLATE accepted: vulnerable to CRIME" : r.compression ? "no" : "not tested")
      << "\nHeartbeat (RFC 6520): " << yes_no(r.heartbeat) << "\nDowngrade (TLS_FALLBACK_SCSV, RFC 7507): " << r.fallback << "\n\nCertificate chain:\n";
    for (std::size_t i = 0; i < r.chain.size(); ++i) {
        try {
            const x509::Certificate c = x509::parse_certificate(r.chain[i]);
            o << "  [" << i << "] " << c.subject.to_string() << "\n      issuer " << c.issuer.to_string() << "\n";
        } catch (const TlsError&) {
            o << "  [" << i << "] (unparsable)\n";
        }
    }
    o << "  verification: " << r.verification << "\n  server's key: " << r.key_proof << "\n";
    if (!r.warnings.empty()) o << "\nWARNINGS:\n";
    for (const std::string& w : r.warnings) o << "  " << w << "\n";
    if (!r.skipped.empty()) o << "\nSkipped (--max-time passed):";
    for (const std::string& s : r.skipped) o << " " << s << (&s == &r.skipped.back() ? "\n" : ",");
}

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const std::string& i : items) out += (out.size() > 1 ? "," : "") + json_string(i);
    return out + "]";
}

std::string json_bool(const std::optional<bool>& v) { return !v ? "null" : *v ? "true" : "false"; }

std::string to_json(const Report& r) {
    std::string j = "{\"versions\":{";
    for (std::size_t i = 0; i < r.versions.size(); ++i) j += (i ? "," : "") + json_string(r.versions[i].first) + ":" + (r.versions[i].second ? "true" : "false");
    j += std::string(",\"TLS 1.3\":") + (r.tls13 ? "true" : "false") + "},\"suites\":[";
    for (std::size_t i = 0; i < r.suites.size(); ++i) j += (i ? "," : "") + json_string(iana_suite_name(r.suites[i]));
    j += "],\"server_order\":" + json_bool(r.server_order) + ",\"forward_secrecy\":" + json_string(r.forward_secrecy) + ",\"groups\":" +
         json_list(r.groups) + ",\"dhe_prime\":" + json_string(r.dhe_prime) + ",\"signature_schemes\":" + json_list(r.schemes) +
         ",\"extended_master_secret\":" + json_bool(r.ems) + ",\"encrypt_then_mac\":" + json_bool(r.etm) + ",\"secure_renegotiation\":" +
         json_bool(r.renegotiation) + ",\"session_tickets\":" + json_bool(r.tickets) + ",\"compression\":" + json_bool(r.compression) +
         ",\"heartbeat\":" + json_bool(r.heartbeat) + ",\"fallback_scsv\":" + json_string(r.fallback) + ",\"certificates\":[";
    for (std::size_t i = 0; i < r.chain.size(); ++i) {
        std::string subject = "(unparsable)";
        try {
            subject = x509::parse_certificate(r.chain[i]).subject.to_string();
        } catch (const TlsError&) {
        }
        j += (i ? "," : "") + json_string(subject);
    }
    return j + "],\"verification\":" + json_string(r.verification) + ",\"key_proof\":" + json_string(r.key_proof) +
           ",\"warnings\":" + json_list(r.warnings) + ",\"skipped\":" + json_list(r.skipped) + "}";
}

// How every question is put: one ClientHello to `where`, answered within the
// timeout and before the whole probe's deadline (--max-time: a server that
// answers each question just in time must not hold the probe for half an
// hour). Each whole flight with a ServerKeyExchange is checked for the key.
struct Prober {
    HostPort where;
    int timeout_ms;
    Clock::time_point deadline;
    Report& report;
    std::size_t proofs = 0;

    // Whole milliseconds left, as a wait is given them: expired() and the
    // questions must agree, or in the last millisecond every question would
    // return at once unanswered while no stage counted as skipped.
    long long ms_left() const { return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count(); }
    bool expired() const { return ms_left() <= 0; }
    HelloAnswer operator()(const HelloSpec& spec, bool flight = false) {
        const long long left = ms_left();
        if (left <= 0) {
            HelloAnswer none;
            none.problem = "the probe's --max-time passed";
            return none;
        }
        HelloAnswer a = ask(where, spec, flight, static_cast<int>(std::min<long long>(timeout_ms, left)));
        if (flight && a.key_exchange && !a.certificates.empty() && a.version() == 0x0303) prove_key(a);
        return a;
    }

private:
    void prove_key(const HelloAnswer& a) {
        if (report.key_proof.rfind("FAILED", 0) == 0) return;   // the first failure is the one said
        if (const std::optional<std::string> why = unproven_key(a)) {
            report.key_proof = "FAILED: " + *why;
            return;
        }
        ++proofs;
        report.key_proof = "ok: " + std::to_string(proofs) + " ServerKeyExchange signature" + (proofs == 1 ? "" : "s") +
                           " verified with the certificate's key";
    }
};

// The ClientHello the questions start from: every suite, group and scheme we know.
HelloSpec base_hello(const Args& args, const HostPort& where) {
    HelloSpec base;
    base.server_name = args.get("servername").value_or(verify::parse_ip_literal(where.host) ? "" : where.host);
    for (const IanaSuite& s : iana_tls12_suites()) {
        if (s.code != 0x5600) base.suites.push_back(s.code);   // TLS_FALLBACK_SCSV only where it is the question
    }
    base.groups = codes(kGroups);
    base.schemes = codes(kSchemes);
    return base;
}

// 1. Versions: one ClientHello per version, the server's answer decides.
// Returns the highest of SSL 3.0 to TLS 1.2 accepted (0: none).
std::uint16_t probe_versions(Prober& probe, const HelloSpec& base, Report& r) {
    std::uint16_t best = 0;
    for (const Named& v : kVersions) {
        HelloSpec s = base;
        s.client_version = v.code;
        s.record_version = std::min<std::uint16_t>(v.code, 0x0301);
        s.extensions = v.code != 0x0300;
        if (v.code < 0x0303) s.schemes.clear();   // signature_algorithms is TLS 1.2's (RFC 5246 §7.4.1.4.1)
        const HelloAnswer a = probe(s);
        const bool ok = a.hello && a.hello->server_version == v.code;
        if (a.hello && a.hello->server_version > v.code) {   // RFC 5246 §7.4.1.3, Appendix E.1: at most the client's version
            r.warnings.push_back(std::string("IMPOSSIBLE: asked for ") + v.name + " at most, the server answered " + version_name(a.hello->server_version));
        }
        r.versions.emplace_back(v.name, ok);
        if (ok) best = v.code;
    }
    HelloSpec t13 = base;
    t13.tls13 = true;
    t13.suites.insert(t13.suites.begin(), {0x1301, 0x1302, 0x1303});
    r.tls13 = probe(t13).version() == 0x0304;
    return best;
}

// 2. Suites: offer all; the one chosen is the server's favourite; drop it and ask again.
void probe_suites(Prober& probe, HelloSpec s12, Report& r) {
    std::vector<std::uint16_t> remaining = s12.suites;
    for (int round = 0; round < 400 && !probe.expired(); ++round) {
        s12.suites = remaining;
        const HelloAnswer a = probe(s12);
        if (!a.hello) break;
        const auto it = std::find(remaining.begin(), remaining.end(), a.hello->cipher_suite);
        if (it == remaining.end()) {   // RFC 5246 §7.4.1.3: the suite MUST be one the client offered
            r.warnings.push_back("IMPOSSIBLE: the server chose " + iana_suite_name(a.hello->cipher_suite) +
                                 ", which the ClientHello did not offer: no answer of this server can be trusted");
            break;
        }

        r.suites.push_back(*it);
        remaining.erase(it);
    }
}

// The accepted suites no server should accept, one warning for each kind of danger.
void warn_dangerous_suites(Report& r) {
    std::vector<std::pair<std::string, std::string>> kinds;   // danger, the suites
    for (std::uint16_t s : r.suites) {
        const std::optional<std::string> danger = suite_danger(s);
        if (!danger) continue;
        auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == *danger; });
        if (it == kinds.end()) it = kinds.insert(kinds.end(), {*danger, ""});
        it->second += (it->second.empty() ? "" : ", ") + iana_suite_name(s);
    }
    for (const auto& [danger, suites] : kinds) r.warnings.push_back("DANGEROUS: accepts " + danger + ": " + suites);
}

// Whose order the suites came in: offer the accepted ones reversed.
void probe_server_order(Prober& probe, HelloSpec s12, Report& r) {
    if (r.suites.size() < 2) return;
    s12.suites.assign(r.suites.rbegin(), r.suites.rend());
    const HelloAnswer a = probe(s12);
    r.server_order = a.hello && a.hello->cipher_suite == r.suites.front();
}

// The accepted suites by what the later questions need: the key exchange, CBC.
struct SuiteKinds {
    std::vector<std::uint16_t> ecdhe, dhe, cbc;
    std::size_t forward_secret() const { return ecdhe.size() + dhe.size(); }
};

SuiteKinds sort_suites(const std::vector<std::uint16_t>& suites) {
    SuiteKinds k;
    for (std::uint16_t s : suites) {
        const auto kx = suite_key_exchange(s);
        if (kx == KeyExchange::ecdhe) k.ecdhe.push_back(s);
        if (kx == KeyExchange::dhe) k.dhe.push_back(s);
        if (suite_is_cbc(s)) k.cbc.push_back(s);
    }
    return k;
}

std::string forward_secrecy_verdict(const std::vector<std::uint16_t>& suites, const SuiteKinds& k) {
    const std::size_t fs = k.forward_secret();
    return suites.empty() ? "no suite accepted"
           : fs == suites.size() ? "yes: every accepted suite uses an ephemeral key exchange"
           : fs == 0 ? "NO: only RSA (or static) key exchange; a stolen server key decrypts every recorded session"
                     : "partial: " + std::to_string(suites.size() - fs) + " accepted suites without it (a client may end up on one)";
}

// 3. Groups and signature schemes: one at a time, read from the ServerKeyExchange.
void probe_groups(Prober& probe, const HelloSpec& s12, const SuiteKinds& k, Report& r) {
    if (k.ecdhe.empty()) return;
    for (const Named& g : kGroups) {
        if (g.code >= 256) continue;
        HelloSpec s = s12;
        s.suites = k.ecdhe;
        s.groups = {g.code};
        const HelloAnswer a = probe(s, true);
        if (a.key_exchange && static_cast<std::uint16_t>(a.key_exchange->group) == g.code) r.groups.push_back(g.name);
    }
}

void probe_dhe_prime(Prober& probe, const HelloSpec& s12, const SuiteKinds& k, Report& r) {
    if (k.dhe.empty()) return;
    HelloSpec s = s12;
    s.suites = k.dhe;
    const HelloAnswer a = probe(s, true);
    if (!a.key_exchange) return;
    r.dhe_prime = std::to_string(a.key_exchange->dh_p.size() * 8) + " bits";
    for (auto g : {crypto::NamedGroup::ffdhe2048, crypto::NamedGroup::ffdhe3072, crypto::NamedGroup::ffdhe4096, crypto::NamedGroup::ffdhe6144,
                   crypto::NamedGroup::ffdhe8192}) {
        if (a.key_exchange->dh_p == crypto::ffdhe_prime(g)) r.dhe_prime += " (" + std::string(crypto::group_name(g)) + ", RFC 7919)";
    }
}

void probe_schemes(Prober& probe, const HelloSpec& s12, const SuiteKinds& k, Report& r) {
    if (k.forward_secret() == 0) return;
    for (const Named& sc : kSchemes) {
        HelloSpec s = s12;
        s.suites = k.ecdhe;
        s.suites.insert(s.suites.end(), k.dhe.begin(), k.dhe.end());
        s.schemes = {sc.code};
        const HelloAnswer a = probe(s, true);
        if (a.key_exchange && a.key_exchange->scheme == sc.code) r.schemes.push_back(sc.name);
    }
}

// 4. Extensions: everything offered at once, compression too; the ServerHello says what was taken.
void probe_extensions(Prober& probe, const HelloSpec& s12, Report& r) {
    HelloSpec s = s12;
    s.suites = r.suites;
    s.extended_master_secret = s.session_ticket = s.heartbeat = true;
    s.compression = {1, 0};   // DEFLATE, then null (RFC 3749)
    const HelloAnswer a = probe(s, true);
    if (!a.hello) return;
    r.ems = a.hello->find(ExtensionType::extended_master_secret) != nullptr;
    r.renegotiation = a.hello->find(ExtensionType::renegotiation_info) != nullptr;
    r.tickets = a.hello->find(ExtensionType::session_ticket) != nullptr;
    r.heartbeat = a.hello->find(ExtensionType::heartbeat) != nullptr;
    r.compression = a.hello->compression_method != 0;
    r.chain = a.certificates;
}

void probe_encrypt_then_mac(Prober& probe, const HelloSpec& s12, const SuiteKinds& k, Report& r) {
    HelloSpec c = s12;
    c.suites = k.cbc;
    c.encrypt_then_mac = true;
    const HelloAnswer e = probe(c);
    if (e.hello) r.etm = e.hello->find(ExtensionType::encrypt_then_mac) != nullptr;
}

// 5. Downgrade: a lower version with TLS_FALLBACK_SCSV must get inappropriate_fallback (RFC 7507 §3).
std::string probe_fallback(Prober& probe, const HelloSpec& base) {
    HelloSpec s = base;
    s.client_version = 0x0302;
    s.schemes.clear();
    s.suites.push_back(0x5600);
    const HelloAnswer a = probe(s);
    if (a.hello && a.hello->server_version > 0x0302) {   // more than we asked for is no answer a server may give (§7.4.1.3)
        return "IMPOSSIBLE: it answered a TLS 1.1 ClientHello with " + version_name(a.hello->server_version) + ", a version not offered";
    }
    return a.alert == AlertDescription::inappropriate_fallback ? "refused (inappropriate_fallback), as RFC 7507 asks"
           : a.hello ? "NOT refused: it accepted " + version_name(a.hello->server_version) + " from a client that signalled a fallback"
           : a.alert ? "TLS 1.1 is refused outright (" + alert_name(*a.alert) + "): no downgrade to it is possible"
                     : "no answer";
}

// 6. The certificate chain, verified as glass client would.
std::string verify_seen_chain(const Args& args, const std::string& host, const std::vector<Bytes>& chain) {
    if (chain.empty()) return "no certificate seen";
    try {
        verify::TrustStore trust;
        for (const std::string& f : args.all("cafile")) trust.add_file(f);
        if (args.all("cafile").empty()) trust.add_system();
        std::vector<x509::Certificate> untrusted;
        for (std::size_t i = 1; i < chain.size(); ++i) untrusted.push_back(x509::parse_certificate(chain[i]));
        verify::Options o;
        o.host = host;
        o.at = static_cast<std::int64_t>(std::time(nullptr));
        const verify::Result v = verify::verify_chain(x509::parse_certificate(chain[0]), untrusted, trust, o);
        return v.ok ? "ok (chain and host name " + *o.host + ")" : "FAILED: " + v.error;
    } catch (const std::exception& e) {
        return std::string("FAILED: ") + e.what();
    }
}

// One question of the probe, unless --max-time has passed: then it is named
// in the report as skipped (or as cut short, when the deadline came during it).
void stage(Prober& probe, const char* name, const std::function<void()>& ask_it) {
    if (probe.expired()) {
        probe.report.skipped.push_back(name);
        return;
    }
    ask_it();
    if (probe.expired()) probe.report.skipped.push_back(std::string(name) + " (cut short)");
}

// Every question after the first, in order; each answer goes into the report.
void ask_everything(Prober& probe, const HelloSpec& base, const Args& args) {
    Report& r = probe.report;
    std::uint16_t best = 0;
    stage(probe, "protocol versions", [&] { best = probe_versions(probe, base, r); });
    HelloSpec s12 = base;
    s12.client_version = best >= 0x0301 ? best : 0x0303;
    stage(probe, "cipher suites", [&] { probe_suites(probe, s12, r); });
    warn_dangerous_suites(r);
    stage(probe, "server order", [&] { probe_server_order(probe, s12, r); });
    const SuiteKinds kinds = sort_suites(r.suites);
    r.forward_secrecy = forward_secrecy_verdict(r.suites, kinds);
    stage(probe, "groups", [&] { probe_groups(probe, s12, kinds, r); });
    stage(probe, "DHE prime", [&] { probe_dhe_prime(probe, s12, kinds, r); });
    stage(probe, "signature schemes", [&] { probe_schemes(probe, s12, kinds, r); });
    if (!r.suites.empty()) {
        stage(probe, "extensions", [&] { probe_extensions(probe, s12, r); });
        if (!kinds.cbc.empty()) stage(probe, "encrypt-then-MAC", [&] { probe_encrypt_then_mac(probe, s12, kinds, r); });
    }
    stage(probe, "downgrade", [&] { r.fallback = probe_fallback(probe, base); });
    r.verification = verify_seen_chain(args, base.server_name.empty() ? probe.where.host : base.server_name, r.chain);
    // A chain anyone can copy proves nothing without the signature made with its key.
    if (r.verification.rfind("ok", 0) == 0 && r.key_proof.rfind("FAILED", 0) == 0) {
        r.verification = "FAILED: the chain verifies, but " + r.key_proof.substr(8);
    }
}

} // namespace

int cmd_probe(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "json"}, {"servername", "cafile", "timeout", "max-time"});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (args.positional().size() != 1) throw UsageError("give one HOST:PORT");
    const HostPort where = parse_host_port(args.positional()[0]);
    const std::size_t timeout_s = args.get_size("timeout", 5), max_time_s = args.get_size("max-time", 120);
    if (timeout_s == 0 || timeout_s > 3600 || max_time_s == 0 || max_time_s > 24 * 3600) {
        throw UsageError("--timeout is 1 to 3600 seconds, --max-time 1 to 86400");
    }
    Report r;
    Prober probe{where, static_cast<int>(timeout_s) * 1000, Clock::now() + std::chrono::seconds(max_time_s), r};
    const HelloSpec base = base_hello(args, where);

    // Can we talk at all?
    const HelloAnswer first = probe(base, true);
    if (!first.connected) {
        std::cerr << "glass probe: " << first.problem << "\n";
        return 2;
    }
    ask_everything(probe, base, args);
    if (args.flag("json")) std::cout << to_json(r) << "\n";
    else print(std::cout, r, args.positional()[0] + (base.server_name.empty() ? "" : " (server name " + base.server_name + ")"));
    return 0;
}

} // namespace glass
