// libFuzzer harness for the codec: the input is a script of field reads
// (first byte: how many ops) followed by the data they read. Every read must
// either succeed or throw TlsError{decode_error}; what was read, written back
// with Writer, must reproduce the bytes consumed exactly.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "glasstls/codec.hpp"

using namespace glasstls;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t n_ops = std::min<std::size_t>(data[0], size - 1);
    ByteView ops(data + 1, n_ops), input(data + 1 + n_ops, size - 1 - n_ops);
    Reader r(input, "fuzz");
    Writer w;
    try {
        for (std::uint8_t op : ops) {
            switch (op % 10) {
            case 0: w.u8(r.u8("u8")); break;
            case 1: w.u16(r.u16("u16")); break;
            case 2: w.u24(r.u24("u24")); break;
            case 3: w.u32(r.u32("u32")); break;
            case 4: w.u64(r.u64("u64")); break;
            case 5: w.vec8(r.vec8("vec8")); break;
            case 6: w.vec16(r.vec16("vec16", op >> 4)); break;   // with a floor
            case 7: w.vec24(r.vec24("vec24")); break;
            case 8: w.bytes(r.bytes(op >> 4, "bytes")); break;
            case 9: {
                Reader sub = r.sub16("sub16");
                w.prefixed16([&](Writer& inner) { inner.bytes(sub.rest()); });
                break;
            }
            }
        }
        r.expect_end("script");
    } catch (const TlsError& e) {
        if (e.alert() != AlertDescription::decode_error) std::abort();
        return 0;
    }
    // Success: the bytes written back are exactly the input consumed.
    if (w.size() != input.size()) std::abort();
    if (!input.empty() && std::memcmp(w.data().data(), input.data(), input.size()) != 0) std::abort();
    return 0;
}
