// glass prf --hash sha256|sha384 --secret HEX --label TEXT --seed HEX --length N
#include <iostream>

#include "cli.hpp"
#include "glasstls/prf.hpp"

namespace glass {

int cmd_prf(const std::vector<std::string>& argv) {
    Args args(argv, {"help"}, {"hash", "secret", "label", "seed", "length"});
    if (args.flag("help")) {
        std::cout << "usage: glass prf --hash sha256|sha384 --secret HEX --label TEXT --seed HEX --length N\n"
                     "Prints PRF(secret, label, seed)[0..N-1] (RFC 5246 §5) as lowercase hex on one line.\n";
        return 0;
    }
    const std::string hash_name = args.get("hash").value_or("sha256");
    glasstls::crypto::HashAlgorithm hash;
    if (hash_name == "sha256") hash = glasstls::crypto::HashAlgorithm::sha256;
    else if (hash_name == "sha384") hash = glasstls::crypto::HashAlgorithm::sha384;
    else throw UsageError("--hash must be sha256 or sha384, not '" + hash_name + "'");

    glasstls::Bytes secret, seed;
    try {
        secret = glasstls::from_hex(args.require("secret"));
        seed = glasstls::from_hex(args.get("seed").value_or(""));
    } catch (const glasstls::TlsError& e) {
        throw UsageError(std::string("bad hex: ") + e.what());
    }
    const std::size_t length = args.get_size("length", 0);
    if (length == 0 || length > 1u << 20) throw UsageError("--length must be between 1 and 1048576");
    auto out = glasstls::prf(hash, secret, args.require("label"), seed, length);
    std::cout << glasstls::to_hex(out) << "\n";
    return 0;
}

} // namespace glass
