// glass bench pk [--seconds S] [--no-openssl]
//
// The public-key operations a handshake is made of, one at a time, through
// the crypto facade (Crypto++ and libsodium), next to `openssl speed` for the
// same operations measured in the same run, so that the ratios compare like
// with like on one machine under one load. The keys are the benchmark
// fixtures in vectors/x509 (the certificates `glass bench handshake` uses).
// Figures are printed, never asserted.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/x509.hpp"

#ifndef GLASS_VECTORS_DIR
#define GLASS_VECTORS_DIR "vectors"
#endif

namespace glass {

namespace {
using namespace glasstls;
using namespace glasstls::crypto;
using Clock = std::chrono::steady_clock;

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Operations per second of this thread's CPU time, over `seconds` of wall
// time: `openssl speed` divides by CPU time too (unless -elapsed), so on a
// machine shared with other work both figures mean the same thing.
double per_second(double seconds, const std::function<void()>& operation) {
    operation();   // warm up: tables, lazy objects, the first batch of blinding factors
    std::size_t count = 0;
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    do {
        operation();
        ++count;
    } while (std::chrono::duration<double>(Clock::now() - start).count() < seconds);
    return static_cast<double>(count) / (cpu_seconds() - cpu_start);
}

// `openssl speed`'s summary lines, per operation name used below. OpenSSL
// 3.0 prints sign and verify rates for RSA, ECDSA and EdDSA, and one rate
// (the shared-secret derivation) for ECDH.
std::map<std::string, double> openssl_speed(double seconds) {
    std::map<std::string, double> out;
    std::ostringstream cmd;
    cmd << "openssl speed -seconds " << std::max(1, static_cast<int>(seconds + 0.5))
        << " rsa2048 ecdsap256 ecdhp256 ecdhx25519 ed25519 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.str().c_str(), "r"), pclose);
    if (!pipe) return out;
    char line[512];
    while (std::fgets(line, sizeof line, pipe.get()) != nullptr) {
        const std::string l(line);
        std::istringstream words(l);
        std::vector<std::string> w;
        for (std::string x; words >> x;) w.push_back(x);
        if (w.size() < 2) continue;
        const double last = std::atof(w.back().c_str()), before_last = std::atof(w[w.size() - 2].c_str());
        if (l.rfind("rsa 2048 bits", 0) == 0) out["rsa sign"] = before_last, out["rsa verify"] = last;
        else if (l.find("ecdsa (nistp256)") != std::string::npos) out["ecdsa sign"] = before_last, out["ecdsa verify"] = last;
        else if (l.find("ecdh (nistp256)") != std::string::npos) out["p256 agree"] = last;
        else if (l.find("ecdh (X25519)") != std::string::npos) out["x25519 agree"] = last;
        else if (l.find("EdDSA (Ed25519)") != std::string::npos) out["ed25519 sign"] = before_last, out["ed25519 verify"] = last;
    }
    return out;
}

struct Row {
    std::string label;
    std::string openssl_key;   // the openssl_speed() entry for the same operation, or empty
    double rate;
};

std::vector<Row> measure_facade(const std::string& dir, double seconds) {
    RandomSource& rng = system_random();
    const PrivateKey rsa = x509::load_private_key(dir + "/x509/rsa-pkcs8.pem");
    const PrivateKey ec = x509::load_private_key(dir + "/x509/ec-p256-pkcs8.pem");
    const PrivateKey ed = x509::load_private_key(dir + "/x509/ed25519-pkcs8.pem");
    const PublicKey rsa_pub = rsa.public_key(), ec_pub = ec.public_key(), ed_pub = ed.public_key();
    const Bytes m(100, 0x5a);   // about a ServerKeyExchange's signed params
    const Bytes rsa_sig = sign(rsa, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, m, rng);
    const Bytes ec_sig = sign(ec, SignatureAlgorithm::ecdsa, HashAlgorithm::sha256, m, rng);
    const Bytes ed_sig = sign(ed, SignatureAlgorithm::ed25519, HashAlgorithm::sha512, m, rng);
    Bytes pms(48, 0x33);
    pms[0] = 0x03, pms[1] = 0x03;
    const Bytes encrypted = rsa_encrypt_pkcs1(rsa_pub, pms, rng);
    const auto p256_peer = generate_key_share(NamedGroup::secp256r1, rng);
    const auto p256_mine = generate_key_share(NamedGroup::secp256r1, rng);
    const auto x_peer = generate_key_share(NamedGroup::x25519, rng), x_mine = generate_key_share(NamedGroup::x25519, rng);

    auto rate = [&](const std::function<void()>& f) { return per_second(seconds, f); };
    return {
        {"RSA-2048 sign PKCS#1 v1.5", "rsa sign", rate([&] { sign(rsa, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, m, rng); })},
        {"RSA-2048 sign PSS", "", rate([&] { sign(rsa, SignatureAlgorithm::rsa_pss, HashAlgorithm::sha256, m, rng); })},
        {"RSA-2048 decrypt pre-master", "", rate([&] { rsa_decrypt_premaster(rsa, encrypted, 0x0303, rng); })},
        {"RSA-2048 verify", "rsa verify", rate([&] { crypto::verify(rsa_pub, SignatureAlgorithm::rsa_pkcs1, HashAlgorithm::sha256, m, rsa_sig); })},
        {"ECDSA P-256 sign", "ecdsa sign", rate([&] { sign(ec, SignatureAlgorithm::ecdsa, HashAlgorithm::sha256, m, rng); })},
        {"ECDSA P-256 verify", "ecdsa verify", rate([&] { crypto::verify(ec_pub, SignatureAlgorithm::ecdsa, HashAlgorithm::sha256, m, ec_sig); })},
        {"ECDH P-256 key generation", "", rate([&] { generate_key_share(NamedGroup::secp256r1, rng); })},
        {"ECDH P-256 agreement", "p256 agree", rate([&] { p256_mine->agree(p256_peer->public_value()); })},
        {"X25519 key generation", "", rate([&] { generate_key_share(NamedGroup::x25519, rng); })},
        {"X25519 agreement", "x25519 agree", rate([&] { x_mine->agree(x_peer->public_value()); })},
        {"Ed25519 sign", "ed25519 sign", rate([&] { sign(ed, SignatureAlgorithm::ed25519, HashAlgorithm::sha512, m, rng); })},
        {"Ed25519 verify", "ed25519 verify", rate([&] { crypto::verify(ed_pub, SignatureAlgorithm::ed25519, HashAlgorithm::sha512, m, ed_sig); })},
    };
}

} // namespace

int bench_pk(const Args& args) {
    const double seconds = std::stod(args.get("seconds").value_or("1"));
    const std::string dir = args.get("vectors").value_or(GLASS_VECTORS_DIR);
    std::vector<Row> rows;
    try {
        rows = measure_facade(dir, seconds);
    } catch (const TlsError& e) {   // a fixture under --vectors: its sentence names it
        std::cerr << "glass bench: " << e.what() << "\n";
        return 1;
    }
    const std::map<std::string, double> openssl = args.flag("no-openssl") ? std::map<std::string, double>{} : openssl_speed(seconds);

    std::cout << "public-key operations per CPU second: glasstls (Crypto++, libsodium) and `openssl speed`, same run, "
              << seconds << " s each\n"
              << std::left << std::setw(30) << "operation" << std::right << std::setw(12) << "glasstls" << std::setw(12)
              << "openssl" << std::setw(9) << "ratio" << "\n";
    for (const Row& r : rows) {
        std::cout << std::left << std::setw(30) << r.label << std::right << std::fixed << std::setprecision(0)
                  << std::setw(12) << r.rate;
        const auto o = openssl.find(r.openssl_key);
        if (o != openssl.end() && o->second > 0) {
            std::cout << std::setw(12) << o->second << std::setprecision(2) << std::setw(9) << r.rate / o->second;
        } else {
            std::cout << std::setw(12) << "-" << std::setw(9) << "-";
        }
        std::cout << "\n";
    }
    if (!args.flag("no-openssl") && openssl.empty()) std::cout << "(openssl speed did not run: is openssl on PATH?)\n";
    std::cout << "openssl speed's ECDH figure is the agreement alone; it has no PSS, decryption or key-generation row\n";
    return 0;
}

} // namespace glass
