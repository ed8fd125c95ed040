// The observer view: what the capture tells anyone on the path, keys or not.
#include "glasstls/capture/observer_view.hpp"

#include <ctime>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "glasstls/der.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/record.hpp"
#include "glasstls/text.hpp"
#include "glasstls/json_lines.hpp"
#include "glasstls/x509.hpp"

namespace glasstls::capture {

namespace {

// What a suite adds to each record's content (RFC 5246 §6.2.3): the AEAD
// explicit nonce and tag exactly; for CBC the IV and MAC, plus 1 to 16
// bytes of padding — the estimate takes the smallest.
std::size_t record_overhead(std::uint16_t id) {
    const CipherSuite* s = find_cipher_suite(id);
    if (s == nullptr) return 0;
    if (s->is_aead()) return s->record_iv_length + 16u;
    return s->record_iv_length + s->mac_length() + 1u;
}

std::string when(double t) {
    const std::time_t secs = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::ostringstream o;
    o << std::put_time(&tm, "%Y-%m-%d %H:%M:%S") << "." << std::setw(3) << std::setfill('0') << static_cast<int>((t - static_cast<double>(secs)) * 1000)
      << " UTC";
    return o.str();
}

std::string host_of(const std::string& endpoint) { return endpoint.substr(0, endpoint.rfind(':')); }

struct CertLine {
    std::string subject, issuer, sans, valid;
};

std::vector<CertLine> certificates(const PassiveSummary& tls) {
    std::vector<CertLine> out;
    for (const Bytes& der : tls.certificates) {
        CertLine l;
        try {
            const x509::Certificate c = x509::parse_certificate(der);
            l.subject = c.subject.to_string();
            l.issuer = c.issuer.to_string();
            if (c.subject_alt_names) {
                for (const auto& g : *c.subject_alt_names) l.sans += (l.sans.empty() ? "" : " ") + text::visible(g.text);
            }
            l.valid = der::format_time(c.not_before) + " .. " + der::format_time(c.not_after);
        } catch (const TlsError&) {
            l.subject = "(unparsable, " + std::to_string(der.size()) + " bytes)";
        }
        out.push_back(l);
    }
    return out;
}

} // namespace

std::vector<Exchange> exchanges(const std::vector<SeenRecord>& records, std::uint16_t suite) {
    std::vector<Exchange> out;
    const std::size_t overhead = record_overhead(suite);
    for (const SeenRecord& r : records) {
        if (r.wire_length == 0) continue;
        const std::size_t content = r.wire_length > overhead ? r.wire_length - overhead : 0;
        // A client record after a response starts the next exchange.
        if (r.from_client && (out.empty() || out.back().response_records != 0)) {
            out.emplace_back();
            out.back().start = r.time;
        }
        if (!r.from_client && out.empty()) out.emplace_back();   // the server spoke first
        Exchange& e = out.back();
        if (r.from_client) {
            ++e.request_records, e.request_bytes += r.wire_length, e.request_content += content, e.request_plain += r.plaintext;
        } else {
            ++e.response_records, e.response_bytes += r.wire_length, e.response_content += content, e.response_plain += r.plaintext;
        }
    }
    return out;
}

void print_observer_view(std::ostream& o, const ObserverInput& in) {
    const PassiveSummary& t = in.tls;
    o << "  What a passive observer learns from the capture alone (no keys):\n"
      << "    who        client " << in.flow.client << " -> server " << in.flow.server << "  (every packet's IP and TCP headers)\n"
      << "    when       " << when(in.flow.first_seen) << ", for " << std::fixed << std::setprecision(3)
      << in.flow.last_seen - in.flow.first_seen << " s\n";
    o.unsetf(std::ios::floatfield);
    for (const DnsAnswer& d : in.dns) {
        bool relevant = d.name == t.server_name;
        for (const std::string& a : d.addresses) relevant = relevant || a == host_of(in.flow.server);
        if (!relevant) continue;
        o << "    DNS        " << (d.response ? "answer: " : "query: ") << text::visible(d.name);
        for (const std::string& a : d.addresses) o << " " << a;
        o << "  (DNS is not encrypted: the name was asked before TLS began)\n";
    }
    if (!t.server_name.empty()) o << "    name       " << text::visible(t.server_name) << "  (the ClientHello's server_name, sent in clear: RFC 6066 §3)\n";
    const std::vector<CertLine> certs = certificates(t);
    if (!certs.empty()) o << "    certificates, in clear (TLS 1.2 sends them before any key is agreed):\n";
    for (std::size_t i = 0; i < certs.size(); ++i) {
        o << "      [" << i << "] " << certs[i].subject << "\n          issuer " << certs[i].issuer << "\n";
        if (!certs[i].sans.empty()) o << "          names  " << certs[i].sans << "\n";
        if (!certs[i].valid.empty()) o << "          valid  " << certs[i].valid << "\n";
    }
    if (!t.client_certificates.empty()) o << "    the client sent a certificate too, in clear: it identifies the user\n";
    o << "    suites     " << t.offered_suites.size() << " offered; chosen "
      << (t.suite == 0 ? std::string("(none seen)") : find_cipher_suite(t.suite) ? std::string(find_cipher_suite(t.suite)->iana_name)
                                                                                  : unknown_code_point(t.suite))
      << "\n";
    if (!t.alpn_offered.empty() || !t.alpn.empty()) {
        o << "    ALPN       offered";
        for (const std::string& p : t.alpn_offered) o << " " << text::visible(p);
        o << (t.alpn.empty() ? "" : "; chosen " + text::visible(t.alpn)) << "\n";
    }
    o << "    session    " << (t.resumed ? "resumed (an abbreviated handshake: the client was here before)" : "new (a full handshake)") << "\n";
    std::size_t n[2] = {0, 0}, bytes[2] = {0, 0};
    for (const SeenRecord& r : in.records) ++n[r.from_client ? 0 : 1], bytes[r.from_client ? 0 : 1] += r.wire_length;
    o << "    records    client->server " << n[0] << " application_data records, " << bytes[0] << " bytes; server->client " << n[1]
      << " records, " << bytes[1] << " bytes\n";
    const std::vector<Exchange> ex = exchanges(in.records, t.suite);
    o << "    pattern    " << ex.size() << " request/response exchange" << (ex.size() == 1 ? "" : "s")
      << " (a burst from the client, then one from the server), so about " << ex.size() << " object" << (ex.size() == 1 ? "" : "s")
      << " fetched:\n";
    for (std::size_t i = 0; i < ex.size(); ++i) {
        o << "      " << i + 1 << ". request ~" << ex[i].request_content << " bytes of content (" << ex[i].request_bytes << " on the wire), response ~"
          << ex[i].response_content << " bytes (" << ex[i].response_bytes << " on the wire, " << ex[i].response_records << " record"
          << (ex[i].response_records == 1 ? "" : "s") << ")";
        if (t.key_known && !in.first_request_line.empty()) o << "  [with the key: " << ex[i].request_plain << " and " << ex[i].response_plain << "]";
        o << "\n";
    }
    o << "  What it cannot see: the path asked for, the headers and cookies, the bodies — they travel inside the\n"
      << "  encrypted application_data records. Sizes and timing still leak: a page of a known size is recognised\n"
      << "  by its response length alone (see docs/observer.md).\n";
    if (!in.first_request_line.empty()) {
        o << "  With the key log (which an observer does not have), the first request was: " << in.first_request_line << "\n";
    }
}

std::string observer_view_json(const ObserverInput& in) {
    const PassiveSummary& t = in.tls;
    std::string j = "{\"client\":" + json_string(in.flow.client) + ",\"server\":" + json_string(in.flow.server) +
                    ",\"server_name\":" + json_string(t.server_name) + ",\"suite\":" + std::to_string(t.suite) +
                    ",\"resumed\":" + (t.resumed ? "true" : "false") + ",\"certificates\":[";
    bool first = true;
    for (const CertLine& c : certificates(t)) {
        j += std::string(first ? "" : ",") + "{\"subject\":" + json_string(c.subject) + ",\"issuer\":" + json_string(c.issuer) +
             ",\"names\":" + json_string(c.sans) + "}";
        first = false;
    }
    j += "],\"exchanges\":[";
    first = true;
    for (const Exchange& e : exchanges(in.records, t.suite)) {
        j += std::string(first ? "" : ",") + "{\"request_bytes\":" + std::to_string(e.request_bytes) + ",\"request_content\":" +
             std::to_string(e.request_content) + ",\"response_bytes\":" + std::to_string(e.response_bytes) + ",\"response_content\":" +
             std::to_string(e.response_content) + ",\"response_records\":" + std::to_string(e.response_records) + "}";
        first = false;
    }
    return j + "]}";
}

} // namespace glasstls::capture
