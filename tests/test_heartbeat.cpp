// Heartbeats (RFC 6520) between two engines in memory: agreed only when
// both sides send the extension; a request is answered with its payload; a
// request claiming more payload than it carries is discarded silently (§4)
// — unless the server is in its Heartbleed demonstration mode, which leaks
// the planted arena and nothing else.
#include <doctest/doctest.h>

#include "handshake_helpers.hpp"

using namespace glasstls;
using testing::Pair;

namespace {
Pair& agreed(Pair& p, bool client_offers = true, bool server_enables = true) {
    p.client_config.offer_heartbeat = client_offers;
    p.server_config.enable_heartbeat = server_enables;
    p.start();
    p.pump();
    REQUIRE(p.client.handshake_done());
    return p;
}
} // namespace

TEST_SUITE("heartbeat") {

TEST_CASE("agreed only when both sides send the extension") {
    Pair a, b, c;
    CHECK(agreed(a).client.info().heartbeat);
    CHECK(a.server.info().heartbeat);
    CHECK(!agreed(b, false, true).client.info().heartbeat);
    CHECK(!agreed(c, true, false).client.info().heartbeat);
    CHECK_THROWS_AS(c.client.send_heartbeat(testing::bytes_of("x")), TlsError);
}

TEST_CASE("a request is answered with its payload") {
    Pair p;
    agreed(p);
    p.client.send_heartbeat(testing::bytes_of("are you there?"));
    p.pump();
    const std::vector<Bytes> r = p.client.take_heartbeat_responses();
    REQUIRE(r.size() == 1);
    CHECK(r[0] == testing::bytes_of("are you there?"));
}

TEST_CASE("a request that claims more than it carries is discarded silently (RFC 6520 §4)") {
    Pair p;
    agreed(p);
    p.client.send_heartbeat(testing::bytes_of("A"), 4000);
    p.pump();
    CHECK(p.client.take_heartbeat_responses().empty());
    CHECK(!p.server.failed());
    p.client.write(testing::bytes_of("still fine"));
    p.pump();
    CHECK(p.server.pending_application_data() == 10);
}

TEST_CASE("the demonstration's bug leaks the planted arena, only it") {
    Pair p;
    agreed(p);
    const Bytes arena = testing::bytes_of("Cookie: session=PLANTED-SECRET; ");
    p.server.set_heartbleed_arena(&arena);
    p.client.send_heartbeat(testing::bytes_of("A"), 200);
    p.pump();
    const std::vector<Bytes> r = p.client.take_heartbeat_responses();
    REQUIRE(r.size() == 1);
    CHECK(r[0].size() == 200);
    const std::string leaked(r[0].begin(), r[0].end());
    CHECK(leaked.find("PLANTED-SECRET") != std::string::npos);
}

TEST_CASE("a heartbeat record without the extension is unexpected_message") {
    Pair p;
    agreed(p, false, true);
    Bytes hb = {1, 0, 1, 'x'};
    hb.resize(hb.size() + 16, 0);
    p.client.write_raw_record(ContentType::heartbeat, hb);
    CHECK_THROWS_AS(p.server.receive(p.client.take_output()), TlsError);
    CHECK(p.server.failed());
}

} // TEST_SUITE
