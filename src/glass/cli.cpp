#include "cli.hpp"

#include <iostream>

#include <algorithm>
#include <iterator>

namespace glass {

Args::Args(const std::vector<std::string>& argv, const std::vector<std::string>& flags,
           const std::vector<std::string>& options) {
    auto is = [](const std::vector<std::string>& list, const std::string& x) {
        return std::find(list.begin(), list.end(), x) != list.end();
    };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        bool has_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        if (is(flags, name)) {
            if (has_value) throw UsageError("--" + name + " takes no value");
            flags_[name] = 1;
        } else if (is(options, name)) {
            if (!has_value) {
                if (i + 1 >= argv.size()) throw UsageError("--" + name + " needs a value");
                value = argv[++i];
            }
            values_.emplace(name, value);
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

// A repeated option's last value wins, as in most command-line tools.
std::optional<std::string> Args::get(const std::string& name) const {
    auto [b, e] = values_.equal_range(name);
    if (b == e) return std::nullopt;
    return std::prev(e)->second;
}

std::string Args::require(const std::string& name) const {
    auto v = get(name);
    if (!v) throw UsageError("--" + name + " is required");
    return *v;
}

std::vector<std::string> Args::all(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = values_.equal_range(name);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
}

std::size_t Args::get_size(const std::string& name, std::size_t fallback) const {
    auto v = get(name);
    if (!v) return fallback;
    try {
        std::size_t pos = 0;
        unsigned long long n = std::stoull(*v, &pos);
        if (pos != v->size()) throw std::invalid_argument("trailing");
        return static_cast<std::size_t>(n);
    } catch (const std::exception&) {
        throw UsageError("--" + name + " needs a whole number, got '" + *v + "'");
    }
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start <= list.size();) {
        std::size_t end = list.find_first_of(":,", start);
        if (end == std::string::npos) end = list.size();
        if (end > start) out.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::vector<glasstls::lab::ResolveEntry> resolve_entries(const Args& args) {
    std::vector<glasstls::lab::ResolveEntry> entries;
    for (const std::string& text : args.all("resolve")) {
        const auto e = glasstls::lab::parse_resolve(text);
        if (!e) throw UsageError("--resolve is HOST:PORT:ADDRESS (as curl spells it), not '" + text + "'");
        entries.push_back(*e);
    }
    return entries;
}

HostPort parse_host_port(const std::string& text) {
    HostPort hp;
    if (!text.empty() && text[0] == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            throw UsageError("expected [IPv6]:PORT, got '" + text + "'");
        }
        hp.host = text.substr(1, close - 1);
        hp.port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || colon == 0) throw UsageError("expected HOST:PORT, got '" + text + "'");
        hp.host = text.substr(0, colon);
        hp.port = text.substr(colon + 1);
    }
    if (hp.port.empty() || hp.port.find_first_not_of("0123456789") != std::string::npos) {
        throw UsageError("the port must be a number, got '" + hp.port + "'");
    }
    return hp;
}


int listen_or_say(const HostPort& where, const char* program) {
    try {
        return glasstls::lab::listen_tcp(where);
    } catch (const std::exception& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return -1;
    }
}

glasstls::verify::Profile profile_option(const Args& args) {
    const std::string name = args.get("profile").value_or("rfc5280");
    if (auto p = glasstls::verify::parse_profile(name)) return *p;
    throw UsageError("--profile must be rfc5280 or webpki, not '" + name + "'");
}

TeachingOutputs open_teaching(const Args& args) {
    glasstls::lab::TeachingFlags flags{.trace = args.flag("trace"),
                                       .trace_records = args.flag("trace-records"),
                                       .msg = args.flag("msg"),
                                       .json_path = args.get("trace-json").value_or(""),
                                       .keylog_path = args.get("keylog").value_or(""),
                                       .html_max_bytes = args.get_size("html-max-bytes", glasstls::HtmlTranscript::default_max_value_bytes)};
    try {
        return TeachingOutputs(flags);
    } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
    }
}

} // namespace glass
