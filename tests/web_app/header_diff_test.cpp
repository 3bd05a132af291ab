// Header diffs on hand-made packets: matched from the inside out, changed fields keep their old value.
#include <doctest/doctest.h>

#include "web/app/header_diff.h"

using namespace podlab;
using namespace podlab::web;

namespace {

net::Packet icmp_packet(const char* source, const char* destination) {
  net::Ipv4Header ip;
  ip.source = *Ipv4Address::parse(source);
  ip.destination = *Ipv4Address::parse(destination);
  net::Packet packet;
  packet.headers.push_back(net::EthernetHeader{});
  packet.headers.push_back(ip);
  packet.headers.push_back(net::IcmpHeader{});
  return packet;
}

}  // namespace

TEST_CASE("without a previous hop nothing is marked") {
  const HeaderDiff diff = diff_headers(nullptr, icmp_packet("10.244.0.2", "10.244.1.2"));
  CHECK_FALSE(diff.compared);
  REQUIRE(diff.layers.size() == 3);
  CHECK(diff.layers[1].kind == HeaderKind::Ipv4);
  CHECK(diff.changed_fields() == 0);
  CHECK(diff.added_layers() == 0);
}

TEST_CASE("a rewritten destination is one changed field with its old value") {
  const net::Packet before = icmp_packet("10.244.0.2", "10.96.0.12");
  const net::Packet after = icmp_packet("10.244.0.2", "10.244.1.3");
  const HeaderDiff diff = diff_headers(&before, after);
  CHECK(diff.changed_fields() == 1);
  const HeaderField& destination = diff.layers[1].fields[1];
  CHECK(destination.label == Text::FieldDestination);
  CHECK(destination.changed);
  CHECK(destination.before == "10.96.0.12");
  CHECK(destination.value == "10.244.1.3");
}

TEST_CASE("VXLAN encapsulation adds outer layers in front; decapsulation removes them") {
  const net::Packet inner = icmp_packet("10.244.0.2", "10.244.1.2");
  net::Packet outer = inner;
  net::Ipv4Header outer_ip;
  outer_ip.source = *Ipv4Address::parse("192.168.56.11");
  outer_ip.destination = *Ipv4Address::parse("192.168.56.12");
  outer_ip.protocol = net::IpProtocol::Udp;
  outer.headers.insert(outer.headers.begin(),
                       {net::EthernetHeader{}, outer_ip, net::UdpHeader{41000, 8472}, net::VxlanHeader{1}});
  const HeaderDiff wrapped = diff_headers(&inner, outer);
  REQUIRE(wrapped.layers.size() == 7);
  CHECK(wrapped.added_layers() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(wrapped.layers[i].added);
    CHECK(wrapped.layers[i].outer);
  }
  CHECK(wrapped.layers[3].kind == HeaderKind::Vxlan);
  CHECK_FALSE(wrapped.layers[4].outer);
  CHECK_FALSE(wrapped.layers[4].added);
  CHECK(wrapped.changed_fields() == 0);
  CHECK(std::string(header_kind_name(wrapped.layers[2].kind)) == "UDP");

  const HeaderDiff unwrapped = diff_headers(&outer, inner);
  CHECK(unwrapped.added_layers() == 0);
  REQUIRE(unwrapped.removed.size() == 4);
  CHECK(unwrapped.removed[1] == HeaderKind::Ipv4);
  CHECK(unwrapped.removed[3] == HeaderKind::Vxlan);
}

TEST_CASE("IPIP: the outer IPv4 header carrying protocol 4 is an outer layer") {
  net::Packet packet = icmp_packet("10.244.0.2", "10.244.1.2");
  net::Ipv4Header outer_ip;
  outer_ip.protocol = net::IpProtocol::Ipip;
  packet.headers.insert(packet.headers.begin() + 1, outer_ip);
  const HeaderDiff diff = diff_headers(nullptr, packet);
  REQUIRE(diff.layers.size() == 4);
  CHECK(diff.layers[0].outer);
  CHECK(diff.layers[1].outer);
  CHECK_FALSE(diff.layers[2].outer);
}
