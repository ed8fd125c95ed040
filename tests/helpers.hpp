// Test helpers: the vector-file reader and a scripted random source.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "glasstls/codec.hpp"
#include "glasstls/crypto.hpp"

namespace testing {

// One case of a vectors/*.txt file: "key = value" lines, a blank line
// between cases, '#' comments. A quoted value is text, anything else hex.
struct VectorCase {
    std::map<std::string, std::string> fields;
    std::string text(const std::string& k) const {
        auto it = fields.find(k);
        if (it == fields.end()) throw std::runtime_error("vector field missing: " + k);
        const std::string& v = it->second;
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
        return v;
    }
    glasstls::Bytes bytes(const std::string& k) const { return glasstls::from_hex(text(k)); }
    std::string name() const { return text("name"); }
};

inline std::vector<VectorCase> load_vectors(const std::string& file) {
    std::ifstream in(std::string(GLASSTLS_VECTORS_DIR) + "/" + file);
    if (!in) throw std::runtime_error("cannot open vectors/" + file);
    std::vector<VectorCase> cases;
    VectorCase current;
    std::string line;
    auto flush = [&] {
        if (!current.fields.empty()) cases.push_back(current);
        current = {};
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] == '#') continue;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            flush();
            continue;
        }
        auto eq = line.find(" = ");
        std::string key = line.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : line.substr(eq + 3);
        if (line.size() >= 2 && line.substr(line.size() - 2) == " =") key = line.substr(0, line.size() - 2);
        current.fields[key] = value;
    }
    flush();
    if (cases.empty()) throw std::runtime_error("no cases in vectors/" + file);
    return cases;
}

// Returns scripted bytes first (a known IV, a known private key), then zeros.
class ScriptedRandom final : public glasstls::crypto::RandomSource {
public:
    explicit ScriptedRandom(glasstls::Bytes script = {}) : script_(std::move(script)) {}
    void push(const glasstls::Bytes& more) { script_.insert(script_.end(), more.begin(), more.end()); }
    void fill(std::span<std::uint8_t> out) override {
        for (auto& b : out) b = pos_ < script_.size() ? script_[pos_++] : 0;
    }
    bool deterministic() const override { return true; }

private:
    glasstls::Bytes script_;
    std::size_t pos_ = 0;
};

inline glasstls::Bytes bytes_of(const std::string& s) { return glasstls::Bytes(s.begin(), s.end()); }
inline std::string text_of(glasstls::ByteView b) { return std::string(b.begin(), b.end()); }

} // namespace testing
