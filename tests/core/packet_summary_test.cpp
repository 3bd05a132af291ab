// summarize(): the exact line `tcpdump -n` prints, so lab output matches a real node's capture.
// Expected lines were compared with `tcpdump -n -S` 4.99.3 reading the same frames from a pcap;
// the VXLAN line with `-T vxlan` (tcpdump calls port 8472 OTV), joined onto one line.
#include <doctest/doctest.h>

#include <string>

#include "core/net/packet.h"
#include "tests/core/packet_fixtures.h"

using namespace podlab;
using namespace podlab::net;
using namespace podlab::net::fixtures;

namespace {
std::vector<uint8_t> text(const std::string& value) { return {value.begin(), value.end()}; }

// An ICMP error as Linux builds it: the offending packet's IP header and first 8 bytes quoted.
Packet icmp_error(IcmpType type, uint8_t code, uint16_t mtu, const Packet& offending) {
  Packet packet;
  packet.headers.push_back(EthernetHeader{mac("0a:58:0a:f4:00:02"), mac("0a:58:0a:f4:00:01")});
  packet.headers.push_back(Ipv4Header{ip("10.244.0.1"), ip("10.244.0.2")});
  packet.headers.push_back(IcmpHeader{type, code, 0, mtu});
  const auto quoted = serialize(offending, 1);
  packet.payload.assign(quoted.begin(), quoted.begin() + 28);
  return packet;
}
}  // namespace

TEST_CASE("ICMP echo, plain and encapsulated") {
  CHECK(summarize(pod_ping()) == "IP 10.244.0.2 > 10.244.1.2: ICMP echo request, id 1, seq 1, length 64");
  Packet reply = pod_ping();
  std::get<IcmpHeader>(reply.headers[2]) = IcmpHeader{IcmpType::EchoReply, 0, 7, 300};
  CHECK(summarize(reply) == "IP 10.244.0.2 > 10.244.1.2: ICMP echo reply, id 7, seq 300, length 64");
  CHECK(summarize(vxlan_ping()) ==
        "IP 192.168.56.11.41234 > 192.168.56.12.8472: VXLAN, flags [I] (0x08), vni 1, "
        "IP 10.244.0.2 > 10.244.1.2: ICMP echo request, id 1, seq 1, length 64");
  CHECK(summarize(ipip_ping()) ==
        "IP 192.168.56.11 > 192.168.56.12: IP 10.244.0.2 > 10.244.1.2: ICMP echo request, id 1, seq 1, length 64");
}

TEST_CASE("UDP prints the payload length") {
  CHECK(summarize(udp_packet(std::vector<uint8_t>(38, 0))) == "IP 10.244.0.2.41000 > 10.96.0.10.53: UDP, length 38");
  CHECK(summarize(udp_packet({})) == "IP 10.244.0.2.41000 > 10.96.0.10.53: UDP, length 0");
}

TEST_CASE("TCP flags, sequence ranges and acknowledgements as tcpdump prints them") {
  using namespace tcp_flags;
  const std::string prefix = "IP 10.244.0.2.41000 > 10.244.1.3.80: ";
  CHECK(summarize(tcp_packet(syn, 1000, 0, {})) == prefix + "Flags [S], seq 1000, win 64240, length 0");
  CHECK(summarize(tcp_packet(syn | ack, 2000, 1001, {})) ==
        prefix + "Flags [S.], seq 2000, ack 1001, win 64240, length 0");
  CHECK(summarize(tcp_packet(ack, 1001, 2001, {})) == prefix + "Flags [.], ack 2001, win 64240, length 0");
  CHECK(summarize(tcp_packet(psh | ack, 1001, 2001, text("hello"))) ==
        prefix + "Flags [P.], seq 1001:1006, ack 2001, win 64240, length 5: HTTP");
  CHECK(summarize(tcp_packet(fin | ack, 1006, 2001, {})) ==
        prefix + "Flags [F.], seq 1006, ack 2001, win 64240, length 0");
  CHECK(summarize(tcp_packet(rst, 1006, 0, {})) == prefix + "Flags [R], seq 1006, win 64240, length 0");
  CHECK(summarize(tcp_packet(rst | ack, 0, 1001, {})) == prefix + "Flags [R.], seq 0, ack 1001, win 64240, length 0");
  CHECK(summarize(tcp_packet(0, 5, 0, {})) == prefix + "Flags [none], win 64240, length 0");
}

TEST_CASE("data on port 80 is marked HTTP, with the first line of a request or response") {
  using namespace tcp_flags;
  const std::string prefix = "IP 10.244.0.2.41000 > 10.244.1.3.80: Flags [P.], seq 1:";
  CHECK(summarize(tcp_packet(psh | ack, 1, 1, text("GET / HTTP/1.1\r\nHost: web\r\n\r\n"))) ==
        prefix + "30, ack 1, win 64240, length 29: HTTP: GET / HTTP/1.1");
  CHECK(summarize(tcp_packet(psh | ack, 1, 1, text("HTTP/1.1 200 OK\r\n\r\n"))) ==
        prefix + "20, ack 1, win 64240, length 19: HTTP: HTTP/1.1 200 OK");
  CHECK(summarize(tcp_packet(psh | ack, 1, 1, text("hello world"))) ==
        prefix + "12, ack 1, win 64240, length 11: HTTP");
}

TEST_CASE("ICMP errors name the quoted packet's destination") {
  const Packet dns = udp_packet(std::vector<uint8_t>(38, 0));
  CHECK(summarize(icmp_error(IcmpType::DestinationUnreachable, 3, 0, dns)) ==
        "IP 10.244.0.1 > 10.244.0.2: ICMP 10.96.0.10 udp port 53 unreachable, length 36");
  const Packet web = tcp_packet(tcp_flags::syn, 1, 0, {});
  CHECK(summarize(icmp_error(IcmpType::DestinationUnreachable, 3, 0, web)) ==
        "IP 10.244.0.1 > 10.244.0.2: ICMP 10.244.1.3 tcp port 80 unreachable, length 36");
  CHECK(summarize(icmp_error(IcmpType::DestinationUnreachable, 1, 0, pod_ping())) ==
        "IP 10.244.0.1 > 10.244.0.2: ICMP host 10.244.1.2 unreachable, length 36");
  CHECK(summarize(icmp_error(IcmpType::DestinationUnreachable, 0, 0, pod_ping())) ==
        "IP 10.244.0.1 > 10.244.0.2: ICMP net 10.244.1.2 unreachable, length 36");
  CHECK(summarize(icmp_error(IcmpType::DestinationUnreachable, 4, 1450, pod_ping())) ==
        "IP 10.244.0.1 > 10.244.0.2: ICMP 10.244.1.2 unreachable - need to frag (mtu 1450), length 36");
  CHECK(summarize(icmp_error(IcmpType::DestinationUnreachable, 13, 0, web)) ==
        "IP 10.244.0.1 > 10.244.0.2: ICMP host 10.244.1.3 unreachable - admin prohibited filter, length 36");
  CHECK(summarize(icmp_error(IcmpType::TimeExceeded, 0, 0, pod_ping())) ==
        "IP 10.244.0.1 > 10.244.0.2: ICMP time exceeded in-transit, length 36");
}

TEST_CASE("ARP requests and replies") {
  Packet request;
  request.headers.push_back(EthernetHeader{MacAddress::broadcast(), mac("0a:58:0a:f4:00:02"), EtherType::Arp});
  request.payload = from_hex("0001080006040001" "0a580af40002" "0af40002" "000000000000" "0af40001");
  CHECK(summarize(request) == "ARP, Request who-has 10.244.0.1 tell 10.244.0.2, length 28");
  Packet reply = request;
  reply.payload = from_hex("0001080006040002" "0a580af40001" "0af40001" "0a580af40002" "0af40002");
  CHECK(summarize(reply) == "ARP, Reply 10.244.0.1 is-at 0a:58:0a:f4:00:01, length 28");
}

TEST_CASE("frames the lab cannot decode fall back to link layer or protocol number") {
  Packet unknown;
  unknown.headers.push_back(EthernetHeader{mac("0a:58:0a:f4:00:01"), mac("0a:58:0a:f4:00:02"),
                                           static_cast<EtherType>(0x1234)});
  unknown.payload = {1, 2, 3, 4};
  CHECK(summarize(unknown) == "0a:58:0a:f4:00:02 > 0a:58:0a:f4:00:01, ethertype Unknown (0x1234), length 18");
  Packet raw = pod_ping();
  raw.headers.pop_back();
  std::get<Ipv4Header>(raw.headers[1]).protocol = static_cast<IpProtocol>(99);
  raw.payload = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(summarize(raw) == "IP 10.244.0.2 > 10.244.1.2:  ip-proto-99 10");
}

TEST_CASE("summaries of parsed frames equal those of the packets") {
  for (const Packet& packet : {pod_ping(), vxlan_ping(), ipip_ping(), udp_packet({1, 2})}) {
    const auto parsed = parse_frame(serialize(packet));
    REQUIRE(parsed.ok());
    CHECK(summarize(*parsed) == summarize(packet));
  }
}
