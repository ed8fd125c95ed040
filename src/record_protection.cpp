// Null, CBC + HMAC and AEAD record protection (see the header).
#include "glasstls/record_protection.hpp"

#include <algorithm>
#include <cstring>

#include "constant_time.hpp"

namespace glasstls {

namespace {

[[noreturn]] void bad_record_mac() {
    throw TlsError(AlertDescription::bad_record_mac,
                   "a record failed its integrity check (tampered with, or keys do not match)");
}

// The 13 bytes every MAC and AEAD covers besides the data (RFC 5246 §6.2.3.1,
// §6.2.3.3): seq_num(8) + type(1) + version(2) + length(2).
void additional_data(std::uint8_t* out, std::uint64_t seq, ContentType type, std::uint16_t version,
                     std::size_t length) {
    store_u64(out, seq);
    out[8] = static_cast<std::uint8_t>(type);
    store_u16(out + 9, version);
    store_u16(out + 11, static_cast<std::uint16_t>(length));
}
constexpr std::size_t ad_length = 13;

// ---- Null --------------------------------------------------------------------

class NullProtection final : public RecordProtection {
public:
    std::string description() const override { return "null (no protection yet)"; }
    std::size_t max_overhead() const override { return 0; }
    std::size_t seal(ContentType, std::uint16_t, std::uint64_t, ByteView plaintext, std::uint8_t* out) override {
        if (!plaintext.empty()) std::memcpy(out, plaintext.data(), plaintext.size());
        return plaintext.size();
    }
    std::span<std::uint8_t> open(ContentType, std::uint16_t, std::uint64_t, std::span<std::uint8_t> f) override {
        return f;
    }
};

// ---- CBC + HMAC (RFC 5246 §6.2.3.2, RFC 7366) --------------------------------------

class CbcProtection final : public RecordProtection {
public:
    static constexpr std::size_t block = 16;

    CbcProtection(const CipherSuite& suite, const TrafficKeys& keys, bool etm, crypto::RandomSource& rng)
        : hash_(suite.mac == MacAlgorithm::hmac_sha1     ? crypto::HashAlgorithm::sha1
                : suite.mac == MacAlgorithm::hmac_sha256 ? crypto::HashAlgorithm::sha256
                                                         : crypto::HashAlgorithm::sha384),
          mac_(hash_, keys.mac_key), cipher_(keys.key), etm_(etm), rng_(rng),
          name_(std::string(suite.enc_key_length == 16 ? "AES-128-CBC" : "AES-256-CBC") + " + HMAC-" +
                std::string(crypto::hash_name(hash_)) + (etm ? " (encrypt-then-MAC)" : " (MAC-then-encrypt)")) {}

    std::string description() const override { return name_; }
    // IV + MAC + at most one block of padding.
    std::size_t max_overhead() const override { return block + mac_.size() + block; }

    std::size_t seal(ContentType type, std::uint16_t version, std::uint64_t seq, ByteView plaintext,
                     std::uint8_t* out) override {
        const std::size_t mac_len = mac_.size();
        rng_.fill({out, block});   // a fresh explicit IV per record (§6.2.3.2)
        std::uint8_t* body = out + block;
        if (!plaintext.empty()) std::memcpy(body, plaintext.data(), plaintext.size());
        std::size_t len = plaintext.size();
        std::uint8_t ad[ad_length];
        if (!etm_) {
            // MAC-then-encrypt: MAC(seq + header + plaintext) goes inside.
            additional_data(ad, seq, type, version, len);
            mac_.update({ad, ad_length});
            mac_.update(plaintext);
            mac_.finish(body + len);
            len += mac_len;
        }
        // padding_length bytes of value padding_length, then the length
        // byte itself, so the total is a whole number of blocks.
        const std::size_t pad = block - 1 - (len % block);
        std::memset(body + len, static_cast<int>(pad), pad + 1);
        const Bytes inner_mac = details_ != nullptr && !etm_ ? Bytes(body + plaintext.size(), body + plaintext.size() + mac_len) : Bytes{};
        len += pad + 1;
        cipher_.encrypt({out, block}, {body, len});
        if (etm_) {
            // Encrypt-then-MAC (RFC 7366 §3): MAC(seq + header + IV + ciphertext).
            additional_data(ad, seq, type, version, block + len);
            mac_.update({ad, ad_length});
            mac_.update({out, block + len});
            mac_.finish(body + len);
        }
        if (details_ != nullptr) report(seq, {out, block}, ad, {body, len}, etm_ ? ByteView(body + len, mac_len) : ByteView(inner_mac), pad);
        if (etm_) len += mac_len;
        return block + len;
    }

    std::span<std::uint8_t> open(ContentType type, std::uint16_t version, std::uint64_t seq,
                                 std::span<std::uint8_t> fragment) override {
        return etm_ ? open_etm(type, version, seq, fragment) : open_mte(type, version, seq, fragment);
    }

private:
    // RFC 7366: the MAC is checked before anything is decrypted, so padding
    // is never looked at for a forged record.
    std::span<std::uint8_t> open_etm(ContentType type, std::uint16_t version, std::uint64_t seq,
                                     std::span<std::uint8_t> f) {
        const std::size_t mac_len = mac_.size();
        if (f.size() < 2 * block + mac_len || (f.size() - mac_len) % block != 0) bad_record_mac();
        const std::size_t covered = f.size() - mac_len;
        std::uint8_t ad[ad_length], computed[64];
        additional_data(ad, seq, type, version, covered);
        mac_.update({ad, ad_length});
        mac_.update(f.first(covered));
        mac_.finish(computed);
        if (!crypto::constant_time_equal({computed, mac_len}, f.subspan(covered, mac_len))) bad_record_mac();
        std::span<std::uint8_t> body = f.subspan(block, covered - block);
        const Bytes ciphertext = details_ != nullptr ? Bytes(body.begin(), body.end()) : Bytes{};   // before decryption in place
        cipher_.decrypt(f.first(block), body);
        const std::size_t pad = body.back();
        if (pad + 1 > body.size()) bad_record_mac();
        for (std::size_t i = body.size() - pad - 1; i < body.size(); ++i) {
            if (body[i] != pad) bad_record_mac();
        }
        if (details_ != nullptr) report(seq, f.first(block), ad, ciphertext, f.subspan(covered, mac_len), pad);
        return body.first(body.size() - pad - 1);
    }

    // MAC-then-encrypt, checked in constant time: the padding check and the
    // MAC check run in full whatever the padding says, the verdict is a mask,
    // and the MAC computation is padded with dummy compression calls so its
    // duration does not reveal the padding length (the Lucky Thirteen attack,
    // AlFardan & Paterson 2013; RFC 5246 §6.2.3.2 implementation note).
    std::span<std::uint8_t> open_mte(ContentType type, std::uint16_t version, std::uint64_t seq,
                                     std::span<std::uint8_t> f) {
        const std::size_t mac_len = mac_.size();
        const std::size_t min_body = ((mac_len + 1 + block - 1) / block) * block;
        // Lengths are public (they are on the wire), so these checks may branch.
        if (f.size() < block + min_body || (f.size() - block) % block != 0) bad_record_mac();
        std::span<std::uint8_t> body = f.subspan(block);
        const Bytes ciphertext = details_ != nullptr ? Bytes(body.begin(), body.end()) : Bytes{};   // before decryption in place
        cipher_.decrypt(f.first(block), body);
        const std::size_t n = body.size();

        // 1. Padding: the last byte claims pad; the pad+1 last bytes must all
        //    equal pad, and there must be room for the MAC.
        std::size_t pad = body[n - 1];
        ct::Mask good = ct::ge(n, pad + 1 + mac_len);
        const std::size_t to_check = std::min<std::size_t>(256, n);
        for (std::size_t i = 0; i < to_check; ++i) {
            ct::Mask in_padding = ct::lt(i, pad + 1);
            good &= ~(in_padding & ~ct::eq(body[n - 1 - i], pad));
        }
        pad = ct::select(good, pad, 0);   // bad padding: carry on as if there were none
        const std::size_t data_len = n - 1 - pad - mac_len;

        // 2. MAC over the data the padding leaves, then dummy compression
        //    calls so the total number of hash blocks is that of pad = 0.
        std::uint8_t ad[ad_length], computed[64], received[64];
        additional_data(ad, seq, type, version, data_len);
        mac_.update({ad, ad_length});
        mac_.update(body.first(data_len));
        mac_.finish(computed);
        const std::size_t bs = mac_.block_size(), length_field = bs / 8;
        auto hash_blocks = [&](std::size_t len) { return (ad_length + len + length_field + bs) / bs; };
        mac_.dummy_compress(hash_blocks(n - 1 - mac_len) - hash_blocks(data_len));

        // 3. The received MAC sits at a secret offset: copy it out without
        //    indexing memory by that offset.
        copy_mac_constant_time(body, data_len, mac_len, received);
        std::uint8_t diff = 0;
        for (std::size_t i = 0; i < mac_len; ++i) diff |= computed[i] ^ received[i];
        good &= ct::is_zero(diff);

        if (good == 0) bad_record_mac();   // the one branch, on the final verdict
        // Teaching traces only, after the verdict: reading these now leaks nothing.
        if (details_ != nullptr) report(seq, f.first(block), ad, ciphertext, {received, mac_len}, pad);
        return body.first(data_len);
    }

    void report(std::uint64_t seq, ByteView iv, const std::uint8_t* ad, ByteView ciphertext, ByteView mac, std::size_t pad) {
        *details_ = RecordCrypto{name_, seq, Bytes(iv.begin(), iv.end()), {}, Bytes(ad, ad + ad_length),
                                 Bytes(ciphertext.begin(), ciphertext.end()), Bytes(mac.begin(), mac.end()), pad};
    }

    // BoringSSL's technique: scan the last mac_len + 256 bytes (every place
    // the MAC can start), collect the MAC bytes into a buffer rotated by a
    // secret amount, then rotate back with a mask-selected copy.
    static void copy_mac_constant_time(std::span<const std::uint8_t> body, std::size_t mac_start,
                                       std::size_t mac_len, std::uint8_t* out) {
        std::uint8_t rotated[64] = {};
        const std::size_t n = body.size();
        const std::size_t mac_end = mac_start + mac_len;
        const std::size_t scan_start = n > mac_len + 256 ? n - (mac_len + 256) : 0;
        std::size_t rotate_offset = 0, j = 0;
        for (std::size_t i = scan_start; i < n; ++i) {
            rotate_offset |= j & ct::eq(i, mac_start);
            ct::Mask in_mac = ct::ge(i, mac_start) & ct::lt(i, mac_end);
            rotated[j] |= static_cast<std::uint8_t>(body[i] & in_mac);
            if (++j == mac_len) j = 0;   // depends on i only: public
        }
        for (std::size_t k = 0; k < mac_len; ++k) {
            std::size_t src = rotate_offset + k;
            src -= mac_len & ct::ge(src, mac_len);
            std::uint8_t v = 0;
            for (std::size_t m = 0; m < mac_len; ++m) v |= static_cast<std::uint8_t>(rotated[m] & ct::eq(m, src));
            out[k] = v;
        }
    }

    crypto::HashAlgorithm hash_;
    crypto::Hmac mac_;
    crypto::AesCbc cipher_;
    bool etm_;
    crypto::RandomSource& rng_;
    std::string name_;
};

// ---- AEAD (RFC 5246 §6.2.3.3, RFC 5288, RFC 7905) -------------------------------------

class AeadProtection final : public RecordProtection {
public:
    AeadProtection(const CipherSuite& suite, const TrafficKeys& keys)
        : chacha_(suite.cipher == BulkCipher::chacha20_poly1305),
          aead_(crypto::make_aead(chacha_                               ? crypto::AeadAlgorithm::chacha20_poly1305
                                  : suite.cipher == BulkCipher::aes_128_gcm ? crypto::AeadAlgorithm::aes_128_gcm
                                                                            : crypto::AeadAlgorithm::aes_256_gcm,
                                  keys.key)),
          iv_(keys.iv), explicit_length_(suite.record_iv_length) {}

    std::string description() const override {
        return chacha_ ? "ChaCha20-Poly1305" : (iv_.size() == 4 && explicit_length_ == 8 ? "AES-GCM" : "AEAD");
    }
    std::size_t max_overhead() const override { return explicit_length_ + crypto::Aead::tag_length; }

    std::size_t seal(ContentType type, std::uint16_t version, std::uint64_t seq, ByteView plaintext,
                     std::uint8_t* out) override {
        std::uint8_t nonce[crypto::Aead::nonce_length], ad[ad_length];
        make_nonce(seq, nonce);
        // GCM sends the nonce's explicit part; using the sequence number
        // makes it unique without another random draw (RFC 5288 §3).
        if (explicit_length_ != 0) std::memcpy(out, nonce + 4, 8);
        std::uint8_t* body = out + explicit_length_;
        if (!plaintext.empty()) std::memcpy(body, plaintext.data(), plaintext.size());
        additional_data(ad, seq, type, version, plaintext.size());
        aead_->seal({nonce, sizeof nonce}, {ad, ad_length}, {body, plaintext.size()}, body + plaintext.size());
        if (details_ != nullptr) {
            report(seq, {out, explicit_length_}, nonce, ad, {body, plaintext.size()}, {body + plaintext.size(), crypto::Aead::tag_length});
        }
        return explicit_length_ + plaintext.size() + crypto::Aead::tag_length;
    }

    std::span<std::uint8_t> open(ContentType type, std::uint16_t version, std::uint64_t seq,
                                 std::span<std::uint8_t> f) override {
        if (f.size() < explicit_length_ + crypto::Aead::tag_length) bad_record_mac();
        const std::size_t len = f.size() - explicit_length_ - crypto::Aead::tag_length;
        std::uint8_t nonce[crypto::Aead::nonce_length], ad[ad_length];
        make_nonce(seq, nonce);
        if (explicit_length_ != 0) std::memcpy(nonce + 4, f.data(), 8);   // the sender's explicit part
        additional_data(ad, seq, type, version, len);
        std::span<std::uint8_t> body = f.subspan(explicit_length_, len);
        const Bytes ciphertext = details_ != nullptr ? Bytes(body.begin(), body.end()) : Bytes{};   // before it is decrypted in place
        if (!aead_->open({nonce, sizeof nonce}, {ad, ad_length}, body, body.data() + len)) bad_record_mac();
        if (details_ != nullptr) report(seq, f.first(explicit_length_), nonce, ad, ciphertext, f.subspan(explicit_length_ + len));
        return body;
    }

private:
    void report(std::uint64_t seq, ByteView explicit_nonce, const std::uint8_t* nonce, const std::uint8_t* ad, ByteView ciphertext,
                ByteView tag) {
        *details_ = RecordCrypto{description(), seq, Bytes(explicit_nonce.begin(), explicit_nonce.end()),
                                 Bytes(nonce, nonce + crypto::Aead::nonce_length), Bytes(ad, ad + ad_length),
                                 Bytes(ciphertext.begin(), ciphertext.end()), Bytes(tag.begin(), tag.end()), 0};
    }

    void make_nonce(std::uint64_t seq, std::uint8_t* nonce) const {
        std::uint8_t seq_bytes[8];
        store_u64(seq_bytes, seq);
        if (chacha_) {
            // RFC 7905 §2: the 12-byte IV XOR the sequence number, left-padded.
            std::memcpy(nonce, iv_.data(), 12);
            for (int i = 0; i < 8; ++i) nonce[4 + i] ^= seq_bytes[i];
        } else {
            // RFC 5288 §3: 4-byte salt from the key block + 8-byte explicit nonce.
            std::memcpy(nonce, iv_.data(), 4);
            std::memcpy(nonce + 4, seq_bytes, 8);
        }
    }

    bool chacha_;
    std::unique_ptr<crypto::Aead> aead_;
    crypto::SecretBytes iv_;
    std::size_t explicit_length_;
};

} // namespace

std::unique_ptr<RecordProtection> make_null_protection() { return std::make_unique<NullProtection>(); }

std::unique_ptr<RecordProtection> make_protection(const CipherSuite& suite, const TrafficKeys& keys,
                                                  bool encrypt_then_mac, crypto::RandomSource& rng) {
    if (suite.is_aead()) return std::make_unique<AeadProtection>(suite, keys);
    return std::make_unique<CbcProtection>(suite, keys, encrypt_then_mac, rng);
}

// ---- RecordCrypto in words --------------------------------------------------------

RecordCryptoWords record_crypto_words(const RecordCrypto& c) {
    if (c.nonce.empty() && c.protection.find("encrypt-then-MAC") != std::string::npos) {
        return {"", "MAC input = seq_num + type + version + length of IV and ciphertext (RFC 7366 §3)",
                "MAC (HMAC over the MAC input, the IV and the ciphertext; sent after the ciphertext)",
                "the encrypted plaintext and padding", "RFC 7366 §3"};
    }
    if (c.nonce.empty()) {
        return {"", "MAC input = seq_num + type + version + length of the plaintext (RFC 5246 §6.2.3.1)",
                "MAC (HMAC over the MAC input and the plaintext; encrypted with it, inside the ciphertext)",
                "the encrypted plaintext, MAC and padding", "RFC 5246 §6.2.3.2"};
    }
    const char* ad = "additional data = seq_num + type + version + length of the plaintext (RFC 5246 §6.2.3.3)";
    if (c.explicit_nonce.empty()) {   // ChaCha20-Poly1305: nothing of the nonce is sent
        return {"nonce = the 12-byte write IV from the key block XOR the sequence number, padded on the left to 12 bytes (RFC 7905 §2)",
                ad, "authentication tag", "the encrypted plaintext", "RFC 7905 §2"};
    }
    return {"nonce = 4-byte salt from the key block + the 8-byte explicit nonce sent in the record (RFC 5288 §3)", ad,
            "authentication tag", "the encrypted plaintext", "RFC 5288 §3"};
}

} // namespace glasstls
