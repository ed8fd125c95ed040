// Passive decoding: a TLS 1.2 conversation seen from outside — the two byte
// streams of a captured TCP connection — turned into the same events a live
// connection reports (records, dissected messages, secrets), so `glass
// decode` prints, draws and exports a capture with the trace's own code.
//
// With the connection's master secret (an NSS key log line), the decoder
// derives the keys exactly as the endpoints did (RFC 5246 §6.3), opens every
// protected record, and recomputes both Finished messages (§7.4.9) — the
// proof that the key and the transcript are right. Without it, the records
// stay ciphertext: what an eavesdropper sees.
//
// Nothing a capture holds makes it throw or grow without bound: a record is
// buffered only until it is whole, the transcript kept for Finished is
// capped and hashed once per side, notes are capped, and anything that is not TLS 1.2 stops the decoding with a
// sentence in summary().stopped.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "glasstls/cipher_suites.hpp"
#include "glasstls/crypto.hpp"
#include "glasstls/events.hpp"
#include "glasstls/messages.hpp"
#include "glasstls/record.hpp"
#include "glasstls/record_framing.hpp"

namespace glasstls {

// The NSS key log format (SSLKEYLOGFILE): "CLIENT_RANDOM <32 bytes hex>
// <48 bytes hex>" lines. TLS 1.3 labels and comments are counted, not used.
class KeyLogFile {
public:
    static KeyLogFile parse(std::string_view text);
    const crypto::SecretBytes* find(ByteView client_random) const;
    std::size_t size() const { return masters_.size(); }
    std::size_t ignored() const { return ignored_; }

private:
    std::map<Bytes, crypto::SecretBytes> masters_;
    std::size_t ignored_ = 0;
};

// What one conversation showed. "client" and "server" are its two sides
// (index 0 and 1 of the per-direction counts).
struct PassiveSummary {
    bool tls = false;                        // a TLS record was seen
    std::uint16_t version = 0;               // ServerHello's
    std::uint16_t suite = 0;                 // chosen (ServerHello); 0 before it
    std::vector<std::uint16_t> offered_suites;
    std::string server_name;                 // SNI, in clear
    std::vector<std::string> alpn_offered;
    std::string alpn;                        // chosen
    bool resumed = false;
    bool extended_master_secret = false, encrypt_then_mac = false, ticket_issued = false;
    std::vector<Bytes> certificates;         // the server's chain, DER, as sent (in clear in TLS 1.2)
    std::vector<Bytes> client_certificates;
    bool key_known = false;                  // the key log had this connection's master secret
    std::optional<bool> client_finished_ok, server_finished_ok;   // recomputed and compared
    std::uint64_t records[2] = {0, 0};
    // Each application_data record: which side sent it and its length on the
    // wire — all an eavesdropper needs for the sizes-and-rhythm analysis.
    std::vector<std::pair<bool, std::size_t>> app_records;   // (from_client, fragment length)
    std::string stopped;                     // why decoding stopped early (empty: it did not)
    std::vector<std::string> notes;          // sentences worth saying (a missing key, a failed record)
};

class PassiveConnection {
public:
    // `observer` gets the events (outgoing = sent by the client); `keys`
    // may be null. Both must outlive the connection.
    PassiveConnection(Observer* observer, const KeyLogFile* keys);
    ~PassiveConnection();
    // The next bytes one side sent, in that side's stream order; the two
    // sides interleaved as they were captured.
    void feed(bool from_client, ByteView bytes);
    // The capture ended: a record cut short is said so.
    void finish();
    const PassiveSummary& summary() const { return summary_; }

    // The transcript kept to recompute Finished is capped here, and so is
    // the number of notes (one more says the rest were not kept).
    static constexpr std::size_t max_transcript = 1u << 20;
    static constexpr std::size_t max_notes = 32;

private:
    struct Side;
    std::string framing_problem(bool from_client, const RecordDeframer& records) const;
    void process_record(Side& side, bool from_client, const FramedRecord& record);
    void process_message(bool from_client, const HandshakeMessage& m);
    void on_client_hello(ByteView body);
    void on_server_hello(ByteView body);
    void on_change_cipher_spec(bool from_client);
    void check_finished(bool from_client, ByteView verify_data);
    void stop(const std::string& why);
    void note(std::string sentence);
    Side& side(bool from_client) { return *sides_[from_client ? 0 : 1]; }

    Observer* observer_;
    const KeyLogFile* keys_;
    PassiveSummary summary_;
    std::unique_ptr<Side> sides_[2];
    Bytes client_random_, server_random_, client_session_id_;
    const CipherSuite* suite_ = nullptr;
    const crypto::SecretBytes* master_ = nullptr;
    bool keys_derived_ = false, server_hello_done_seen_ = false;
    std::optional<TrafficKeys> client_keys_, server_keys_;
    Bytes transcript_;
    bool transcript_complete_ = true;
    bool finished_violation_ = false;   // a side sent a second Finished: no more checks
};

} // namespace glasstls
