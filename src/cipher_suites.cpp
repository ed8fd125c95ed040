#include "glasstls/cipher_suites.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace glasstls {

namespace {

using crypto::HashAlgorithm;
constexpr HashAlgorithm S256 = HashAlgorithm::sha256;
constexpr HashAlgorithm S384 = HashAlgorithm::sha384;

// Columns: id, IANA name, OpenSSL name, kx, auth, cipher, mac, PRF hash,
// mac_key_length, enc_key_length, fixed_iv_length, record_iv_length.
// CBC suites take no IV from the key block in TLS 1.2: each record carries
// an explicit random IV (RFC 5246 §6.2.3.2, §6.3). GCM takes a 4-byte salt
// and sends an 8-byte explicit nonce (RFC 5288 §3); ChaCha20-Poly1305 takes
// a 12-byte IV and sends nothing (RFC 7905 §2).
const std::vector<CipherSuite> kSuites = {
    // ECDHE-ECDSA (RFC 8422, RFC 5289, RFC 7905)
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::chacha20_poly1305, MacAlgorithm::aead, S256, 0, 32, 12, 0},
    // ECDHE-RSA
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::chacha20_poly1305, MacAlgorithm::aead, S256, 0, 32, 12, 0},
    // DHE-RSA (RFC 5246, RFC 5288, RFC 7905)
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", KeyExchange::dhe, Authentication::rsa, BulkCipher::chacha20_poly1305, MacAlgorithm::aead, S256, 0, 32, 12, 0},
    // ECDHE with CBC (RFC 5289 for the SHA-256/384 MACs)
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha384, S384, 48, 32, 0, 16},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha384, S384, 48, 32, 0, 16},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", KeyExchange::ecdhe, Authentication::ecdsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", KeyExchange::ecdhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha256, S256, 32, 32, 0, 16},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", KeyExchange::dhe, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
    // Static RSA key exchange: no forward secrecy, kept for the lab.
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_256_gcm, MacAlgorithm::aead, S384, 0, 32, 4, 8},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_128_gcm, MacAlgorithm::aead, S256, 0, 16, 4, 8},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha256, S256, 32, 32, 0, 16},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha256, S256, 32, 16, 0, 16},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_256_cbc, MacAlgorithm::hmac_sha1, S256, 20, 32, 0, 16},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", KeyExchange::rsa, Authentication::rsa, BulkCipher::aes_128_cbc, MacAlgorithm::hmac_sha1, S256, 20, 16, 0, 16},
};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
}

} // namespace

const std::vector<CipherSuite>& all_cipher_suites() { return kSuites; }

const CipherSuite* find_cipher_suite(std::uint16_t id) {
    for (const CipherSuite& s : kSuites) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

const CipherSuite* find_cipher_suite(std::string_view name) {
    for (const CipherSuite& s : kSuites) {
        if (iequals(s.openssl_name, name) || iequals(s.iana_name, name)) return &s;
    }
    return nullptr;
}

// ---- Cipher strings: openssl-ciphers(1), "CIPHER LIST FORMAT" ---------------
//
// OpenSSL keeps every suite it has in one ordered list, each entry on or
// off, and runs a cipher string over that list item by item
// (ssl_cipher_process_rulestr and ssl_cipher_apply_rule, ssl/ssl_ciph.c);
// the selection is the entries that are on, in list order. glasstls keeps
// the same list of its own suites only. Every rule moves the suites it
// matches as one block, keeping their order, so leaving OpenSSL's other
// suites out changes nothing about ours: the result is OpenSSL's, filtered.

namespace {

// The facts about a suite that OpenSSL's aliases test, beside the table's columns.
bool uses_aes(const CipherSuite& s) { return s.cipher != BulkCipher::chacha20_poly1305; }
bool uses_aes_gcm(const CipherSuite& s) { return s.cipher == BulkCipher::aes_128_gcm || s.cipher == BulkCipher::aes_256_gcm; }
bool uses_chacha20(const CipherSuite& s) { return s.cipher == BulkCipher::chacha20_poly1305; }
bool forward_secret(const CipherSuite& s) { return s.kx != KeyExchange::rsa; }
int strength_bits(const CipherSuite& s) { return s.enc_key_length * 8; }   // AES-128: 128; AES-256, ChaCha20: 256

// The oldest protocol version a suite is defined for: OpenSSL's min_tls,
// which the aliases SSLv3, TLSv1 and TLSv1.2 match exactly (not "at least").
// AEAD suites and the SHA-256/384 MACs came with TLS 1.2 (RFC 5246, 5288,
// 5289, 7905); ECDHE came with TLS 1.0 (RFC 4492); OpenSSL lists the other
// HMAC-SHA1 suites (AES, RFC 3268) from SSL 3.0.
enum class MinVersion { ssl3, tls1_0, tls1_2 };
MinVersion min_version(const CipherSuite& s) {
    if (s.is_aead() || s.mac != MacAlgorithm::hmac_sha1) return MinVersion::tls1_2;
    return s.kx == KeyExchange::ecdhe ? MinVersion::tls1_0 : MinVersion::ssl3;
}

enum class Rule { add, remove, kill, move_to_end, bump };

class SuiteOrder {
public:
    SuiteOrder(const std::vector<const CipherSuite*>& order, bool on) {
        for (const CipherSuite* s : order) entries_.push_back({s, on});
    }

    // What ssl_cipher_apply_rule does to the entries a rule matches.
    template <class Matches> void apply(Rule rule, const Matches& matches) {
        auto hit = [&](const Entry& e) { return matches(*e.suite) && (rule == Rule::add ? !e.on : e.on); };
        auto miss = [&](const Entry& e) { return !hit(e); };
        const auto first = entries_.begin(), last = entries_.end();
        switch (rule) {
        case Rule::add:   // those still off are switched on and go to the end; those on stay put
            for (auto it = std::stable_partition(first, last, miss); it != entries_.end(); ++it) it->on = true;
            break;
        case Rule::move_to_end:   // "+": only those that are on move
            std::stable_partition(first, last, miss);
            break;
        case Rule::remove: {   // "-": off, and to the front, where "most recently deleted
                               // ciphersuites get best positions for any future CIPHER_ADD"
            const auto end = std::stable_partition(first, last, hit);
            std::for_each(first, end, [](Entry& e) { e.on = false; });
            break;
        }
        case Rule::bump:   // to the front, staying on (CIPHER_BUMP: only for OpenSSL's own order)
            std::stable_partition(first, last, hit);
            break;
        case Rule::kill:   // "!": out of the list, on or off, so no later item can add it back
            std::erase_if(entries_, [&](const Entry& e) { return matches(*e.suite); });
            break;
        }
    }

    // @STRENGTH (ssl_cipher_strength_sort): the entries that are on go to the
    // end by descending key length; equal lengths keep their order.
    void sort_by_strength() {
        const auto on = std::stable_partition(entries_.begin(), entries_.end(), [](const Entry& e) { return !e.on; });
        std::stable_sort(on, entries_.end(),
                         [](const Entry& a, const Entry& b) { return strength_bits(*a.suite) > strength_bits(*b.suite); });
    }

    std::vector<const CipherSuite*> selected() const {
        std::vector<const CipherSuite*> out;
        for (const Entry& e : entries_) {
            if (e.on) out.push_back(e.suite);
        }
        return out;
    }

private:
    struct Entry {
        const CipherSuite* suite;
        bool on;
    };
    std::vector<Entry> entries_;
};

std::vector<const CipherSuite*> table_order() {
    std::vector<const CipherSuite*> out;
    for (const CipherSuite& s : kSuites) out.push_back(&s);
    return out;
}

bool any_suite(const CipherSuite&) { return true; }
bool no_suite(const CipherSuite&) { return false; }

// OpenSSL's list before a cipher string is read, as ssl_create_cipher_list
// (ssl/ssl_ciph.c, OpenSSL 1.1.1 to 3.x) sorts it: these are its rules in
// its order, less those about suites glasstls lacks (MD5, RC4, anonymous,
// PSK). This is the order of ALL and of every alias.
// Where its rules leave two of our suites tied (none do today), the
// table's order decides; tests/cli-tests.sh would see a difference.
std::vector<const CipherSuite*> openssl_order() {
    SuiteOrder order(table_order(), false);
    auto ecdhe = [](const CipherSuite& s) { return s.kx == KeyExchange::ecdhe; };
    order.apply(Rule::add, [&](const CipherSuite& s) { return ecdhe(s) && s.auth == Authentication::ecdsa; });
    order.apply(Rule::add, ecdhe);      // ECDHE before the rest, ECDSA before RSA…
    order.apply(Rule::remove, ecdhe);   // …as a block at the front, off again
    order.apply(Rule::add, uses_aes_gcm);    // "we prefer GCM over CHACHA…
    order.apply(Rule::add, uses_chacha20);
    order.apply(Rule::add, uses_aes);        // …and generally, our preferred cipher is AES"
    order.apply(Rule::add, any_suite);
    order.apply(Rule::move_to_end, [](const CipherSuite& s) { return s.kx == KeyExchange::rsa; });
    order.sort_by_strength();
    order.apply(Rule::bump, [](const CipherSuite& s) { return min_version(s) == MinVersion::tls1_2; });
    // "(EC)DHE + AEAD > (EC)DHE > rest of AEAD > rest", bumped in reverse.
    order.apply(Rule::bump, [](const CipherSuite& s) { return s.is_aead(); });
    order.apply(Rule::bump, forward_secret);
    order.apply(Rule::bump, [](const CipherSuite& s) { return forward_secret(s) && s.is_aead(); });
    return order.selected();
}

// OpenSSL's aliases (openssl-ciphers(1) "CIPHER STRINGS", cipher_aliases in
// ssl/ssl_ciph.c), synonyms together, each with the suites of ours it selects.
struct Alias {
    std::string_view names;   // separated by spaces
    bool (*selects)(const CipherSuite&);
};
const Alias kAliases[] = {
    {"ALL HIGH", any_suite},   // ALL is all but eNULL; HIGH has every AES and ChaCha20 suite
    {"AES FIPS", uses_aes},
    {"kRSA RSA", [](const CipherSuite& s) { return s.kx == KeyExchange::rsa; }},   // RSA = kRSA since OpenSSL 1.1.0
    {"aRSA", [](const CipherSuite& s) { return s.auth == Authentication::rsa; }},
    // kDHE and kECDHE take in the anonymous suites, DHE and ECDHE do not; we have none.
    {"kDHE kEDH DH DHE EDH", [](const CipherSuite& s) { return s.kx == KeyExchange::dhe; }},
    {"kECDHE kEECDH ECDH ECDHE EECDH", [](const CipherSuite& s) { return s.kx == KeyExchange::ecdhe; }},
    {"aECDSA ECDSA", [](const CipherSuite& s) { return s.auth == Authentication::ecdsa; }},
    {"AES128", [](const CipherSuite& s) { return uses_aes(s) && strength_bits(s) == 128; }},
    {"AES256", [](const CipherSuite& s) { return uses_aes(s) && strength_bits(s) == 256; }},
    {"AESGCM", uses_aes_gcm},
    {"CHACHA20", uses_chacha20},
    {"CBC", [](const CipherSuite& s) { return s.is_cbc(); }},   // OpenSSL 3.0 has CBC, no AEAD alias
    // The MAC: an AEAD suite's SHA-256/384 is its PRF hash, which no alias tests.
    {"SHA1 SHA", [](const CipherSuite& s) { return s.mac == MacAlgorithm::hmac_sha1; }},
    {"SHA256", [](const CipherSuite& s) { return s.mac == MacAlgorithm::hmac_sha256; }},
    {"SHA384", [](const CipherSuite& s) { return s.mac == MacAlgorithm::hmac_sha384; }},
    {"TLSv1.2", [](const CipherSuite& s) { return min_version(s) == MinVersion::tls1_2; }},
    {"TLSv1 TLSv1.0", [](const CipherSuite& s) { return min_version(s) == MinVersion::tls1_0; }},
    {"SSLv3", [](const CipherSuite& s) { return min_version(s) == MinVersion::ssl3; }},
    // Words for suites glasstls does not implement (EXP and EXPORT: that
    // OpenSSL 1.1.0 removed): understood, selecting nothing.
    {"COMPLEMENTOFDEFAULT COMPLEMENTOFALL MEDIUM LOW EXP EXPORT NULL eNULL aNULL ADH AECDH MD5 RC4 RC2 DES 3DES "
     "IDEA SEED CAMELLIA CAMELLIA128 CAMELLIA256 ARIA ARIA128 ARIA256 ARIAGCM AESCCM AESCCM8 PSK kPSK aPSK "
     "kRSAPSK kECDHEPSK kDHEPSK SRP kSRP aSRP DSS aDSS kGOST kGOST18 aGOST aGOST01 aGOST12 GOST89 GOST94 "
     "GOST89MAC GOST12 GOST89MAC12",
     no_suite},
};

bool among(std::string_view names, std::string_view word) {
    while (!names.empty()) {
        const std::size_t space = names.find(' ');
        if (iequals(names.substr(0, space), word)) return true;
        names.remove_prefix(space == std::string_view::npos ? names.size() : space + 1);
    }
    return false;
}

// One word of an item: one of our suites, by either name, or an alias.
struct Word {
    const CipherSuite* suite = nullptr;
    bool (*selects)(const CipherSuite&) = nullptr;
    bool matches(const CipherSuite& s) const { return suite != nullptr ? &s == suite : selects(s); }
};

std::optional<Word> understand(std::string_view word) {
    if (const CipherSuite* s = find_cipher_suite(word)) return Word{s, nullptr};
    for (const Alias& a : kAliases) {
        if (among(a.names, word)) return Word{nullptr, a.selects};
    }
    return std::nullopt;
}

// ssl_cipher_process_rulestr separates items by ';' too, which ciphers(1) does not say.
bool is_separator(char c) { return c == ':' || c == ',' || c == ' ' || c == ';'; }
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '='; }

std::vector<std::string_view> split_items(std::string_view list) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= list.size(); ++i) {
        if (i == list.size() || is_separator(list[i])) {
            if (i > start) out.push_back(list.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

// An item: at most one of ! - + @, then words joined by '+'.
struct Item {
    std::string_view text;
    char op = '\0';   // '\0' adds
    std::vector<std::string_view> words;
};

Item parse_item(std::string_view text) {
    Item item{text, '\0', {}};
    std::string_view rest = text;
    if (std::string_view("!-+@").find(rest.front()) != std::string_view::npos) {
        item.op = rest.front();
        rest.remove_prefix(1);
    }
    for (;;) {
        const std::size_t plus = rest.find('+');
        const std::string_view word = rest.substr(0, plus);
        if (word.empty() || !std::all_of(word.begin(), word.end(), is_word_char)) {
            throw TlsError(AlertDescription::illegal_parameter,
                           "malformed cipher list item '" + std::string(text) +
                               "': at most one of ! - + @, then words of letters, digits and - _ . = joined by +");
        }
        item.words.push_back(word);
        if (plus == std::string_view::npos || item.op == '@') break;   // "@STRENGTH+…": OpenSSL reads the command only
        rest.remove_prefix(plus + 1);
    }
    return item;
}

Rule rule_of(char op) {
    switch (op) {
    case '!': return Rule::kill;
    case '-': return Rule::remove;
    case '+': return Rule::move_to_end;
    default: return Rule::add;
    }
}

// @SECLEVEL=N sets OpenSSL's security level, which governs much more than
// suites (key sizes, groups, signatures); glasstls takes what it does to a
// suite, as ssl_security_default_callback (ssl/t1_lib.c) judges one: levels
// 1 to 5 want 80, 112, 128, 192 and 256 bits, an HMAC-SHA1 counts as 160,
// and from level 3 on the key exchange must be forward secret. Levels 0 to 2
// refuse no suite of ours (all have 128-bit keys or more, none is MD5, RC4
// or anonymous): CPython's "@SECLEVEL=2:…" changes nothing.
bool allowed_at_level(const CipherSuite& s, int level) {
    static constexpr int kMinBits[] = {0, 80, 112, 128, 192, 256};
    const int min_bits = kMinBits[level];
    if (strength_bits(s) < min_bits) return false;
    if (min_bits > 160 && s.mac == MacAlgorithm::hmac_sha1) return false;
    return level < 3 || forward_secret(s);
}

// A cipher string read item by item (ssl_cipher_process_rulestr).
class CipherStringReader {
public:
    explicit CipherStringReader(SuiteOrder start) : order_(std::move(start)) {}

    void read(const Item& item) {
        if (item.op == '@') return command(item.words[0]);
        std::vector<Word> words;
        for (std::string_view w : item.words) {
            std::optional<Word> word = understand(w);
            if (!word) return not_understood(item, w);   // OpenSSL: "ignore this entry"
            words.push_back(*word);
        }
        order_.apply(rule_of(item.op), [&](const CipherSuite& s) {
            return std::all_of(words.begin(), words.end(), [&](const Word& w) { return w.matches(s); });
        });
    }

    std::vector<const CipherSuite*> result(std::string_view list) const {
        std::vector<const CipherSuite*> out = order_.selected();
        std::erase_if(out, [&](const CipherSuite* s) { return !allowed_at_level(*s, level_); });
        if (!out.empty()) return out;
        std::string sentence = "the cipher list '" + std::string(list) + "' selects no cipher suite glasstls implements";
        for (std::size_t i = 0; i < unknown_.size(); ++i) sentence += (i == 0 ? " (not understood: " : ", ") + std::string(unknown_[i]);
        throw TlsError(AlertDescription::illegal_parameter, unknown_.empty() ? sentence : sentence + ")");
    }

private:
    // The typo rule of the header: a lone unknown word that looks like a
    // suite name is an error unless the item removes it; other unknown
    // words are skipped, as OpenSSL skips them, and named if nothing is left.
    void not_understood(const Item& item, std::string_view word) {
        const bool removes = item.op == '!' || item.op == '-';
        const bool suite_like = word.find_first_of("-_") != std::string_view::npos;
        if (item.words.size() == 1 && !removes && suite_like) {
            throw TlsError(AlertDescription::illegal_parameter,
                           "unknown cipher suite '" + std::string(word) + "' (glass ciphers ALL lists the suites glasstls implements)");
        }
        unknown_.push_back(word);
    }

    void command(std::string_view c) {
        if (iequals(c, "STRENGTH")) return order_.sort_by_strength();
        if (c.size() == 10 && iequals(c.substr(0, 9), "SECLEVEL=") && c[9] >= '0' && c[9] <= '5') {
            level_ = c[9] - '0';   // the last one counts: it is a setting, not a step
            return;
        }
        throw TlsError(AlertDescription::illegal_parameter,
                       "unknown cipher list command '@" + std::string(c) + "' (there are @STRENGTH and @SECLEVEL=0 to 5)");
    }

    SuiteOrder order_;
    int level_ = 0;
    std::vector<std::string_view> unknown_;
};

} // namespace

std::vector<const CipherSuite*> select_cipher_suites(std::string_view list) {
    // "The cipher list can be prefixed with the DEFAULT keyword": DEFAULT
    // counts there only (ssl_create_cipher_list); elsewhere it is an unknown
    // word. It switches every suite on in glasstls's own order (see the header).
    const bool from_default = iequals(list.substr(0, 7), "DEFAULT") && (list.size() == 7 || is_separator(list[7]));
    static const std::vector<const CipherSuite*> openssl = openssl_order();
    CipherStringReader reader(from_default ? SuiteOrder(table_order(), true) : SuiteOrder(openssl, false));
    for (std::string_view text : split_items(from_default ? list.substr(7) : list)) reader.read(parse_item(text));
    return reader.result(list);
}

std::string suite_id_string(const CipherSuite& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out = "0x00,0x00";
    out[2] = hex[(s.id >> 12) & 0xf];
    out[3] = hex[(s.id >> 8) & 0xf];
    out[7] = hex[(s.id >> 4) & 0xf];
    out[8] = hex[s.id & 0xf];
    return out;
}

std::string_view key_exchange_name(KeyExchange kx) {
    switch (kx) {
    case KeyExchange::rsa: return "RSA";
    case KeyExchange::dhe: return "DH";
    case KeyExchange::ecdhe: return "ECDH";
    }
    return "?";
}

std::string suite_description(const CipherSuite& s) {
    std::string enc;
    switch (s.cipher) {
    case BulkCipher::aes_128_cbc: enc = "AES(128)"; break;
    case BulkCipher::aes_256_cbc: enc = "AES(256)"; break;
    case BulkCipher::aes_128_gcm: enc = "AESGCM(128)"; break;
    case BulkCipher::aes_256_gcm: enc = "AESGCM(256)"; break;
    case BulkCipher::chacha20_poly1305: enc = "CHACHA20/POLY1305(256)"; break;
    }
    std::string mac;
    switch (s.mac) {
    case MacAlgorithm::hmac_sha1: mac = "SHA1"; break;
    case MacAlgorithm::hmac_sha256: mac = "SHA256"; break;
    case MacAlgorithm::hmac_sha384: mac = "SHA384"; break;
    case MacAlgorithm::aead: mac = "AEAD"; break;
    }
    std::string au = s.auth == Authentication::rsa ? "RSA" : "ECDSA";
    return "Kx=" + std::string(key_exchange_name(s.kx)) + " Au=" + au + " Enc=" + enc + " Mac=" + mac;
}

} // namespace glasstls
