// The native half of ssl.SSLSocket and ssl.SSLObject (see the header).
#include "tls.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "glasstls/json_lines.hpp"

namespace glasstls::python {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
}

// The teaching flags `glass python` passes in the environment, for every
// connection the program makes (opened at the first one).
lab::TeachingOutputs& process_teaching() {
    static lab::TeachingOutputs outputs(lab::TeachingFlags{.trace = !env("GLASSTLS_TRACE").empty(),
                                                           .trace_records = !env("GLASSTLS_TRACE_RECORDS").empty(),
                                                           .msg = !env("GLASSTLS_MSG").empty(),
                                                           .json_path = env("GLASSTLS_TRACE_JSON"),
                                                           .keylog_path = env("GLASSTLS_KEYLOG")});
    return outputs;
}

// Narration goes to standard error a whole line at a time: the program's
// threads may narrate at once.
void to_stderr(const std::string& line) {
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    const std::string out = line + "\n";
    for (std::size_t done = 0; done < out.size();) {
        const ssize_t w = ::write(2, out.data() + done, out.size() - done);
        if (w <= 0) return;
        done += static_cast<std::size_t>(w);
    }
}

std::atomic<std::size_t> connections_made{0};

constexpr int no_timeout_slice_ms = 250;   // how often a wait without timeout looks for Ctrl-C
constexpr int unbounded_ms = 24 * 3600 * 1000;

const char* wake_word(Wake w) {
    switch (w) {
    case Wake::progress: return "ok";
    case Wake::quiet: return "want_read";
    case Wake::timed_out: return "timeout";
    case Wake::closed: return "eof";
    case Wake::gone: return "gone";
    case Wake::other_fd: break;
    }
    return "want_read";
}

py::bytes to_py(ByteView b) { return py::bytes(reinterpret_cast<const char*>(b.data()), b.size()); }

// A KeyboardInterrupt (or another signal's exception) while we wait.
void check_signals() {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

} // namespace

// One connection's observers: the process's teaching flags (narration
// tagged "[#N]", the JSON stream tagged "connection N", the key log), the
// context's key log and observe() callback, and the HTML page.
class Observers {
public:
    Observers(Context& ctx, std::size_t number, const std::string& title, bool client_side)
        : narration_lines_("[#" + std::to_string(number) + "] ", to_stderr), narration_(&narration_lines_),
          teaching_(process_teaching(), narration_, "connection " + std::to_string(number)) {
        if (ctx.keylog() != nullptr) teaching_.list().add(ctx.keylog());
        if (!ctx.observer.is_none()) {
            py::object callback = ctx.observer;
            callback_lines_.emplace("", [callback](const std::string& line) {
                py::gil_scoped_acquire gil;
                try {
                    callback(py::str(line));
                } catch (py::error_already_set& e) {
                    e.discard_as_unraisable("glasstls observe() callback");
                }
            });
            callback_stream_.emplace(&*callback_lines_);
            teaching_.list().add(&callback_json_.emplace(*callback_stream_, "connection " + std::to_string(number)));
        }
        teaching_.add_html(title, client_side);
        if (process_teaching().trace) narration_ << "glasstls: " << title << "\n";
    }
    ~Observers() {
        // Callbacks are Python objects: let them go with the GIL.
        py::gil_scoped_acquire gil;
        callback_json_.reset();
        callback_stream_.reset();
        callback_lines_.reset();
    }
    ObserverList& list() { return teaching_.list(); }
    HtmlTranscript& html() { return *teaching_.html(); }

private:
    lab::TaggedLines narration_lines_;
    std::ostream narration_;
    lab::ConnectionObservers teaching_;
    std::optional<lab::TaggedLines> callback_lines_;
    std::optional<std::ostream> callback_stream_;
    std::optional<JsonLinesObserver> callback_json_;
};

Tls::Tls(std::shared_ptr<Context> context, bool server_side, const std::string& server_hostname,
         const std::optional<Session>& session, py::object server_name_hook)
    : context_(std::move(context)), server_side_(server_side), number_(++connections_made),
      server_name_hook_(std::move(server_name_hook)) {
    const std::string title = server_side ? "connection " + std::to_string(number_) + ": server side"
                                          : "connection " + std::to_string(number_) + ": client to " +
                                                (server_hostname.empty() ? "(no server_hostname)" : server_hostname);
    observers_ = std::make_unique<Observers>(*context_, number_, title, !server_side);
    conn_ = std::make_unique<Connection>(system_random(), &observers_->list());
    if (server_side) {
        server_config_ = context_->server_config();
        const ServerConfig* config = server_config_.get();
        if (!server_name_hook_.is_none()) {
            config = &hooked_config_.emplace(*server_config_);
            hooked_config_->on_server_name = [this](const std::string& name) { return on_server_name(name); };
        }
        conn_->set_engine(std::make_unique<ServerHandshake>(*conn_, *config));
    } else {
        trust_ = context_->trust();
        ClientConfig config = context_->client_config(server_hostname);
        config.trust = trust_.get();
        if (session && session->valid()) config.resume = session;
        conn_->set_engine(std::make_unique<ClientHandshake>(*conn_, std::move(config)));
    }
}

Tls::~Tls() {
    write_page();
    conn_.reset();   // before the observers it reports to
}

// sni_callback (RFC 6066 §3), called from the handshake — with the GIL
// released, so taken here. A callback that raises fails the handshake.
const ServerConfig* Tls::on_server_name(const std::string& name) {
    py::gil_scoped_acquire gil;
    py::object result;
    try {
        result = server_name_hook_(name.empty() ? py::object(py::none()) : py::object(py::str(name)));
    } catch (py::error_already_set& e) {
        e.discard_as_unraisable("glasstls sni_callback");
        throw TlsError(AlertDescription::internal_error, "the program's sni_callback raised an exception");
    }
    if (py::isinstance<Context>(result)) {
        chosen_config_ = result.cast<std::shared_ptr<Context>>()->server_config();
        return chosen_config_.get();
    }
    if (py::isinstance<py::int_>(result)) {
        throw TlsError(static_cast<AlertDescription>(result.cast<int>()), "the program's sni_callback refused the name '" + name + "'");
    }
    return nullptr;
}

// ---- sans-IO --------------------------------------------------------------------------------------

void Tls::start() {
    if (started_ || server_side_) return;
    started_ = true;
    try {
        conn_->start();
    } catch (const TlsError& e) {
        raise(e);
    }
}

void Tls::feed(const py::bytes& data) {
    const std::string_view bytes = data;
    try {
        py::gil_scoped_release release;   // the handshake's public-key work happens in here
        conn_->receive(as_bytes(bytes));
    } catch (const TlsError& e) {
        raise(e);
    }
}

py::bytes Tls::take_output() { return to_py(conn_->take_output()); }

py::bytes Tls::read(std::size_t n) {
    Bytes out(std::min(n, conn_->pending_application_data()));
    out.resize(conn_->read(out));
    return to_py(out);
}

void Tls::write(const py::bytes& data) {
    const std::string_view bytes = data;
    try {
        conn_->write(as_bytes(bytes));
    } catch (const TlsError& e) {
        raise(e);
    }
}

void Tls::close() {
    if (close_sent_) return;
    close_sent_ = true;
    if (conn_->handshake_done() && !conn_->failed()) conn_->close();
}

// ---- Over the socket ---------------------------------------------------------------------------------

// Pumps the connection until the handshake is done (Wait::handshake) or
// application data or close_notify arrived (Wait::data), at most
// `timeout_ms` (-1: no limit, looking for Ctrl-C every quarter second;
// 0: only what is there now). Called with the GIL released.
Wake Tls::drive(int fd, int timeout_ms, Wait what) {
    const int limit = timeout_ms < 0 ? unbounded_ms : std::max(timeout_ms, 1);
    SocketDriver driver(*conn_, fd, Deadlines{.handshake_ms = unbounded_ms, .idle_ms = unbounded_ms, .send_ms = limit});
    const auto done = [&] {
        return what == Wait::handshake ? conn_->handshake_done()
                                       : conn_->pending_application_data() > 0 || conn_->peer_closed();
    };
    const Clock::time_point until = Clock::now() + std::chrono::milliseconds(limit);
    for (;;) {
        if (done()) return driver.flush() ? Wake::progress : Wake::gone;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (timeout_ms > 0 && left <= 0) return driver.flush() ? Wake::timed_out : Wake::gone;
        const int slice = timeout_ms == 0 ? 0 : timeout_ms < 0 ? no_timeout_slice_ms : static_cast<int>(std::min<long long>(left, no_timeout_slice_ms));
        const Wake w = driver.pump(-1, slice);
        if (w == Wake::quiet) {
            if (timeout_ms == 0) return Wake::quiet;
            check_signals();
            continue;
        }
        if (w != Wake::progress) return w;
    }
}

std::string Tls::io_handshake(int fd, int timeout_ms) {
    start();
    Wake w;
    try {
        py::gil_scoped_release release;
        w = drive(fd, timeout_ms, Wait::handshake);
    } catch (const TlsError& e) {
        raise(e);
    }
    return wake_word(w);
}

py::tuple Tls::io_read(int fd, std::size_t n, int timeout_ms) {
    Wake w = Wake::progress;
    if (conn_->pending_application_data() == 0 && !conn_->peer_closed()) {
        try {
            py::gil_scoped_release release;
            w = drive(fd, timeout_ms, Wait::data);
        } catch (const TlsError& e) {
            raise(e);
        }
    }
    if (conn_->pending_application_data() > 0) return py::make_tuple("ok", read(n));
    if (conn_->peer_closed()) return py::make_tuple("closed", py::bytes());
    return py::make_tuple(wake_word(w == Wake::progress ? Wake::quiet : w), py::bytes());
}

std::string Tls::io_write(int fd, const py::bytes& data, int timeout_ms) {
    write(data);
    return io_flush(fd, timeout_ms);
}

std::string Tls::io_flush(int fd, int timeout_ms) {
    const int limit = timeout_ms < 0 ? 300000 : std::max(timeout_ms, 1);
    bool sent;
    {
        py::gil_scoped_release release;
        SocketDriver driver(*conn_, fd, Deadlines{.handshake_ms = unbounded_ms, .idle_ms = unbounded_ms, .send_ms = limit});
        sent = driver.flush();
    }
    return sent ? "ok" : "gone";
}

// SSLSocket.unwrap(): our close_notify, then the peer's (RFC 5246 §7.2.1).
std::string Tls::io_shutdown(int fd, int timeout_ms) {
    close();
    Wake w;
    try {
        py::gil_scoped_release release;
        w = drain_to_close_notify(fd, timeout_ms);
    } catch (const TlsError& e) {
        raise(e);
    }
    write_page();
    return conn_->peer_closed() ? "ok" : wake_word(w);
}

// What follows the peer's close_notify on the connection is no longer TLS:
// after unwrap() it is the program's plain text (ftplib's CCC, then the next
// command), often in the same TCP segment. So the peer's records are taken
// from the socket one at a time, header then body, as OpenSSL reads them,
// and nothing past the close_notify is read. Data still in flight is
// dropped, as SSL_shutdown does. Called with the GIL released.
Wake Tls::drain_to_close_notify(int fd, int timeout_ms) {
    const int limit = timeout_ms < 0 ? unbounded_ms : std::max(timeout_ms, 1);
    SocketDriver driver(*conn_, fd, Deadlines{.handshake_ms = unbounded_ms, .idle_ms = unbounded_ms, .send_ms = limit});
    if (!driver.flush()) return Wake::gone;
    const Clock::time_point until = Clock::now() + std::chrono::milliseconds(limit);
    std::size_t header_read = 0, body_left = 0;   // of the record being read (RFC 5246 §6.2.1: 5-byte header)
    std::uint8_t header[5];
    std::uint8_t buf[16384];
    while (!conn_->peer_closed()) {
        Bytes skip(conn_->pending_application_data());
        conn_->read(skip);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (timeout_ms > 0 && left <= 0) return Wake::timed_out;
        pollfd p{fd, POLLIN, 0};
        const int slice = timeout_ms == 0 ? 0 : timeout_ms < 0 ? no_timeout_slice_ms : static_cast<int>(std::min<long long>(left, no_timeout_slice_ms));
        if (::poll(&p, 1, slice) <= 0) {
            if (timeout_ms == 0) return Wake::quiet;
            check_signals();
            continue;
        }
        const std::size_t want = body_left > 0 ? std::min(body_left, sizeof buf) : sizeof header - header_read;
        const ssize_t r = ::recv(fd, buf, want, 0);
        if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
        if (r <= 0) return Wake::closed;
        const auto got = static_cast<std::size_t>(r);
        if (body_left > 0) {
            body_left -= got;
        } else {
            std::copy(buf, buf + got, header + header_read);
            header_read += got;
            if (header_read == sizeof header) {
                body_left = static_cast<std::size_t>(header[3]) << 8 | header[4];
                header_read = 0;
            }
        }
        try {
            conn_->receive(ByteView(buf, got));
        } catch (const TlsError&) {
            driver.flush();   // the fatal alert the connection queued (RFC 5246 §7.2.2)
            throw;
        }
        if (!driver.flush()) return Wake::gone;
    }
    return Wake::progress;
}

// ---- What the handshake gave ---------------------------------------------------------------------------

py::object Tls::cipher() const {
    const CipherSuite* s = info().suite;
    if (s == nullptr || !conn_->handshake_done()) return py::none();
    const int bits = s->cipher == BulkCipher::aes_128_cbc || s->cipher == BulkCipher::aes_128_gcm ? 128 : 256;
    return py::make_tuple(std::string(s->openssl_name), "TLSv1.2", bits);
}

py::list Tls::peer_chain_der() const {
    py::list out;
    for (const x509::Certificate& c : info().peer_chain) out.append(to_py(c.der));
    return out;
}

bool Tls::peer_verified() const {
    const std::string& v = info().verification;
    return v.rfind("ok", 0) == 0 || v == "client certificate ok";
}

std::string Tls::transcript_html() {
    std::ostringstream page;
    observers_->html().write(page);
    return page.str();
}

// With GLASSTLS_HTML_DIR (glass python --html-dir), each connection's page,
// written when it ends.
void Tls::write_page() {
    const std::string dir = env("GLASSTLS_HTML_DIR");
    if (dir.empty() || page_written_) return;
    page_written_ = true;
    HtmlTranscript& html = observers_->html();
    if (conn_->failed()) html.set_outcome("the connection failed", false);
    else if (conn_->handshake_done()) html.set_outcome("handshake complete: " + std::string(info().suite->iana_name), true);
    std::ofstream out(dir + "/connection-" + std::to_string(number_) + ".html");
    html.write(out);
}

// ---- Errors -------------------------------------------------------------------------------------------------

py::object tls_error_type() {
    static py::object type = py::reinterpret_steal<py::object>(PyErr_NewException("_glasstls.TlsError", nullptr, nullptr));
    return type;
}

void Tls::raise(const TlsError& e) {
    write_page();
    py::object verify = py::none();
    if (const auto& f = info().verify_failure) verify = py::make_tuple(alert_name(f->alert), f->host_mismatch, f->error);
    PyErr_SetObject(tls_error_type().ptr(), py::make_tuple(alert_name(e.alert()), std::string(e.what()),
                                                           static_cast<int>(e.alert()), conn_->alert_from_peer(), verify)
                                                .ptr());
    throw py::error_already_set();
}

} // namespace glasstls::python
