// glass python: runs a program written against Python's ssl module on
// glasstls — Debian's /usr/bin/python3 with `import ssl` answered by
// glasstls.ssl (src/python/), the teaching flags applied to every
// connection the program makes. The program's arguments, standard streams
// and exit status are its own: this command ends by exec'ing Python.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace glass {

namespace {

const char* const usage =
    "usage: glass python [--trace] [--trace-records] [--msg] [--keylog FILE] [--trace-json FILE] [--html-dir DIR]\n"
    "                    SCRIPT [ARGS...]\n"
    "Runs SCRIPT with /usr/bin/python3, `import ssl` answered by glasstls (TLS 1.2) for the script and\n"
    "everything it imports; the options come before SCRIPT, everything after it is the script's.\n"
    "  --trace, --trace-records, --msg   narrate each connection on standard error, tagged [#N]\n"
    "  --keylog FILE                     the NSS key log of every connection (also $SSLKEYLOGFILE)\n"
    "  --trace-json FILE                 every event as JSON lines, tagged \"connection N\"\n"
    "  --html-dir DIR                    an illustrated page per connection, DIR/connection-N.html\n";

const char* const python = "/usr/bin/python3";

bool is_file(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Where the module is: next to a glass run from its build tree, the built
// extension and the package's sources; else where `meson install` put both,
// found from PREFIX/bin/glass (so that a --destdir install works too).
std::vector<std::string> module_path() {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    if (self.parent_path() == std::filesystem::path(GLASS_BUILD_ROOT)) return {GLASS_PYTHON_BUILD_EXT, GLASS_PYTHON_SOURCE_PKG};
    return {(self.parent_path().parent_path() / GLASS_PYTHON_INSTALLED_REL).string()};
}

void set(const char* name, const std::string& value) { ::setenv(name, value.c_str(), 1); }

} // namespace

int cmd_python(const std::vector<std::string>& argv) {
    // Our options are the ones before SCRIPT: the script's own may look like ours.
    std::size_t script = 0;
    while (script < argv.size() && argv[script].rfind("--", 0) == 0) {
        const std::string& a = argv[script];
        script += (a == "--keylog" || a == "--trace-json" || a == "--html-dir") ? 2 : 1;
    }
    const std::vector<std::string> ours(argv.begin(), argv.begin() + static_cast<std::ptrdiff_t>(std::min(script, argv.size())));
    const Args args(ours, {"help", "trace", "trace-records", "msg"}, {"keylog", "trace-json", "html-dir"});
    if (args.flag("help")) {
        std::cout << usage;
        return 0;
    }
    if (script >= argv.size()) throw UsageError("no SCRIPT to run");
    if (!args.positional().empty()) throw UsageError("unexpected argument " + args.positional()[0]);

    if (args.flag("trace") || args.flag("trace-records")) set("GLASSTLS_TRACE", "1");
    if (args.flag("trace-records")) set("GLASSTLS_TRACE_RECORDS", "1");
    if (args.flag("msg")) set("GLASSTLS_MSG", "1");
    if (auto f = args.get("keylog")) set("GLASSTLS_KEYLOG", *f);
    if (auto f = args.get("trace-json")) set("GLASSTLS_TRACE_JSON", *f);
    if (auto d = args.get("html-dir")) {
        std::error_code ec;
        std::filesystem::create_directories(*d, ec);
        if (ec) throw UsageError("cannot make the directory " + *d + ": " + ec.message());
        set("GLASSTLS_HTML_DIR", *d);
    }

    std::string path;
    for (const std::string& dir : module_path()) path += dir + ":";
    const char* old = std::getenv("PYTHONPATH");
    set("PYTHONPATH", path + (old != nullptr ? old : ""));
    if (!is_file(python)) {
        std::cerr << "glass python: " << python << " is missing (Debian's python3 package; ./tools/lab installs it)\n";
        return 1;
    }
    std::vector<std::string> words = {"python3", "-m", "glasstls.run"};
    words.insert(words.end(), argv.begin() + static_cast<std::ptrdiff_t>(script), argv.end());
    std::vector<char*> exec_argv;
    for (std::string& w : words) exec_argv.push_back(w.data());
    exec_argv.push_back(nullptr);
    ::execv(python, exec_argv.data());
    std::cerr << "glass python: cannot run " << python << ": " << std::strerror(errno) << "\n";
    return 1;
}

} // namespace glass
