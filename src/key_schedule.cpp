#include "glasstls/key_schedule.hpp"

#include <stdexcept>

#include "glasstls/events.hpp"
#include "glasstls/prf.hpp"

namespace glasstls {

crypto::SecretBytes compute_master_secret(crypto::HashAlgorithm prf_hash, ByteView pre_master_secret,
                                          ByteView client_random, ByteView server_random) {
    Bytes seed(client_random.begin(), client_random.end());
    append(seed, server_random);
    return prf(prf_hash, pre_master_secret, "master secret", seed, master_secret_length);
}

crypto::SecretBytes compute_extended_master_secret(crypto::HashAlgorithm prf_hash, ByteView pre_master_secret,
                                                   ByteView session_hash) {
    return prf(prf_hash, pre_master_secret, "extended master secret", session_hash, master_secret_length);
}

KeyBlock compute_key_block(const CipherSuite& suite, ByteView master_secret, ByteView client_random,
                           ByteView server_random) {
    Bytes seed(server_random.begin(), server_random.end());
    append(seed, client_random);
    const std::size_t mac = suite.mac_key_length, key = suite.enc_key_length, iv = suite.fixed_iv_length;
    KeyBlock kb;
    kb.bytes = prf(suite.prf_hash, master_secret, "key expansion", seed, 2 * (mac + key + iv));

    std::size_t at = 0;
    auto cut = [&](std::size_t n) {
        crypto::SecretBytes part(kb.bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                 kb.bytes.begin() + static_cast<std::ptrdiff_t>(at + n));
        at += n;
        return part;
    };
    // The order is fixed by §6.3: both MAC keys, both keys, both IVs.
    kb.client_write.mac_key = cut(mac);
    kb.server_write.mac_key = cut(mac);
    kb.client_write.key = cut(key);
    kb.server_write.key = cut(key);
    kb.client_write.iv = cut(iv);
    kb.server_write.iv = cut(iv);
    return kb;
}

void report_key_block(Observer& obs, const KeyBlock& kb) {
    obs.on_secret({"key_block", kb.bytes, "PRF(master_secret, \"key expansion\", server_random + client_random)", "RFC 5246 §6.3",
                   {"master_secret", "server_random", "client_random"}});
    // §6.3 cuts the key block in this order; each piece is named by its offsets.
    std::size_t at = 0;
    auto piece = [&](const char* name, ByteView value) {
        if (value.empty()) return;
        const std::string where = "key_block[" + std::to_string(at) + ".." + std::to_string(at + value.size() - 1) + "]";
        obs.on_secret({name, value, where, "RFC 5246 §6.3", {"key_block"}});
        at += value.size();
    };
    piece("client_write_MAC_key", kb.client_write.mac_key);
    piece("server_write_MAC_key", kb.server_write.mac_key);
    piece("client_write_key", kb.client_write.key);
    piece("server_write_key", kb.server_write.key);
    piece("client_write_IV", kb.client_write.iv);
    piece("server_write_IV", kb.server_write.iv);
}

Bytes compute_verify_data(crypto::HashAlgorithm prf_hash, ByteView master_secret, bool from_client,
                          ByteView handshake_hash) {
    crypto::SecretBytes v = prf(prf_hash, master_secret, from_client ? "client finished" : "server finished",
                                handshake_hash, verify_data_length);
    return Bytes(v.begin(), v.end());
}

} // namespace glasstls
