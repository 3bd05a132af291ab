// parse_frame(): round trips for every header kind, and a diagnostic (never a crash) for each way
// a frame can be broken.
#include <doctest/doctest.h>

#include "core/base/rng.h"
#include "core/net/packet.h"
#include "tests/core/packet_fixtures.h"

using namespace podlab;
using namespace podlab::net;
using namespace podlab::net::fixtures;

namespace {
void check_round_trip(const Packet& packet) {
  const auto bytes = serialize(packet);
  const auto parsed = parse_frame(bytes);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
  CHECK(*parsed == packet);
  CHECK(serialize(*parsed) == bytes);
}

std::string error_code(const std::vector<uint8_t>& bytes) {
  const auto parsed = parse_frame(bytes);
  return parsed.ok() ? "ok" : parsed.error().code;
}
}  // namespace

TEST_CASE("serialize then parse gives the same packet") {
  check_round_trip(pod_ping());
  check_round_trip(udp_packet(std::vector<uint8_t>(38, 0x5a)));
  check_round_trip(udp_packet({}));
  check_round_trip(tcp_packet(tcp_flags::syn, 1000, 0, {}));
  check_round_trip(tcp_packet(tcp_flags::psh | tcp_flags::ack, 1001, 2001, {'G', 'E', 'T', ' ', '/'}));
  check_round_trip(tcp_packet(tcp_flags::rst | tcp_flags::ack, 7, 9, {'x'}));  // odd length
  check_round_trip(vxlan_ping());
  check_round_trip(ipip_ping());

  Packet reply = pod_ping();
  std::get<IcmpHeader>(reply.headers[2]).type = IcmpType::EchoReply;
  auto& reply_ip = std::get<Ipv4Header>(reply.headers[1]);
  reply_ip.dont_fragment = false;
  reply_ip.ttl = 63;
  reply_ip.tos = 0x10;
  check_round_trip(reply);

  // VXLAN on the IANA port, with a UDP payload inside: inner UDP keeps its real checksum.
  Packet vxlan = udp_packet({1, 2, 3});
  const std::vector<Header> outer = {EthernetHeader{mac("08:00:27:00:00:12"), mac("08:00:27:00:00:11")},
                                     Ipv4Header{ip("192.168.56.11"), ip("192.168.56.12"), IpProtocol::Udp},
                                     UdpHeader{50000, 4789}, VxlanHeader{4096}};
  vxlan.headers.insert(vxlan.headers.begin(), outer.begin(), outer.end());
  check_round_trip(vxlan);
}

TEST_CASE("ARP and unknown EtherTypes stay as payload") {
  Packet arp;
  arp.headers.push_back(EthernetHeader{MacAddress::broadcast(), mac("0a:58:0a:f4:00:02"), EtherType::Arp});
  arp.payload = from_hex("0001080006040001" "0a580af40002" "0af40002" "000000000000" "0af40001");
  check_round_trip(arp);
  Packet ipv6;
  ipv6.headers.push_back(EthernetHeader{mac("0a:58:0a:f4:00:01"), mac("0a:58:0a:f4:00:02"),
                                        static_cast<EtherType>(0x86dd)});
  ipv6.payload = {0x60, 0, 0, 0};
  check_round_trip(ipv6);
}

TEST_CASE("Ethernet padding after a short IPv4 packet is ignored") {
  auto bytes = serialize(tcp_packet(tcp_flags::ack, 1, 1, {}));  // 54 bytes
  bytes.resize(60, 0);                                            // padded to the minimum frame
  const auto parsed = parse_frame(bytes);
  REQUIRE(parsed.ok());
  CHECK(*parsed == tcp_packet(tcp_flags::ack, 1, 1, {}));
}

TEST_CASE("truncated frames are diagnosed at every layer") {
  const auto vxlan = serialize(vxlan_ping());
  CHECK(error_code({}) == "packet.truncated");
  CHECK(error_code(std::vector<uint8_t>(vxlan.begin(), vxlan.begin() + 13)) == "packet.truncated");
  CHECK(error_code(std::vector<uint8_t>(vxlan.begin(), vxlan.begin() + 30)) == "packet.truncated");
  // Cut inside the inner frame: the outer IPv4 total length no longer fits.
  const auto cut = parse_frame(std::vector<uint8_t>(vxlan.begin(), vxlan.begin() + 100));
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().code == "packet.truncated");
  CHECK(cut.error().message == "IPv4 packet at byte 14 says it is 134 bytes long but only 86 bytes follow");

  // Headers too short for their own fixed part, with lengths patched to stay consistent.
  auto icmp = serialize(pod_ping(), 0);
  icmp.resize(14 + 20 + 4);
  icmp[16] = 0;
  icmp[17] = 24;
  icmp[24] = icmp[25] = 0;
  const uint16_t fixed = internet_checksum(icmp.data() + 14, 20);
  icmp[24] = static_cast<uint8_t>(fixed >> 8);
  icmp[25] = static_cast<uint8_t>(fixed);
  const auto short_icmp = parse_frame(icmp);
  REQUIRE_FALSE(short_icmp.ok());
  CHECK(short_icmp.error().message == "ICMP header at byte 34 needs 8 bytes but only 4 remain");
}

TEST_CASE("corrupted bytes fail their checksum") {
  auto ip_header = serialize(pod_ping());
  ip_header[22] ^= 1;  // TTL
  const auto bad_ip = parse_frame(ip_header);
  REQUIRE_FALSE(bad_ip.ok());
  CHECK(bad_ip.error().code == "packet.bad-checksum");
  CHECK(bad_ip.error().message ==
        "IPv4 header checksum at byte 14 is wrong: the bytes were changed after it was computed");

  auto icmp_data = serialize(pod_ping());
  icmp_data.back() ^= 0xff;
  CHECK(error_code(icmp_data) == "packet.bad-checksum");

  auto udp = serialize(udp_packet({1, 2, 3, 4}));
  udp.back() ^= 1;
  CHECK(error_code(udp) == "packet.bad-checksum");
  udp[40] = udp[41] = 0;  // a zero UDP checksum means "none": accepted as Linux does
  CHECK(error_code(udp) == "ok");

  auto tcp = serialize(tcp_packet(tcp_flags::syn, 1000, 0, {}));
  tcp[40] ^= 0x80;  // sequence number
  CHECK(error_code(tcp) == "packet.bad-checksum");

  // Inside VXLAN the inner checksums are checked too.
  auto vxlan = serialize(vxlan_ping());
  vxlan.back() ^= 1;
  CHECK(error_code(vxlan) == "packet.bad-checksum");
}

TEST_CASE("inconsistent lengths, versions, options, fragments and VXLAN flags") {
  const auto reseal = [](std::vector<uint8_t>& bytes, size_t ip_offset) {
    bytes[ip_offset + 10] = bytes[ip_offset + 11] = 0;
    const uint16_t sum = internet_checksum(bytes.data() + ip_offset, 20);
    bytes[ip_offset + 10] = static_cast<uint8_t>(sum >> 8);
    bytes[ip_offset + 11] = static_cast<uint8_t>(sum);
  };
  auto version = serialize(pod_ping());
  version[14] = 0x65;
  CHECK(error_code(version) == "packet.bad-ip-version");

  auto options = serialize(pod_ping());
  options[14] = 0x46;
  CHECK(error_code(options) == "packet.unsupported");

  auto fragment = serialize(pod_ping());
  fragment[20] = 0x20;  // more fragments
  reseal(fragment, 14);
  CHECK(error_code(fragment) == "packet.unsupported");

  auto tiny = serialize(pod_ping());
  tiny[16] = 0;
  tiny[17] = 19;
  reseal(tiny, 14);
  CHECK(error_code(tiny) == "packet.bad-length");

  auto udp_length = serialize(udp_packet({1, 2, 3, 4}));
  udp_length[39] = 13;
  CHECK(error_code(udp_length) == "packet.bad-length");

  auto tcp_offset = serialize(tcp_packet(tcp_flags::syn, 1, 0, {}));
  tcp_offset[46] = 0x40;
  CHECK(error_code(tcp_offset) == "packet.bad-length");
  tcp_offset[46] = 0x60;
  CHECK(error_code(tcp_offset) == "packet.unsupported");

  auto flags = serialize(vxlan_ping());
  flags[42] = 0;
  const auto no_flag = parse_frame(flags);
  REQUIRE_FALSE(no_flag.ok());
  CHECK(no_flag.error().code == "packet.bad-vxlan");

  // IPIP whose inner packet claims less than the outer one carries.
  auto ipip = serialize(ipip_ping());
  ipip[36] = 0;
  ipip[37] = 80;
  reseal(ipip, 34);
  CHECK(error_code(ipip) == "packet.bad-length");
}

TEST_CASE("every prefix and thousands of corrupted frames parse to a value or a diagnostic") {
  // The point is that nothing crashes or reads out of bounds (run under ASan to see it); the
  // checks only require that failures explain themselves.
  Rng rng(2024);
  for (const Packet& packet : {pod_ping(), vxlan_ping(), ipip_ping(), udp_packet({1, 2, 3}),
                               tcp_packet(tcp_flags::ack, 1, 2, {'x', 'y'})}) {
    const auto bytes = serialize(packet);
    for (size_t length = 0; length < bytes.size(); ++length) {
      const auto parsed = parse_frame(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(length)));
      if (!parsed.ok()) CHECK_FALSE(parsed.error().message.empty());
    }
    for (int round = 0; round < 2000; ++round) {
      auto corrupted = bytes;
      const uint32_t flips = 1 + rng.below(4);
      for (uint32_t flip = 0; flip < flips; ++flip)
        corrupted[rng.below(static_cast<uint32_t>(corrupted.size()))] ^= static_cast<uint8_t>(1 + rng.below(255));
      const auto parsed = parse_frame(corrupted);
      if (parsed.ok()) {
        (void)summarize(*parsed);  // whatever parses must also print
      } else {
        CHECK(parsed.error().code.rfind("packet.", 0) == 0);
      }
    }
  }
}
