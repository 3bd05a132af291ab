// Wire bytes, sizes and checksums. The golden frame was checked with tshark
// (`-o ip.check_checksum:TRUE`, both checksum statuses "Good") and an independent Python encoder.
#include <doctest/doctest.h>

#include "core/net/packet.h"
#include "tests/core/packet_fixtures.h"

using namespace podlab;
using namespace podlab::net;
using namespace podlab::net::fixtures;

namespace {
// Linux `ping 10.244.1.2` from 10.244.0.2: Ethernet, IPv4 (id 0x5c3a, DF, ttl 64), ICMP echo id 1 seq 1.
const char* const golden_ping =
    "0a580af401020a580af400020800"
    "450000545c3a40004001c7830af400020af40102"
    "0800f51a00010001"
    "5e1f9d65000000003c8b0c0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
    "3031323334353637";
}  // namespace

TEST_CASE("internet checksum: the RFC 1071 example, odd lengths and seeds") {
  // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2; the checksum is its complement.
  const uint8_t rfc[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  CHECK(internet_checksum(rfc, sizeof rfc) == 0x220d);
  // An odd byte is padded with a zero low byte: 0x01 counts as 0x0100.
  const uint8_t odd[] = {0x01};
  CHECK(internet_checksum(odd, 1) == 0xfeff);
  CHECK(internet_checksum(nullptr, 0) == 0xffff);
  // A seed is a partial sum: checksumming the second half with the first half's sum as seed
  // gives the checksum of the whole.
  CHECK(internet_checksum(rfc + 4, 4, 0x0001 + 0xf203) == 0x220d);
  // The checksum of data that includes its own correct checksum is zero: what receivers test.
  const uint8_t with_checksum[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0x22, 0x0d};
  CHECK(internet_checksum(with_checksum, sizeof with_checksum) == 0);
}

TEST_CASE("an ICMP echo request serializes to the bytes Linux sends") {
  const auto bytes = serialize(pod_ping());
  CHECK(to_hex(bytes) == golden_ping);
  CHECK(bytes.size() == 98);
  CHECK(wire_size(pod_ping()) == 98);
  // From the IPv4 header on: the size MTU checks use.
  CHECK(wire_size(pod_ping(), 1) == 84);
  CHECK(to_hex(serialize(pod_ping(), 1)) == std::string(golden_ping).substr(28));
}

TEST_CASE("serialize derives ether_type and the IPv4 protocol from the next header") {
  Packet packet = pod_ping();
  std::get<EthernetHeader>(packet.headers[0]).ether_type = EtherType::Arp;
  std::get<Ipv4Header>(packet.headers[1]).protocol = IpProtocol::Tcp;
  CHECK(to_hex(serialize(packet)) == golden_ping);

  const auto ipip = serialize(ipip_ping());
  CHECK(ipip[14 + 9] == 4);  // outer protocol: IPIP
  const auto vxlan = serialize(vxlan_ping());
  CHECK(vxlan[14 + 9] == 17);
}

TEST_CASE("UDP: length and checksum over the pseudo-header") {
  const Packet packet = udp_packet(std::vector<uint8_t>(38, 0xab));
  const auto bytes = serialize(packet);
  REQUIRE(bytes.size() == 14 + 20 + 8 + 38);
  const uint8_t* udp = bytes.data() + 34;
  CHECK(((udp[4] << 8) | udp[5]) == 46);
  CHECK(((bytes[16] << 8) | bytes[17]) == 66);  // IPv4 total length
  // Verifying the way a receiver does: pseudo-header + segment sums to zero.
  const uint32_t pseudo = 0x0af4 + 0x0002 + 0x0a60 + 0x000a + 17 + 46;
  CHECK(internet_checksum(udp, 46, pseudo) == 0);
  CHECK(((udp[6] << 8) | udp[7]) != 0);
}

TEST_CASE("a UDP checksum that computes to zero is sent as 0xffff") {
  // Find a payload word that makes the sum come out as 0xffff before complementing.
  Packet packet = udp_packet({0, 0});
  auto bytes = serialize(packet);
  const uint16_t checksum = static_cast<uint16_t>((bytes[40] << 8) | bytes[41]);
  // Adding `checksum` to the data moves the one's-complement sum to 0xffff, i.e. a checksum of 0.
  packet.payload = {static_cast<uint8_t>(checksum >> 8), static_cast<uint8_t>(checksum)};
  bytes = serialize(packet);
  CHECK(bytes[40] == 0xff);
  CHECK(bytes[41] == 0xff);
  CHECK(parse_frame(bytes).ok());
}

TEST_CASE("TCP: data offset 5, flags, window and checksum") {
  const Packet packet = tcp_packet(tcp_flags::syn, 1000, 0, {});
  const auto bytes = serialize(packet);
  REQUIRE(bytes.size() == 54);
  const uint8_t* tcp = bytes.data() + 34;
  CHECK(tcp[12] == 0x50);
  CHECK(tcp[13] == 0x02);
  CHECK(((tcp[14] << 8) | tcp[15]) == 64240);
  CHECK(((tcp[4] << 24) | (tcp[5] << 16) | (tcp[6] << 8) | tcp[7]) == 1000);
  const uint32_t pseudo = 0x0af4 + 0x0002 + 0x0af4 + 0x0103 + 6 + 20;
  CHECK(internet_checksum(tcp, 20, pseudo) == 0);
}

TEST_CASE("VXLAN adds exactly 50 bytes and carries the inner frame untouched") {
  const Packet inner = pod_ping();
  const Packet outer = vxlan_ping();
  CHECK(wire_size(outer) == wire_size(inner) + 50);
  CHECK(wire_size(outer, 1) == 20 + 8 + 8 + 98);  // outer IP packet: 134 bytes
  const auto bytes = serialize(outer);
  REQUIRE(bytes.size() == 148);
  // Outer UDP: port 8472, length 8 + 8 + 98, checksum 0 as Linux sends VXLAN.
  const uint8_t* udp = bytes.data() + 34;
  CHECK(((udp[2] << 8) | udp[3]) == 8472);
  CHECK(((udp[4] << 8) | udp[5]) == 114);
  CHECK(udp[6] == 0);
  CHECK(udp[7] == 0);
  // VXLAN: flags 0x08, reserved zero, VNI 1, reserved zero.
  CHECK(to_hex(std::vector<uint8_t>(bytes.begin() + 42, bytes.begin() + 50)) == "0800000000000100");
  CHECK(to_hex(std::vector<uint8_t>(bytes.begin() + 50, bytes.end())) == golden_ping);
  // A serialize from the VXLAN header on is the VXLAN payload; from the inner frame, the inner frame.
  CHECK(wire_size(outer, 3) == 8 + 98);
  CHECK(to_hex(serialize(outer, 4)) == golden_ping);
}

TEST_CASE("IPIP adds 20 bytes and the inner IP packet follows the outer header") {
  const Packet packet = ipip_ping();
  CHECK(wire_size(packet) == 14 + 20 + 84);
  CHECK(wire_size(packet, 1) == 104);  // why Calico's IPIP MTU is 1480 on a 1500 underlay
  const auto bytes = serialize(packet);
  CHECK(((bytes[16] << 8) | bytes[17]) == 104);
  CHECK(internet_checksum(bytes.data() + 14, 20) == 0);
  CHECK(to_hex(std::vector<uint8_t>(bytes.begin() + 34, bytes.end())) == std::string(golden_ping).substr(28));
}

TEST_CASE("the VNI uses 24 bits") {
  Packet packet = vxlan_ping();
  std::get<VxlanHeader>(packet.headers[3]).vni = 0xabcdef;
  const auto bytes = serialize(packet);
  CHECK(to_hex(std::vector<uint8_t>(bytes.begin() + 42, bytes.begin() + 50)) == "08000000abcdef00");
}
