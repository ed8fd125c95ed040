// example_server PORT CERT KEY — a TLS 1.2 server on glasstls's public API:
// serves the Bank32 page to each connection in turn, on 127.0.0.1:PORT,
// with the certificate chain CERT (PEM, leaf first) and its key KEY.
// Any GET gets the page; anything else 405. One line per connection.
//
//   g++ -std=c++20 example_server.cpp $(pkg-config --cflags --libs glasstls)
#include <iostream>
#include <memory>
#include <string>

#include "glasstls/credentials.hpp"
#include "glasstls/handshake_server.hpp"
#include "glasstls/socket_driver.hpp"
#include "tcp.hpp"

using namespace glasstls;

namespace {

const std::string kPage =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Bank32</title></head>\n"
    "<body><h1>This is Bank32.com!</h1>\n<p>Served by example_server over TLS 1.2.</p></body></html>\n";

std::string http_response(const std::string& request) {
    if (request.rfind("GET ", 0) != 0) return "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(kPage.size()) +
           "\r\nConnection: close\r\n\r\n" + kPage;
}

// Reads until the empty line that ends an HTTP request's header (RFC 9112
// §2.1); empty when the client stops first or sends more than 16 KiB.
std::string read_request(SocketDriver& driver) {
    std::string request;
    std::uint8_t buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() <= 16384) {
        const Wake wake = driver.pump();
        if (wake != Wake::progress && wake != Wake::quiet) return "";
        while (std::size_t n = driver.connection().read(buffer)) request.append(reinterpret_cast<const char*>(buffer), n);
    }
    return request.size() <= 16384 ? request : "";
}

// One connection: handshake, one request, the answer, close_notify (RFC 5246 §7.2.1).
std::string serve(int fd, const ServerConfig& config) {
    Connection conn(crypto::system_random(), nullptr);
    conn.set_engine(std::make_unique<ServerHandshake>(conn, config));
    // Short deadlines: a client that stays silent must not hold the server,
    // which serves one connection at a time.
    SocketDriver driver(conn, fd, Deadlines{.handshake_ms = 10000, .idle_ms = 10000, .send_ms = 10000});
    if (driver.handshake() != Wake::progress) return "the client did not finish the handshake";
    const std::string request = read_request(driver);
    if (request.empty()) return "no request";
    driver.write(as_bytes(http_response(request)));
    driver.close();
    return "served " + request.substr(0, request.find('\r')) + " with " + std::string(conn.info().suite->openssl_name);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: example_server PORT CERT KEY\n";
        return 2;
    }
    ServerConfig config;
    try {
        // The key must be the leaf's: it proves we own the certificate (RFC 5246 §7.4.2).
        config.credentials.push_back(load_credential(argv[2], argv[3]));
    } catch (const TlsError& e) {
        std::cerr << "example_server: " << e.describe() << "\n";
        return 1;
    }
    const Socket listener = listen_on(std::stoi(argv[1]));
    if (!listener.ok()) {
        std::cerr << "example_server: cannot listen on 127.0.0.1:" << argv[1] << "\n";
        return 1;
    }
    std::cerr << "example_server: listening on 127.0.0.1:" << argv[1] << std::endl;
    for (;;) {
        const Socket client(accept(listener.fd(), nullptr, nullptr));
        if (!client.ok()) continue;
        try {
            const std::string outcome = serve(client.fd(), config);
            std::cerr << "example_server: " << outcome << std::endl;
        } catch (const TlsError& e) {   // the driver has already sent the fatal alert
            std::cerr << "example_server: failed: " << e.describe() << std::endl;
        }
    }
}
