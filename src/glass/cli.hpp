// Small helpers shared by the `glass` subcommands: argument parsing and the
// one-sentence error convention (exit 1 for a failed check, 2 for usage).
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "glasstls/lab/net.hpp"
#include "glasstls/webpki_profile.hpp"
#include "glasstls/lab/teaching.hpp"

namespace glass {

// A usage error: printed with the subcommand's usage, exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses "--name value", "--name=value" and bare "--flag" options plus
// positional arguments. `flags` lists the options that take no value.
class Args {
public:
    Args(const std::vector<std::string>& argv, const std::vector<std::string>& flags,
         const std::vector<std::string>& options);

    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::optional<std::string> get(const std::string& name) const;
    std::string require(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;   // a repeated option
    const std::vector<std::string>& positional() const { return positional_; }
    std::size_t get_size(const std::string& name, std::size_t fallback) const;

private:
    std::map<std::string, int> flags_;
    std::multimap<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

// "a:b,c" -> {"a", "b", "c"}: the items of an option list, separated by ':'
// or ',' (openssl uses both, e.g. -cipher and -alpn); empty items dropped.
std::vector<std::string> split_list(const std::string& list);

// The lab's TCP helpers, as every command that opens a socket uses them.
using glasstls::lab::HostPort, glasstls::lab::connect_tcp, glasstls::lab::host_port_text, glasstls::lab::peer_name,
    glasstls::lab::write_all;
// "host:port", "[::1]:port"; UsageError when malformed.
HostPort parse_host_port(const std::string& text);
// Every --resolve HOST:PORT:ADDRESS of a command line (curl's spelling);
// UsageError when one is malformed.
std::vector<glasstls::lab::ResolveEntry> resolve_entries(const Args& args);
// listen_tcp for a program's main loop: -1, the reason printed as
// "PROGRAM: …", when the address cannot be had.
int listen_or_say(const HostPort& where, const char* program);

// The teaching flags of a command line (--trace, --trace-records, --msg,
// --trace-json FILE, --keylog FILE), their files opened; UsageError when
// one cannot be written.
using glasstls::lab::ConnectionObservers, glasstls::lab::TeachingOutputs;
TeachingOutputs open_teaching(const Args& args);

// --profile rfc5280|webpki (glass verify, glass client): the rules a chain
// is held to; rfc5280 when absent, UsageError when unknown.
glasstls::verify::Profile profile_option(const Args& args);

using Command = int (*)(const std::vector<std::string>& args);

int cmd_prf(const std::vector<std::string>& args);
int cmd_ciphers(const std::vector<std::string>& args);
int cmd_bench(const std::vector<std::string>& args);
int cmd_demo(const std::vector<std::string>& args);
int cmd_x509(const std::vector<std::string>& args);
int cmd_verify(const std::vector<std::string>& args);
int cmd_client(const std::vector<std::string>& args);
int cmd_server(const std::vector<std::string>& args);
int cmd_decode(const std::vector<std::string>& args);
int cmd_ca(const std::vector<std::string>& args);
int cmd_proxy(const std::vector<std::string>& args);
int cmd_replay(const std::vector<std::string>& args);
int cmd_heartbleed(const std::vector<std::string>& args);
int cmd_probe(const std::vector<std::string>& args);
int cmd_steps(const std::vector<std::string>& args);
int cmd_python(const std::vector<std::string>& args);

} // namespace glass
