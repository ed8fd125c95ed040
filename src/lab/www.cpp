// See www.hpp.
#include "glasstls/lab/www.hpp"

#include <fstream>
#include <iterator>

#include "glasstls/html.hpp"
#include "glasstls/messages.hpp"

namespace glasstls::lab {

std::string bank32_page(const Connection& conn) {
    const ConnectionInfo& i = conn.info();
    auto row = [](const std::string& k, const std::string& v) { return "<tr><th>" + k + "</th><td>" + html_escape(v) + "</td></tr>\n"; };
    std::string group = i.group ? std::string(crypto::group_name(*i.group)) : i.resumed ? "(resumed)" : "none (RSA key exchange)";
    std::string body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Bank32</title>"
                       "<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:1em;white-space:nowrap}</style></head>\n"
                       "<body><h1>This is Bank32.com!</h1>\n<p>Served by glasstls over TLS 1.2.</p>\n<table>\n";
    body += row("Protocol", version_name(i.version));
    body += row("Cipher suite", std::string(i.suite->iana_name) + " (" + std::string(i.suite->openssl_name) + ")");
    body += row("Key exchange group", group);
    body += row("Signature scheme", i.signature_scheme ? scheme_name(*i.signature_scheme) : "(none)");
    body += row("Extended master secret", i.extended_master_secret ? "yes" : "no");
    body += row("Encrypt-then-MAC", i.suite->is_aead() ? "n/a (AEAD)" : i.encrypt_then_mac ? "yes" : "no");
    body += row("Session", i.resumed ? "resumed" : "new");
    body += row("Server name (SNI)", i.server_name.empty() ? "(none)" : i.server_name);
    if (!i.alpn.empty()) body += row("ALPN", i.alpn);
    body += row("Client certificate", i.peer_chain.empty() ? "(none)" : i.peer_chain[0].subject.to_string());
    body += "</table>\n</body></html>\n";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

bool http_request_complete(const std::string& request) {
    // RFC 9112 §2.2: a recipient may take a bare LF as a line terminator, so
    // the header ends at an empty line however lines end ("\r\n\r\n",
    // "\n\n", or a mix).
    return request.find("\n\n") != std::string::npos || request.find("\n\r\n") != std::string::npos;
}

std::optional<std::string> www_file(const std::string& root, const std::string& request) {
    if (root.empty()) return std::nullopt;
    const std::size_t start = 4, end = request.find(' ', start);
    if (end == std::string::npos) return std::nullopt;
    const std::string path = request.substr(start, end - start);
    if (path.size() < 2 || path[0] != '/' || path.find('/', 1) != std::string::npos || path.find("..") != std::string::npos) {
        return std::nullopt;
    }
    std::ifstream in(root + path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace glasstls::lab
