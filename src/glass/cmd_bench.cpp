// glass bench record [--suite NAME] [--size BYTES] [--seconds S] [--etm]
// (glass bench handshake lives in cmd_bench_handshake.cpp, glass bench pk in
// cmd_bench_pk.cpp, glass bench hold in cmd_bench_hold.cpp)
//
// Throughput of protect+unprotect through the record layer, next to the raw
// primitive on the same buffers in the same run, and heap allocations per
// record in steady state. Figures are printed, never asserted.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <new>

#include "cli.hpp"
#include "glasstls/record.hpp"

// Counts every operator new, so the benchmark can show that the record layer
// allocates nothing per record once warmed up. The replacement is global to
// the `glass` program, whose server runs a thread per connection: the count
// is per thread, so those threads never touch a shared variable (the
// benchmark itself runs on one thread).
namespace {
thread_local std::size_t g_allocations = 0;
}
void* operator new(std::size_t n) {
    ++g_allocations;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace glass {

namespace {
using namespace glasstls;
using Clock = std::chrono::steady_clock;

struct Result {
    double mb_per_s;
    double allocations_per_record;
};

template <class Body>
Result measure(double seconds, std::size_t bytes_per_iteration, Body body) {
    for (int i = 0; i < 32; ++i) body();   // warm up: buffers reach their final size
    std::size_t iterations = 0;
    const std::size_t allocations_before = g_allocations;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
        for (int i = 0; i < 64; ++i) body();
        iterations += 64;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds);
    const std::size_t allocations = g_allocations - allocations_before;
    return {static_cast<double>(iterations * bytes_per_iteration) / elapsed / 1e6,
            static_cast<double>(allocations) / static_cast<double>(iterations)};
}

TrafficKeys random_keys(const CipherSuite& s, crypto::RandomSource& rng) {
    TrafficKeys k;
    k.mac_key = crypto::to_secret(rng.bytes(s.mac_key_length));
    k.key = crypto::to_secret(rng.bytes(s.enc_key_length));
    k.iv = crypto::to_secret(rng.bytes(s.fixed_iv_length));
    return k;
}

void bench_suite(const CipherSuite& suite, std::size_t size, double seconds, bool etm) {
    crypto::SystemRandom rng;
    TrafficKeys keys = random_keys(suite, rng);
    Bytes payload = rng.bytes(size);

    // Through the record layer: write (fragment, seal, frame), feed, read
    // (reassemble, open, check).
    RecordLayer sender, receiver;
    sender.change_write_protection(make_protection(suite, keys, etm, rng));
    receiver.change_read_protection(make_protection(suite, keys, etm, rng));
    Bytes wire;
    wire.reserve(size + 1024);
    std::size_t received = 0;
    Result layer = measure(seconds, size, [&] {
        wire.clear();
        sender.write(ContentType::application_data, payload, wire);
        receiver.feed(wire);
        while (auto r = receiver.read()) received += r->fragment.size();
    });
    if (received == 0) throw std::runtime_error("benchmark received nothing");

    // The raw primitive on the same buffer: the AEAD seal+open, or for CBC
    // suites AES-CBC both ways plus an HMAC each way.
    Bytes buffer = payload;
    buffer.resize(size + 64);
    std::span<std::uint8_t> data(buffer.data(), size - size % 16);
    std::uint8_t nonce[12] = {}, ad[13] = {}, tag[16];
    Result raw{};
    if (suite.is_aead()) {
        auto aead = crypto::make_aead(suite.cipher == BulkCipher::chacha20_poly1305 ? crypto::AeadAlgorithm::chacha20_poly1305
                                      : suite.enc_key_length == 16                 ? crypto::AeadAlgorithm::aes_128_gcm
                                                                                   : crypto::AeadAlgorithm::aes_256_gcm,
                                      keys.key);
        raw = measure(seconds, size, [&] {
            aead->seal(nonce, ad, {buffer.data(), size}, tag);
            if (!aead->open(nonce, ad, {buffer.data(), size}, tag)) throw std::runtime_error("raw AEAD failed");
        });
    } else {
        crypto::AesCbc cbc(keys.key);
        crypto::Hmac mac(suite.mac == MacAlgorithm::hmac_sha1     ? crypto::HashAlgorithm::sha1
                         : suite.mac == MacAlgorithm::hmac_sha256 ? crypto::HashAlgorithm::sha256
                                                                  : crypto::HashAlgorithm::sha384,
                         keys.mac_key);
        std::uint8_t iv[16] = {}, out[64];
        raw = measure(seconds, size, [&] {
            mac.update(data);
            mac.finish(out);
            cbc.encrypt(iv, data);
            cbc.decrypt(iv, data);
            mac.update(data);
            mac.finish(out);
        });
    }
    std::cout << std::left << std::setw(30) << suite.openssl_name << std::right << std::setw(8) << size
              << std::fixed << std::setprecision(1) << std::setw(12) << layer.mb_per_s << std::setw(12)
              << raw.mb_per_s << std::setprecision(2) << std::setw(8) << layer.mb_per_s / raw.mb_per_s
              << std::setw(14) << layer.allocations_per_record << "   "
              << (suite.is_cbc() ? (etm ? "encrypt-then-MAC" : "MAC-then-encrypt") : "AEAD") << "\n";
}
} // namespace

int bench_handshake(const Args& args);                  // cmd_bench_handshake.cpp
int bench_pk(const Args& args);                         // cmd_bench_pk.cpp
int bench_hold(const std::vector<std::string>& argv);   // cmd_bench_hold.cpp: options of its own

int cmd_bench(const std::vector<std::string>& argv) {
    if (!argv.empty() && argv[0] == "hold") return bench_hold({argv.begin() + 1, argv.end()});
    Args args(argv, {"help", "etm", "no-openssl", "full-only"}, {"suite", "size", "seconds", "cert", "group", "vectors"});
    if (args.flag("help") || args.positional().empty()) {
        std::cout << "usage: glass bench record [--suite NAME] [--size BYTES] [--seconds S] [--etm]\n"
                     "       glass bench handshake [--suite NAME] [--cert rsa|ecdsa|ed25519] [--group G] [--seconds S] [--full-only]\n"
                     "       glass bench pk [--seconds S] [--no-openssl]\n"
                     "       glass bench hold --connect HOST:PORT --connections N [--pid PID] [options: --help]\n"
                     "record: protect+unprotect throughput through the record layer vs the raw primitive on\n"
                     "the same buffers, their ratio, and heap allocations per record in steady state.\n"
                     "handshake: full and resumed (ticket, session id) handshakes per second, client and\n"
                     "server engines back to back in memory, with the share of time in public-key operations\n"
                     "(--full-only: full handshakes alone, for a profiler such as callgrind).\n"
                     "pk: each public-key operation of a handshake alone, ops/s, beside `openssl speed` in the same run.\n"
                     "hold: N connections to a server held from one thread, the server's RSS per connection,\n"
                     "a new client's latency meanwhile.\n";
        return args.flag("help") ? 0 : 2;
    }
    if (args.positional()[0] == "handshake") return bench_handshake(args);
    if (args.positional()[0] == "pk") return bench_pk(args);
    if (args.positional()[0] != "record") throw UsageError("unknown benchmark '" + args.positional()[0] + "'");
    const std::size_t size = args.get_size("size", 16384);
    if (size == 0 || size > 1u << 24) throw UsageError("--size must be between 1 and 16777216");
    const double seconds = std::stod(args.get("seconds").value_or("1"));
    std::vector<const CipherSuite*> suites;
    if (auto name = args.get("suite")) {
        try {
            suites = select_cipher_suites(*name);
        } catch (const TlsError& e) {   // the sentence alone: no peer is involved, so no alert name
            std::cerr << "glass bench: " << e.what() << "\n";
            return 1;
        }
    } else {
        for (const char* n : {"AES128-GCM-SHA256", "AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
                              "AES128-SHA", "AES256-SHA256"}) {
            suites.push_back(find_cipher_suite(n));
        }
    }
    std::cout << "record layer: protect+unprotect of " << size << "-byte messages, MB/s of payload\n"
              << std::left << std::setw(30) << "suite" << std::right << std::setw(8) << "bytes" << std::setw(12)
              << "record" << std::setw(12) << "raw" << std::setw(8) << "ratio" << std::setw(14) << "allocs/rec"
              << "\n";
    for (const CipherSuite* s : suites) bench_suite(*s, size, seconds, args.flag("etm"));
    return 0;
}

} // namespace glass
