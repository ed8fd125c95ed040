// glass: the glasstls command-line program, one subcommand per job, in the
// spirit of `openssl s_client` / `openssl ciphers`.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "glasstls/alert.hpp"

namespace {

struct Subcommand {
    const char* name;
    glass::Command run;
    const char* summary;
};

const Subcommand kCommands[] = {
    {"client", glass::cmd_client, "connect to a TLS server (like openssl s_client)"},
    {"server", glass::cmd_server, "serve TLS to many clients (like openssl s_server)"},
    {"ciphers", glass::cmd_ciphers, "list the cipher suites a cipher string selects"},
    {"prf", glass::cmd_prf, "compute the TLS 1.2 PRF (RFC 5246 §5)"},
    {"bench", glass::cmd_bench, "measure the record layer, handshakes, connections held (glass bench record|handshake|hold)"},
    {"demo", glass::cmd_demo, "narrate the key schedule and one protected record on a vector"},
    {"x509", glass::cmd_x509, "print certificates (text or --json)"},
    {"verify", glass::cmd_verify, "validate a certificate chain and host name"},
    {"ca", glass::cmd_ca, "make the lab's certificates: a CA, then servers, clients, intermediates"},
    {"proxy", glass::cmd_proxy, "the man in the middle: forged certificates, logged and altered traffic"},
    {"replay", glass::cmd_replay, "replay a recorded handshake and see why the server refuses"},
    {"probe", glass::cmd_probe, "what does this server accept? versions, suites, groups, extensions"},
    {"heartbleed", glass::cmd_heartbleed, "test a server for Heartbleed (safely: it only asks)"},
    {"steps", glass::cmd_steps, "the handshake step by step: each message, its function (a breakpoint), its RFC section"},
    {"python", glass::cmd_python, "run a program written for Python's ssl module on glasstls"},
    {"decode", glass::cmd_decode, "decode (and with a key log, decrypt) the TLS in a capture"},
};

void usage(std::ostream& out) {
    out << "usage: glass <command> [options]\n\ncommands:\n";
    for (const Subcommand& c : kCommands) out << "  " << c.name << std::string(12 - std::string(c.name).size(), ' ') << c.summary << "\n";
    out << "\n`glass <command> --help` describes a command; `glass --version` the build.\n";
}

// What a bug report or a course handout needs to name the build: glasstls's
// version, TLS 1.2 only, and the two libraries that supply the primitives.
void version(std::ostream& out) {
    out << "glass (glasstls) " << GLASS_VERSION << " — TLS 1.2 (RFC 5246); primitives from Crypto++ and libsodium\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage(std::cerr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        usage(std::cout);
        return 0;
    }
    if (name == "--version" || name == "version") {
        version(std::cout);
        return 0;
    }
    std::vector<std::string> args(argv + 2, argv + argc);
    for (const Subcommand& c : kCommands) {
        if (name != c.name) continue;
        try {
            return c.run(args);
        } catch (const glass::UsageError& e) {
            std::cerr << "glass " << name << ": " << e.what() << " (see `glass " << name << " --help`)\n";
            return 2;
        } catch (const glasstls::TlsError& e) {
            std::cerr << "glass " << name << ": " << e.describe() << "\n";
            return 1;
        } catch (const std::exception& e) {
            std::cerr << "glass " << name << ": " << e.what() << "\n";
            return 1;
        }
    }
    std::cerr << "glass: unknown command '" << name << "'\n";
    usage(std::cerr);
    return 2;
}
