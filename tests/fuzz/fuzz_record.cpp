// libFuzzer harness for the record reader: arbitrary bytes, cut at an
// arbitrary point, are fed to a RecordLayer under each protection kind. The
// reader must return records no longer than 2^14 or throw TlsError with one
// of the record-layer alerts, never crash. The same bytes are also sent as
// application data through a sender and must come back unchanged.
#include <cstdint>
#include <cstdlib>

#include "glasstls/record.hpp"

using namespace glasstls;

namespace {

class ZeroRandom final : public crypto::RandomSource {
public:
    void fill(std::span<std::uint8_t> out) override {
        for (auto& b : out) b = 0x24;
    }
};

TrafficKeys keys(const CipherSuite& s) {
    TrafficKeys k;
    k.mac_key.assign(s.mac_key_length, 0x11);
    k.key.assign(s.enc_key_length, 0x22);
    k.iv.assign(s.fixed_iv_length, 0x33);
    return k;
}

bool record_layer_alert(AlertDescription a) {
    return a == AlertDescription::bad_record_mac || a == AlertDescription::record_overflow ||
           a == AlertDescription::unexpected_message || a == AlertDescription::protocol_version;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ZeroRandom rng;
    static const char* suites[] = {nullptr, "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305",
                                   "AES128-SHA", "ECDHE-RSA-AES256-SHA384"};
    if (size < 1) return 0;
    const std::size_t choice = data[0] % 6;   // 5 = AES128-SHA with encrypt-then-MAC
    const CipherSuite* suite = choice == 0 ? nullptr : find_cipher_suite(suites[choice == 5 ? 3 : choice]);
    const bool etm = choice == 5;
    ByteView input(data + 1, size - 1);
    const std::size_t cut = input.empty() ? 0 : data[0] % (input.size() + 1);

    RecordLayer reader;
    if (suite != nullptr) reader.change_read_protection(make_protection(*suite, keys(*suite), etm, rng));
    try {
        reader.feed(input.first(cut));
        while (auto r = reader.read()) {
            if (r->fragment.size() > max_plaintext_length) std::abort();
        }
        reader.feed(input.subspan(cut));
        while (auto r = reader.read()) {
            if (r->fragment.size() > max_plaintext_length) std::abort();
        }
    } catch (const TlsError& e) {
        if (!record_layer_alert(e.alert())) std::abort();
    }

    // Round trip: whatever the bytes, they survive protect + unprotect.
    RecordLayer sender, receiver;
    if (suite != nullptr) {
        sender.change_write_protection(make_protection(*suite, keys(*suite), etm, rng));
        receiver.change_read_protection(make_protection(*suite, keys(*suite), etm, rng));
    }
    Bytes wire, back;
    sender.write(ContentType::application_data, input, wire);
    receiver.feed(wire);
    while (auto r = receiver.read()) append(back, r->fragment);
    if (back.size() != input.size() || !std::equal(back.begin(), back.end(), input.begin())) std::abort();
    return 0;
}
