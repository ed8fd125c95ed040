// Key exchange: RSA, ECDHE and DHE behind one interface (see the header).
#include "glasstls/key_exchange.hpp"

#include <algorithm>

namespace glasstls {

bool is_ffdhe(std::uint16_t group) { return group >= 256 && group <= 511; }

Bytes KeyAgreement::server_params(crypto::NamedGroup, crypto::RandomSource&, KeyExchangeFacts&) {
    throw TlsError(AlertDescription::internal_error, "this key exchange sends no ServerKeyExchange");
}

void KeyAgreement::process_server_params(const ServerKeyExchange&, const std::vector<crypto::NamedGroup>&, KeyExchangeFacts&) {
    throw TlsError(AlertDescription::unexpected_message, "this key exchange has no ServerKeyExchange");
}

namespace {

// RFC 5246 §8.1.2: the leading zero bytes of a DH shared secret are stripped.
void strip_leading_zeros(crypto::SecretBytes& z) {
    auto first = std::find_if(z.begin(), z.end(), [](std::uint8_t b) { return b != 0; });
    z.erase(z.begin(), first);
}

// An ephemeral (EC)DH exchange as the observer sees it (teaching mode).
void report_ephemeral(Observer* observer, KeyExchange kind, bool client, std::optional<crypto::NamedGroup> group, std::size_t prime_bits,
                      const crypto::KeyShare& share, ByteView peer, ByteView z) {
    if (observer == nullptr) return;
    KeyExchangeEvent e;
    e.kind = kind;
    e.client = client;
    e.group = group;
    e.prime_bits = prime_bits;
    e.our_private = share.private_value();
    e.our_public = share.public_value();
    e.peer_public = peer;
    e.shared_secret = z;
    observer->on_key_exchange(e);
}

// ---- RSA (§7.4.7.1): the client encrypts a pre-master secret to the server's key

class RsaKeyAgreement final : public KeyAgreement {
public:
    bool uses_server_key_exchange() const override { return false; }
    x509::KeyUsageBit certificate_key_usage() const override { return x509::key_encipherment; }
    Formula pre_master_formula() const override {
        return {"client_version + 46 random bytes, chosen by the client and sent RSA-encrypted", "RFC 5246 §7.4.7.1"};
    }

    crypto::SecretBytes process_client_exchange(ByteView exchange, const crypto::PrivateKey& key, std::uint16_t client_version,
                                                crypto::RandomSource& rng, Observer* observer) override {
        // §7.4.7.1: never reveal whether decryption or the version check
        // failed — a random pre-master secret takes the place of a bad one,
        // and the Finished check fails later like any other key mismatch.
        // The PKCS #1 block is kept only for a teaching observer, which
        // shows it locally; the peer learns nothing more either way.
        const bool teaching = observer != nullptr && observer->wants_secrets();
        crypto::SecretBytes block;
        crypto::SecretBytes pms = crypto::rsa_decrypt_premaster(key, exchange, client_version, rng, teaching ? &block : nullptr);
        report(observer, false, pms, exchange, block);
        return pms;
    }

    crypto::SecretBytes client_exchange(Bytes& exchange, const crypto::PublicKey& server_key, std::uint16_t client_version,
                                        crypto::RandomSource& rng, Observer* observer) override {
        // client_version (the highest we offered, not the negotiated one — the
        // server checks it to detect version rollback) + 46 random bytes.
        crypto::SecretBytes pms(48);
        rng.fill(pms);
        pms[0] = static_cast<std::uint8_t>(client_version >> 8);
        pms[1] = static_cast<std::uint8_t>(client_version);
        crypto::SecretBytes block;
        exchange = crypto::rsa_encrypt_pkcs1(server_key, pms, rng, observer != nullptr ? &block : nullptr);
        report(observer, true, pms, exchange, block);
        return pms;
    }

private:
    static void report(Observer* observer, bool client, ByteView pms, ByteView exchange, ByteView block) {
        if (observer == nullptr) return;
        KeyExchangeEvent e;
        e.kind = KeyExchange::rsa;
        e.client = client;
        e.shared_secret = pms;
        e.encrypted_pre_master = exchange;
        e.pkcs1_block = block;
        observer->on_key_exchange(e);
    }
};

// ---- ECDHE (RFC 8422 §5.4, §5.7, §5.10): ephemeral X25519 or NIST-curve keys

class EcdheKeyAgreement final : public KeyAgreement {
public:
    bool uses_server_key_exchange() const override { return true; }
    x509::KeyUsageBit certificate_key_usage() const override { return x509::digital_signature; }
    Formula pre_master_formula() const override {
        if (group_ == crypto::NamedGroup::x25519) {   // a u-coordinate, not a point's x (RFC 7748 §5)
            return {"X25519(our private key, the peer's public value), a u-coordinate", "RFC 7748 §6.1, RFC 8422 §5.10"};
        }
        return {"the x-coordinate of our private key times the peer's public point", "RFC 8422 §5.10"};
    }

    Bytes server_params(crypto::NamedGroup group, crypto::RandomSource& rng, KeyExchangeFacts& facts) override {
        share_ = crypto::generate_key_share(group, rng);
        group_ = group;
        facts.group = group;
        return ServerKeyExchange::ecdhe_params(group, share_->public_value());
    }

    crypto::SecretBytes process_client_exchange(ByteView exchange, const crypto::PrivateKey&, std::uint16_t,
                                                crypto::RandomSource&, Observer* observer) override {
        crypto::SecretBytes z = share_->agree(exchange);   // RFC 8422 §5.10: the x-coordinate, as is
        report(observer, false, group_, *share_, exchange, z);
        share_.reset();
        return z;
    }

    void process_server_params(const ServerKeyExchange& ske, const std::vector<crypto::NamedGroup>& offered,
                               KeyExchangeFacts& facts) override {
        if (std::find(offered.begin(), offered.end(), ske.group) == offered.end() || is_ffdhe(static_cast<std::uint16_t>(ske.group))) {
            throw TlsError(AlertDescription::illegal_parameter, "the server chose a curve we did not offer");
        }
        group_ = ske.group;
        server_public_ = ske.public_value;
        facts.group = ske.group;
    }

    crypto::SecretBytes client_exchange(Bytes& exchange, const crypto::PublicKey&, std::uint16_t, crypto::RandomSource& rng,
                                        Observer* observer) override {
        std::unique_ptr<crypto::KeyShare> share = crypto::generate_key_share(group_, rng);
        exchange = crypto::to_public(share->public_value());
        crypto::SecretBytes z = share->agree(server_public_);
        report(observer, true, group_, *share, server_public_, z);
        return z;
    }

private:
    static void report(Observer* observer, bool client, crypto::NamedGroup group, const crypto::KeyShare& share, ByteView peer,
                       ByteView z) {
        report_ephemeral(observer, KeyExchange::ecdhe, client, group, 0, share, peer, z);
    }
    std::unique_ptr<crypto::KeyShare> share_;
    crypto::NamedGroup group_ = crypto::NamedGroup::x25519;   // the server's (made or received)
    Bytes server_public_;
};

// ---- DHE (RFC 5246 §7.4.3, §8.1.2; RFC 7919): finite-field Diffie-Hellman

class DheKeyAgreement final : public KeyAgreement {
public:
    bool uses_server_key_exchange() const override { return true; }
    x509::KeyUsageBit certificate_key_usage() const override { return x509::digital_signature; }
    Formula pre_master_formula() const override {
        return {"Z = peer_value ^ our_private mod p, leading zero bytes stripped", "RFC 5246 §8.1.2"};
    }

    Bytes server_params(crypto::NamedGroup group, crypto::RandomSource& rng, KeyExchangeFacts& facts) override {
        share_ = crypto::generate_key_share(group, rng);
        const Bytes p = crypto::ffdhe_prime(group);
        facts.group = group;
        group_ = group;
        facts.dh_bits = p.size() * 8;
        return ServerKeyExchange::dhe_params(p, Bytes{2}, share_->public_value());
    }

    crypto::SecretBytes process_client_exchange(ByteView exchange, const crypto::PrivateKey&, std::uint16_t,
                                                crypto::RandomSource&, Observer* observer) override {
        crypto::SecretBytes z = share_->agree(exchange);
        strip_leading_zeros(z);
        report(observer, false, *share_, exchange, z);
        share_.reset();
        return z;
    }

    void process_server_params(const ServerKeyExchange& ske, const std::vector<crypto::NamedGroup>&, KeyExchangeFacts& facts) override {
        // Explicit parameters; the prime's size is checked when the key pair
        // is made (2048 to 8192 bits). Name the group when it is an RFC 7919 one.
        p_ = ske.dh_p;
        g_ = ske.dh_g;
        server_public_ = ske.public_value;
        facts.dh_bits = p_.size() * 8;
        group_ = facts.group = crypto::ffdhe_group_of(p_, g_);
    }

    crypto::SecretBytes client_exchange(Bytes& exchange, const crypto::PublicKey&, std::uint16_t, crypto::RandomSource& rng,
                                        Observer* observer) override {
        std::unique_ptr<crypto::KeyShare> share = crypto::generate_dh_key_share(p_, g_, rng);
        exchange = crypto::to_public(share->public_value());
        crypto::SecretBytes z = share->agree(server_public_);
        strip_leading_zeros(z);
        report(observer, true, *share, server_public_, z);
        return z;
    }

private:
    void report(Observer* observer, bool client, const crypto::KeyShare& share, ByteView peer, ByteView z) const {
        report_ephemeral(observer, KeyExchange::dhe, client, group_, share.public_value().size() * 8, share, peer, z);
    }
    std::unique_ptr<crypto::KeyShare> share_;
    std::optional<crypto::NamedGroup> group_;   // when p and g are an RFC 7919 group
    Bytes p_, g_, server_public_;
};

} // namespace

std::unique_ptr<KeyAgreement> make_key_agreement(KeyExchange kind) {
    switch (kind) {
    case KeyExchange::rsa: return std::make_unique<RsaKeyAgreement>();
    case KeyExchange::ecdhe: return std::make_unique<EcdheKeyAgreement>();
    case KeyExchange::dhe: return std::make_unique<DheKeyAgreement>();
    }
    throw TlsError(AlertDescription::internal_error, "unknown key exchange");
}

GroupChoice choose_group(KeyExchange kind, const std::vector<std::uint16_t>& client_groups,
                         const std::vector<crypto::NamedGroup>& ours) {
    GroupChoice c;
    if (kind == KeyExchange::rsa) {
        c.usable = true;
        return c;
    }
    const bool want_ffdhe = kind == KeyExchange::dhe;
    for (crypto::NamedGroup g : ours) {   // server preference
        const auto v = static_cast<std::uint16_t>(g);
        if (is_ffdhe(v) != want_ffdhe) continue;
        if (std::find(client_groups.begin(), client_groups.end(), v) != client_groups.end()) {
            c.group = g;
            break;
        }
    }
    const bool client_lists_ffdhe = std::any_of(client_groups.begin(), client_groups.end(), is_ffdhe);
    if (!c.group && !want_ffdhe && client_groups.empty()) c.group = crypto::NamedGroup::secp256r1;   // RFC 8422 §4
    if (!c.group && want_ffdhe && !client_lists_ffdhe) c.group = crypto::NamedGroup::ffdhe2048;      // RFC 7919 §4
    c.refused_for_ffdhe = !c.group && want_ffdhe;
    c.usable = c.group.has_value();
    return c;
}

} // namespace glasstls
