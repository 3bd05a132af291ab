// serialize() and wire_size(): a header stack becomes the exact bytes Linux would put on the wire.
// Two passes: first every header writes its fixed fields with zero checksums, then checksums are
// filled from the innermost header outwards, because an outer checksum (UDP, TCP, ICMP) covers
// the inner bytes and must see their final values.
#include <variant>

#include "core/net/packet.h"
#include "core/net/wire.h"

namespace podlab::net {
namespace {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Clang 14 (Emscripten 3.1.6) has no aggregate deduction, so the guide is spelled out.
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

size_t header_size(const Header& header) {
  return std::visit(Overloaded{
                        [](const EthernetHeader&) { return wire::ethernet_size; },
                        [](const Ipv4Header&) { return wire::ipv4_size; },
                        [](const IcmpHeader&) { return wire::icmp_size; },
                        [](const UdpHeader&) { return wire::udp_size; },
                        [](const TcpHeader&) { return wire::tcp_size; },
                        [](const VxlanHeader&) { return wire::vxlan_size; },
                    },
                    header);
}

const Header* header_at(const Packet& packet, size_t index) {
  return index < packet.headers.size() ? &packet.headers[index] : nullptr;
}

// The EtherType follows from the next header when there is one, so a stack can never claim IPv4
// and carry something else; with only a payload after it, the header's own value stands.
uint16_t ether_type_for(const EthernetHeader& header, const Header* next) {
  if (next && std::holds_alternative<Ipv4Header>(*next)) return static_cast<uint16_t>(EtherType::Ipv4);
  return static_cast<uint16_t>(header.ether_type);
}

// Likewise the IPv4 protocol number: an inner IPv4 header means IPIP (protocol 4).
uint8_t protocol_for(const Ipv4Header& header, const Header* next) {
  IpProtocol protocol = header.protocol;
  if (next) {
    if (std::holds_alternative<Ipv4Header>(*next)) protocol = IpProtocol::Ipip;
    if (std::holds_alternative<IcmpHeader>(*next)) protocol = IpProtocol::Icmp;
    if (std::holds_alternative<UdpHeader>(*next)) protocol = IpProtocol::Udp;
    if (std::holds_alternative<TcpHeader>(*next)) protocol = IpProtocol::Tcp;
  }
  return static_cast<uint8_t>(protocol);
}

// The nearest IPv4 header before `index`, whose addresses go into the pseudo-header. It may lie
// before the `from` of a partial serialize: a UDP segment's checksum still needs its IP header.
const Ipv4Header* enclosing_ipv4(const Packet& packet, size_t index) {
  for (size_t i = index; i-- > 0;)
    if (const auto* ip = std::get_if<Ipv4Header>(&packet.headers[i])) return ip;
  return nullptr;
}

void write_fields(const Packet& packet, size_t index, uint8_t* at, size_t remaining) {
  const Header* next = header_at(packet, index + 1);
  std::visit(Overloaded{
                 [&](const EthernetHeader& h) {
                   for (size_t i = 0; i < 6; ++i) at[i] = h.destination.bytes[i];
                   for (size_t i = 0; i < 6; ++i) at[6 + i] = h.source.bytes[i];
                   wire::put16(at + 12, ether_type_for(h, next));
                 },
                 [&](const Ipv4Header& h) {
                   // Lengths above 65535 cannot be expressed; the MTU checks upstream keep
                   // packets far smaller, so reaching this is a bug in the model, not bad input.
                   PODLAB_ASSERT(remaining <= 0xffff);
                   at[0] = 0x45;  // version 4, header length 5 words: we never emit options
                   at[1] = h.tos;
                   wire::put16(at + 2, static_cast<uint16_t>(remaining));
                   wire::put16(at + 4, h.identification);
                   wire::put16(at + 6, h.dont_fragment ? 0x4000 : 0);  // no fragments are made
                   at[8] = h.ttl;
                   at[9] = protocol_for(h, next);
                   wire::put32(at + 12, h.source.value);
                   wire::put32(at + 16, h.destination.value);
                 },
                 [&](const IcmpHeader& h) {
                   at[0] = static_cast<uint8_t>(h.type);
                   at[1] = h.code;
                   wire::put16(at + 4, h.identifier);
                   wire::put16(at + 6, h.sequence);
                 },
                 [&](const UdpHeader& h) {
                   PODLAB_ASSERT(remaining <= 0xffff);
                   wire::put16(at, h.source_port);
                   wire::put16(at + 2, h.destination_port);
                   wire::put16(at + 4, static_cast<uint16_t>(remaining));
                 },
                 [&](const TcpHeader& h) {
                   wire::put16(at, h.source_port);
                   wire::put16(at + 2, h.destination_port);
                   wire::put32(at + 4, h.sequence);
                   wire::put32(at + 8, h.acknowledgement);
                   at[12] = 5 << 4;  // data offset 5 words: no options
                   at[13] = h.flags;
                   wire::put16(at + 14, h.window);
                 },
                 [&](const VxlanHeader& h) {
                   at[0] = wire::vxlan_flag_vni_valid;
                   wire::put32(at + 4, (h.vni & 0xffffff) << 8);
                 },
             },
             packet.headers[index]);
}

void write_checksum(const Packet& packet, size_t index, uint8_t* at, size_t remaining) {
  const Header& header = packet.headers[index];
  if (std::holds_alternative<Ipv4Header>(header)) {
    wire::put16(at + 10, internet_checksum(at, wire::ipv4_size));
  } else if (std::holds_alternative<IcmpHeader>(header)) {
    wire::put16(at + 2, internet_checksum(at, remaining));
  } else if (std::holds_alternative<UdpHeader>(header) || std::holds_alternative<TcpHeader>(header)) {
    const bool udp = std::holds_alternative<UdpHeader>(header);
    const Header* next = header_at(packet, index + 1);
    // Linux sends VXLAN with a zero outer UDP checksum (RFC 7348 allows it for IPv4); zero also
    // means "no checksum" for UDP without an IP header to build the pseudo-header from.
    if (udp && next && std::holds_alternative<VxlanHeader>(*next)) return;
    const Ipv4Header* ip = enclosing_ipv4(packet, index);
    if (udp && !ip) return;
    const auto protocol = static_cast<uint8_t>(udp ? IpProtocol::Udp : IpProtocol::Tcp);
    // TCP has no "no checksum"; without an IP header it covers the segment alone.
    const uint32_t seed =
        ip ? wire::pseudo_header_sum(ip->source.value, ip->destination.value, protocol, remaining) : 0;
    uint16_t checksum = internet_checksum(at, remaining, seed);
    // In UDP a computed 0 is sent as 0xffff, since 0 on the wire means "not computed".
    if (udp && checksum == 0) checksum = 0xffff;
    wire::put16(at + (udp ? 6 : 16), checksum);
  }
}

}  // namespace

size_t wire_size(const Packet& packet, size_t from) {
  size_t size = packet.payload.size();
  for (size_t i = from; i < packet.headers.size(); ++i) size += header_size(packet.headers[i]);
  return size;
}

std::vector<uint8_t> serialize(const Packet& packet, size_t from) {
  const size_t total = wire_size(packet, from);
  std::vector<uint8_t> bytes(total, 0);
  std::vector<size_t> offsets;
  size_t offset = 0;
  for (size_t i = from; i < packet.headers.size(); ++i) {
    offsets.push_back(offset);
    write_fields(packet, i, bytes.data() + offset, total - offset);
    offset += header_size(packet.headers[i]);
  }
  for (size_t k = 0; k < packet.payload.size(); ++k) bytes[offset + k] = packet.payload[k];
  for (size_t k = offsets.size(); k-- > 0;) {
    const size_t at = offsets[k];
    write_checksum(packet, from + k, bytes.data() + at, total - at);
  }
  return bytes;
}

}  // namespace podlab::net
