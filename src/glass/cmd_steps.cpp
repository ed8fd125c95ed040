// glass steps [--client | --server] [--markdown] — the handshake's step
// table: every message a side sends or receives, the function that does it
// (a gdb breakpoint), what happens there and the RFC section. These are the
// rows the engines dispatch with and --step shows, so the list cannot drift
// from the code; docs/debugging.md's breakpoint table is this command's
// --markdown output (tests/cli-tests.sh checks it).
#include <iostream>

#include "cli.hpp"
#include "glasstls/handshake_client.hpp"
#include "glasstls/handshake_server.hpp"

namespace glass {

namespace {
using namespace glasstls;

const char* kUsage =
    "usage: glass steps [--client | --server] [--markdown]\n"
    "The handshake step by step, for each side (both by default): each message sent (->) or\n"
    "received (<-), the function that builds or handles it — a breakpoint for gdb, and what\n"
    "--step stops at — what happens there, and the RFC section. --markdown: as a table.\n";

std::string message_name(int type) {
    return type == step_change_cipher_spec ? "ChangeCipherSpec" : std::string(handshake_type_name(static_cast<HandshakeType>(type)));
}

void print_side(const char* title, const std::vector<StepInfo>& rows, bool markdown) {
    if (markdown) {
        std::cout << "| | message | breakpoint | you are at | RFC |\n|---|---|---|---|---|\n";
        for (const StepInfo& r : rows) {
            std::cout << "| " << (r.direction == Direction::outgoing ? "→" : "←") << " | " << message_name(r.type) << " | `glasstls::" << r.function
                      << "` | " << r.what << " | " << r.rfc << " |\n";
        }
        return;
    }
    std::cout << title << "\n";
    for (const StepInfo& r : rows) {
        std::string line = std::string("  ") + (r.direction == Direction::outgoing ? "-> " : "<- ") + message_name(r.type);
        line.resize(std::max<std::size_t>(line.size() + 1, 24), ' ');
        line += std::string("glasstls::") + r.function;
        line.resize(std::max<std::size_t>(line.size() + 1, 76), ' ');
        std::cout << line << r.rfc << "\n" << std::string(24, ' ') << r.what << "\n";
    }
}

} // namespace

int cmd_steps(const std::vector<std::string>& argv) {
    Args args(argv, {"help", "client", "server", "markdown"}, {});
    if (args.flag("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (!args.positional().empty()) throw UsageError("glass steps takes no arguments");
    const bool both = args.flag("client") == args.flag("server");
    const bool markdown = args.flag("markdown");
    if (both || args.flag("client")) print_side("The client (ClientHandshake):", ClientHandshake::step_table(), markdown);
    if (both) std::cout << "\n";
    if (both || args.flag("server")) print_side("The server (ServerHandshake):", ServerHandshake::step_table(), markdown);
    return 0;
}

} // namespace glass
