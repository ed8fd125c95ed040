// What a passive observer learns of a TLS connection from the capture alone
// (`glass decode`, docs/observer.md): addresses, timing, DNS, the server
// name, the certificates, the suites, ALPN, resumption, and the sizes and
// rhythm of the encrypted records — from which the requests and responses,
// and often which page was fetched, can be told.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "glasstls/capture/capture.hpp"
#include "glasstls/passive.hpp"

namespace glasstls::capture {

// One application_data record as the observer sees it.
struct SeenRecord {
    bool from_client;
    std::size_t wire_length;   // the fragment's length in its header
    double time;
    std::size_t plaintext = 0; // known only with the key log (the contrast)
};

// A request and the response that followed: consecutive records of one
// side, then of the other (HTTP/1.x's pattern).
struct Exchange {
    std::size_t request_records = 0, request_bytes = 0;     // ciphertext on the wire
    std::size_t response_records = 0, response_bytes = 0;
    std::size_t request_content = 0, response_content = 0; // estimated: minus the suite's per-record overhead
    std::size_t request_plain = 0, response_plain = 0;      // with the key log: the real sizes
    double start = 0;
};

std::vector<Exchange> exchanges(const std::vector<SeenRecord>& records, std::uint16_t suite);

struct ObserverInput {
    const TcpFlow& flow;
    const glasstls::PassiveSummary& tls;
    const std::vector<SeenRecord>& records;
    const std::vector<DnsAnswer>& dns;
    std::string first_request_line;   // with the key log, for the contrast; empty otherwise
};

void print_observer_view(std::ostream& out, const ObserverInput& in);

// The same as JSON (one object), for tests and scripts.
std::string observer_view_json(const ObserverInput& in);

} // namespace glasstls::capture
