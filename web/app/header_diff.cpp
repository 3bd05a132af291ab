#include "web/app/header_diff.h"

#include <cstdio>
#include <type_traits>

namespace podlab::web {

const char* header_kind_name(HeaderKind kind) {
  switch (kind) {
    case HeaderKind::Ethernet: return "Ethernet";
    case HeaderKind::Ipv4: return "IPv4";
    case HeaderKind::Icmp: return "ICMP";
    case HeaderKind::Udp: return "UDP";
    case HeaderKind::Tcp: return "TCP";
    case HeaderKind::Vxlan: return "VXLAN";
  }
  return "?";
}

size_t HeaderDiff::changed_fields() const {
  size_t count = 0;
  for (const HeaderLayer& layer : layers)
    for (const HeaderField& field : layer.fields) count += field.changed ? 1 : 0;
  return count;
}

size_t HeaderDiff::added_layers() const {
  size_t count = 0;
  for (const HeaderLayer& layer : layers) count += layer.added ? 1 : 0;
  return count;
}

namespace {

std::string number(unsigned value) { return std::to_string(value); }

std::string protocol_text(net::IpProtocol protocol) {
  switch (protocol) {
    case net::IpProtocol::Icmp: return "ICMP (1)";
    case net::IpProtocol::Ipip: return "IPIP (4)";
    case net::IpProtocol::Tcp: return "TCP (6)";
    case net::IpProtocol::Udp: return "UDP (17)";
  }
  return number(static_cast<unsigned>(protocol));
}

std::string icmp_type_text(net::IcmpType type) {
  switch (type) {
    case net::IcmpType::EchoReply: return "echo reply (0)";
    case net::IcmpType::DestinationUnreachable: return "destination unreachable (3)";
    case net::IcmpType::EchoRequest: return "echo request (8)";
    case net::IcmpType::TimeExceeded: return "time exceeded (11)";
  }
  return number(static_cast<unsigned>(type));
}

// tcpdump's flag letters: [S], [S.], [.], [P.], [F.], [R.]
std::string tcp_flags_text(uint8_t flags) {
  std::string text = "[";
  if (flags & net::tcp_flags::syn) text += 'S';
  if (flags & net::tcp_flags::fin) text += 'F';
  if (flags & net::tcp_flags::psh) text += 'P';
  if (flags & net::tcp_flags::rst) text += 'R';
  if (flags & net::tcp_flags::ack) text += '.';
  return text + "]";
}

std::string ether_type_text(net::EtherType type) {
  char text[32];
  std::snprintf(text, sizeof text, "%s (0x%04x)", type == net::EtherType::Arp ? "ARP" : "IPv4", static_cast<unsigned>(type));
  return text;
}

HeaderKind kind_of(const net::Header& header) { return static_cast<HeaderKind>(header.index()); }
static_assert(std::is_same_v<std::variant_alternative_t<5, net::Header>, net::VxlanHeader>,
              "HeaderKind follows the order of net::Header's alternatives");

std::vector<HeaderField> fields_of(const net::Header& header) {
  return std::visit(
      [](const auto& h) -> std::vector<HeaderField> {
        using T = std::decay_t<decltype(h)>;
        if constexpr (std::is_same_v<T, net::EthernetHeader>) {
          return {{Text::FieldSource, h.source.to_string(), {}, false},
                  {Text::FieldDestination, h.destination.to_string(), {}, false},
                  {Text::FieldType, ether_type_text(h.ether_type), {}, false}};
        } else if constexpr (std::is_same_v<T, net::Ipv4Header>) {
          return {{Text::FieldSource, h.source.to_string(), {}, false},
                  {Text::FieldDestination, h.destination.to_string(), {}, false},
                  {Text::FieldProtocol, protocol_text(h.protocol), {}, false},
                  {Text::FieldTtl, number(h.ttl), {}, false},
                  {Text::FieldIdentification, number(h.identification), {}, false}};
        } else if constexpr (std::is_same_v<T, net::IcmpHeader>) {
          return {{Text::FieldType, icmp_type_text(h.type), {}, false},
                  {Text::FieldCode, number(h.code), {}, false},
                  {Text::FieldIdentifier, number(h.identifier), {}, false},
                  {Text::FieldSequence, number(h.sequence), {}, false}};
        } else if constexpr (std::is_same_v<T, net::UdpHeader>) {
          return {{Text::FieldSourcePort, number(h.source_port), {}, false},
                  {Text::FieldDestinationPort, number(h.destination_port), {}, false}};
        } else if constexpr (std::is_same_v<T, net::TcpHeader>) {
          return {{Text::FieldSourcePort, number(h.source_port), {}, false},
                  {Text::FieldDestinationPort, number(h.destination_port), {}, false},
                  {Text::FieldFlags, tcp_flags_text(h.flags), {}, false},
                  {Text::FieldSequence, number(h.sequence), {}, false},
                  {Text::FieldAcknowledgement, number(h.acknowledgement), {}, false}};
        } else {
          return {{Text::FieldVni, number(h.vni), {}, false}};
        }
      },
      header);
}

// How many headers at the front belong to encapsulations: everything up to the last VXLAN header,
// or up to the last IPv4 header carrying IPIP.
size_t outer_count(const net::Packet& packet) {
  size_t count = 0;
  for (size_t i = 0; i < packet.headers.size(); ++i) {
    if (std::holds_alternative<net::VxlanHeader>(packet.headers[i])) count = i + 1;
    if (const auto* ip = std::get_if<net::Ipv4Header>(&packet.headers[i]); ip && ip->protocol == net::IpProtocol::Ipip)
      count = i + 1;
  }
  return count;
}

}  // namespace

HeaderDiff diff_headers(const net::Packet* before, const net::Packet& packet) {
  HeaderDiff diff;
  diff.compared = before != nullptr;
  const size_t outer = outer_count(packet);
  for (size_t i = 0; i < packet.headers.size(); ++i)
    diff.layers.push_back(HeaderLayer{kind_of(packet.headers[i]), i < outer, false, fields_of(packet.headers[i])});
  if (!before) return diff;
  // Match from the innermost header outwards while the kinds agree.
  size_t now = packet.headers.size();
  size_t then = before->headers.size();
  while (now > 0 && then > 0 && kind_of(packet.headers[now - 1]) == kind_of(before->headers[then - 1])) {
    --now;
    --then;
    HeaderLayer& layer = diff.layers[now];
    const std::vector<HeaderField> old_fields = fields_of(before->headers[then]);
    for (size_t f = 0; f < layer.fields.size() && f < old_fields.size(); ++f) {
      if (layer.fields[f].value == old_fields[f].value) continue;
      layer.fields[f].changed = true;
      layer.fields[f].before = old_fields[f].value;
    }
  }
  for (size_t i = 0; i < now; ++i) diff.layers[i].added = true;
  for (size_t i = 0; i < then; ++i) diff.removed.push_back(kind_of(before->headers[i]));
  return diff;
}

}  // namespace podlab::web
