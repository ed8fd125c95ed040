// glass demo: the key schedule and one protected record, narrated, on the
// inputs of vectors/records.txt, case aes128-gcm. It shows, step by step, what
// `--trace` will show for a live handshake.
#include <iostream>

#include "cli.hpp"
#include "glasstls/key_schedule.hpp"
#include "glasstls/record.hpp"
#include "glasstls/narration.hpp"

namespace glass {

namespace {
using namespace glasstls;

// The same inputs as vectors/records.txt, case aes128-gcm.
const char* kClientRandom = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const char* kServerRandom = "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f";
const char* kPreMaster = "df4a291baa1eb7cfa6934b29b474baad2697e29f1f920dcc77c8a0a088447624";
const char* kSuite = "ECDHE-RSA-AES128-GCM-SHA256";
const char* kMessage = "GET / HTTP/1.1\r\nHost: bank32.example\r\n\r\n";

void step(std::ostream& out, const std::string& title) { out << "\n== " << title << "\n"; }

// The fixed inputs, decoded, and the suite they are for.
struct DemoInputs {
    const CipherSuite& suite = *find_cipher_suite(kSuite);
    Bytes client_random = from_hex(kClientRandom), server_random = from_hex(kServerRandom);
    crypto::SecretBytes pre_master = crypto::to_secret(from_hex(kPreMaster));
};

void print_intro(std::ostream& out, const CipherSuite& suite) {
    out << "glasstls demo: from a pre-master secret to one protected record.\n"
        << "Suite: " << suite.iana_name << " (" << suite.openssl_name << "), PRF hash "
        << crypto::hash_name(suite.prf_hash) << ".\n"
        << "The inputs are fixed (vectors/records.txt, case aes128-gcm) so every run prints the same bytes.\n";
}

// Steps 1 to 3: the agreed inputs, the master secret, and the key block cut into keys.
KeyBlock derive_keys(std::ostream& out, NarratingObserver& trace, const DemoInputs& in) {
    step(out, "1. What the handshake agreed on (RFC 5246 §7.4.1.2, §7.4.1.3)");
    trace.on_secret({"client_random", in.client_random, "32 bytes from the ClientHello", "", {}});
    trace.on_secret({"server_random", in.server_random, "32 bytes from the ServerHello", "", {}});
    trace.on_secret({"pre_master_secret", in.pre_master, "the X25519 shared secret of the two key shares", "RFC 7748 §6.1, RFC 8422 §5.10", {}});

    step(out, "2. Master secret (RFC 5246 §8.1)");
    crypto::SecretBytes master = compute_master_secret(in.suite.prf_hash, in.pre_master, in.client_random, in.server_random);
    trace.on_secret({"master_secret", master, "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..47]", "", {}});

    step(out, "3. Key block, cut into keys (RFC 5246 §6.3)");
    KeyBlock kb = compute_key_block(in.suite, master, in.client_random, in.server_random);
    trace.on_secret({"key_block", kb.bytes, "PRF(master_secret, \"key expansion\", server_random + client_random) — note the order", "", {}});
    out << "  AES-GCM suites need no MAC keys; each side gets a 16-byte key and a 4-byte salt (RFC 5288 §3).\n";
    trace.on_secret({"client_write_key", kb.client_write.key, "key_block[0..15]", "", {}});
    trace.on_secret({"server_write_key", kb.server_write.key, "key_block[16..31]", "", {}});
    trace.on_secret({"client_write_IV", kb.client_write.iv, "key_block[32..35], the implicit nonce salt", "", {}});
    trace.on_secret({"server_write_IV", kb.server_write.iv, "key_block[36..39]", "", {}});
    return kb;
}

// Steps 4 and 5: the client seals one record, the server opens it; returns the record's bytes.
Bytes send_one_record(std::ostream& out, NarratingObserver& trace, const CipherSuite& suite, const KeyBlock& kb, crypto::SystemRandom& rng) {
    step(out, "4. The client protects one application_data record (RFC 5246 §6.2.3.3)");
    out << "  nonce = client_write_IV (4) + explicit nonce (8) = the sequence number 0\n"
        << "  additional_data = seq_num(8) + type(1) + version(2) + length(2)\n";
    RecordLayer client(&trace), server(&trace);
    client.change_write_protection(make_protection(suite, kb.client_write, false, rng));
    server.change_read_protection(make_protection(suite, kb.client_write, false, rng));
    Bytes wire;
    client.write(ContentType::application_data, as_bytes(kMessage), wire);
    trace.on_secret({"record on the wire", wire, "header(17 03 03 + length) + explicit nonce(8) + ciphertext + tag(16)", "", {}});

    step(out, "5. The server opens it with the same keys");
    server.feed(wire);
    std::optional<Record> rec = server.read();
    std::string shown;   // the request on one line, its CR and LF written as C escapes
    for (std::uint8_t c : rec->fragment) shown += c == '\r' ? "\\r" : c == '\n' ? "\\n" : std::string(1, static_cast<char>(c));
    out << "  plaintext: \"" << shown << "\"\n";
    return wire;
}

// Step 6: one bit changed, and the record refused; 1 if it were accepted.
int tamper_with(std::ostream& out, NarratingObserver& trace, const CipherSuite& suite, const KeyBlock& kb, crypto::SystemRandom& rng, Bytes wire) {
    step(out, "6. Change one bit on the wire and try again");
    wire[wire.size() - 20] ^= 0x01;
    RecordLayer server2(&trace);
    server2.change_read_protection(make_protection(suite, kb.client_write, false, rng));
    server2.feed(wire);
    try {
        server2.read();
        out << "  accepted?! (this must never happen)\n";
        return 1;
    } catch (const TlsError& e) {
        out << "  refused: " << e.describe() << "\n"
            << "  The GCM tag covers every byte: the receiver sends a fatal bad_record_mac alert.\n";
    }
    return 0;
}
} // namespace

int cmd_demo(const std::vector<std::string>& argv) {
    Args args(argv, {"help"}, {});
    if (args.flag("help")) {
        std::cout << "usage: glass demo\nNarrates the TLS 1.2 key schedule and one AES-128-GCM record on a\n"
                     "fixed vector (vectors/records.txt, case aes128-gcm).\n";
        return 0;
    }
    std::ostream& out = std::cout;
    NarratingObserver trace(out);
    const DemoInputs in;
    print_intro(out, in.suite);
    const KeyBlock kb = derive_keys(out, trace, in);
    crypto::SystemRandom rng;   // unused by AEAD; CBC suites draw their IVs from it
    const Bytes wire = send_one_record(out, trace, in.suite, kb, rng);
    return tamper_with(out, trace, in.suite, kb, rng, wire);
}

} // namespace glass
