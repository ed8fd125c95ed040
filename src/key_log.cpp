// KeyLogObserver and read_key_log_file: the key log's lines and file, the
// secrets in them kept in wiped memory (see the header).
#include "glasstls/key_log.hpp"

#include <cstdio>
#include <memory>
#include <ostream>

namespace glasstls {

std::string KeyLogObserver::format_line(ByteView client_random, ByteView master_secret) {
    return "CLIENT_RANDOM " + to_hex(client_random) + " " + to_hex(master_secret);
}

void KeyLogObserver::on_master_secret(ByteView client_random, ByteView master_secret) {
    // format_line's std::string would leave the secret's hex in freed memory.
    static const char* digits = "0123456789abcdef";
    const std::string head = "CLIENT_RANDOM " + to_hex(client_random) + " ";
    crypto::SecretBytes line(head.begin(), head.end());
    for (std::uint8_t b : master_secret) {
        line.push_back(static_cast<std::uint8_t>(digits[b >> 4]));
        line.push_back(static_cast<std::uint8_t>(digits[b & 15]));
    }
    line.push_back('\n');
    out_.write(reinterpret_cast<const char*>(line.data()), static_cast<std::streamsize>(line.size()));
    out_.flush();
}

std::optional<crypto::SecretBytes> read_key_log_file(const std::string& path, std::string& why) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!file) {
        why = "cannot read the key log " + path;
        return std::nullopt;
    }
    std::setvbuf(file.get(), nullptr, _IONBF, 0);   // no stdio buffer: the bytes go only where fread puts them
    crypto::SecretBytes text;
    text.reserve(64u << 10);
    for (;;) {
        // Growing reallocates; WipingAllocator wipes each buffer it gives back.
        if (text.size() == text.capacity()) text.reserve(text.capacity() * 2);
        const std::size_t at = text.size(), room = text.capacity() - at;
        text.resize(text.capacity());
        const std::size_t n = std::fread(text.data() + at, 1, room, file.get());
        text.resize(at + n);
        if (text.size() > max_key_log_bytes) {
            why = "the key log " + path + " is larger than " + std::to_string(max_key_log_bytes >> 20) + " MiB";
            return std::nullopt;
        }
        if (n < room) break;
    }
    if (std::ferror(file.get()) != 0) {
        why = "cannot read the key log " + path;
        return std::nullopt;
    }
    return text;
}

} // namespace glasstls
