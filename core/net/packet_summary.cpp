// summarize(): the line `tcpdump -n` prints for a packet, so what a learner sees in the lab matches
// what they will later see on a real node. Formats follow tcpdump's print-ip.c, print-icmp.c,
// print-udp.c, print-tcp.c, print-vxlan.c and print-arp.c. Where tcpdump prints an encapsulated
// packet on a new line (VXLAN), the summary stays on one line and joins with ", ".
// TCP sequence numbers are absolute, as with `tcpdump -S`: relative ones need the whole connection.
// Two differences are deliberate. tcpdump decodes UDP 8472 as OTV, not VXLAN (it only knows 4789),
// so on a flannel node `tcpdump -T vxlan` is what prints this VXLAN line. And tcpdump decodes DNS
// on port 53, where this prints "UDP, length N"; DNS text belongs with the DNS message code.
#include <cctype>
#include <string>

#include "core/net/packet.h"
#include "core/net/wire.h"

namespace podlab::net {
namespace {

std::string number(uint64_t value) { return std::to_string(value); }

std::string address_and_port(Ipv4Address address, uint16_t port) {
  return address.to_string() + "." + number(port);
}

// tcpdump's letters, in its order (print-tcp.c tcp_flag_values): F S R P . U E W.
std::string tcp_flag_letters(uint8_t flags) {
  static const struct {
    uint8_t bit;
    char letter;
  } letters[] = {{0x01, 'F'}, {0x02, 'S'}, {0x04, 'R'}, {0x08, 'P'},
                 {0x10, '.'}, {0x20, 'U'}, {0x40, 'E'}, {0x80, 'W'}};
  std::string text;
  for (const auto& entry : letters)
    if (flags & entry.bit) text += entry.letter;
  return text.empty() ? "none" : text;
}

// tcpdump marks any data on port 80 and 8080 ": HTTP", and adds the first line when it looks like
// a request (a known method) or a response (a 3-digit status as the second word).
std::string http_first_line(const std::vector<uint8_t>& payload) {
  std::string line;
  for (uint8_t byte : payload) {
    if (byte == '\r' || byte == '\n') break;
    line += static_cast<char>(byte);
  }
  const size_t space = line.find(' ');
  if (space == std::string::npos) return "";
  const std::string first = line.substr(0, space);
  for (const char* method : {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT", "PATCH"})
    if (first == method) return line;
  const std::string second = line.substr(space + 1, 3);
  const bool status = second.size() == 3 && std::isdigit(static_cast<unsigned char>(second[0])) &&
                      std::isdigit(static_cast<unsigned char>(second[1])) &&
                      std::isdigit(static_cast<unsigned char>(second[2])) &&
                      (line.size() == space + 4 || line[space + 4] == ' ');
  return status ? line : "";
}

std::string tcp_text(const Packet& packet, size_t index) {
  const auto& tcp = std::get<TcpHeader>(packet.headers[index]);
  const size_t length = wire_size(packet, index) - wire::tcp_size;
  std::string text = "Flags [" + tcp_flag_letters(tcp.flags) + "]";
  const bool sequence_shown = length > 0 || (tcp.flags & (tcp_flags::syn | tcp_flags::fin | tcp_flags::rst));
  if (sequence_shown) {
    text += ", seq " + number(tcp.sequence);
    // append() rather than `":" + number(...)`, which trips GCC 12's -Wrestrict false positive.
    if (length > 0) text.append(":").append(number(static_cast<uint32_t>(tcp.sequence + length)));
  }
  if (tcp.flags & tcp_flags::ack) text += ", ack " + number(tcp.acknowledgement);
  text += ", win " + number(tcp.window) + ", length " + number(length);
  const bool http_port = tcp.source_port == 80 || tcp.destination_port == 80 || tcp.source_port == 8080 ||
                         tcp.destination_port == 8080;
  // The payload belongs to TCP only when TCP is the innermost header.
  if (http_port && length > 0 && index + 1 == packet.headers.size()) {
    text += ": HTTP";
    const std::string line = http_first_line(packet.payload);
    if (!line.empty()) text += ": " + line;
  }
  return text;
}

// ICMP errors quote the IP header and first 8 bytes of the packet that caused them; tcpdump names
// that packet's destination (and port) from the quote.
struct Quoted {
  bool valid = false;
  Ipv4Address destination;
  uint8_t protocol = 0;
  uint16_t destination_port = 0;
};

Quoted quoted_packet(const std::vector<uint8_t>& payload) {
  Quoted quoted;
  if (payload.size() < wire::ipv4_size || (payload[0] >> 4) != 4) return quoted;
  const size_t header_length = size_t{payload[0] & 0xfu} * 4;
  quoted.valid = true;
  quoted.protocol = payload[9];
  quoted.destination = Ipv4Address{wire::get32(payload.data() + 16)};
  if (payload.size() >= header_length + 4) quoted.destination_port = wire::get16(payload.data() + header_length + 2);
  return quoted;
}

std::string unreachable_text(uint8_t code, const IcmpHeader& icmp, const Quoted& quoted) {
  const std::string to = quoted.destination.to_string();
  switch (code) {
    case 0: return "net " + to + " unreachable";
    case 1: return "host " + to + " unreachable";
    case 2: return to + " protocol " + number(quoted.protocol) + " unreachable";
    case 3:
      if (quoted.protocol == static_cast<uint8_t>(IpProtocol::Tcp))
        return to + " tcp port " + number(quoted.destination_port) + " unreachable";
      if (quoted.protocol == static_cast<uint8_t>(IpProtocol::Udp))
        return to + " udp port " + number(quoted.destination_port) + " unreachable";
      return to + " protocol " + number(quoted.protocol) + " port " + number(quoted.destination_port) +
             " unreachable";
    case 4:  // RFC 1191: the next-hop MTU is in the second half of the rest-of-header word
      if (icmp.sequence == 0) return to + " unreachable - need to frag";
      return to + " unreachable - need to frag (mtu " + number(icmp.sequence) + ")";
    case 9: return "net " + to + " unreachable - admin prohibited";
    case 10: return "host " + to + " unreachable - admin prohibited";
    case 13: return "host " + to + " unreachable - admin prohibited filter";
    default: return to + " unreachable - #" + number(code);
  }
}

std::string icmp_text(const Packet& packet, size_t index) {
  const auto& icmp = std::get<IcmpHeader>(packet.headers[index]);
  const size_t length = wire_size(packet, index);
  // Error messages quote the offending packet in the payload when ICMP is the innermost header.
  // The lab's own ICMP errors carry the quoted headers as headers rather than bytes.
  Quoted quoted = index + 1 == packet.headers.size() ? quoted_packet(packet.payload) : Quoted{};
  if (index + 1 < packet.headers.size())
    if (const auto* inner = std::get_if<Ipv4Header>(&packet.headers[index + 1])) {
      quoted.valid = true;
      quoted.destination = inner->destination;
      quoted.protocol = static_cast<uint8_t>(inner->protocol);
      if (const auto* tcp = packet.find<TcpHeader>(index + 2)) quoted.destination_port = tcp->destination_port;
      if (const auto* udp = packet.find<UdpHeader>(index + 2)) quoted.destination_port = udp->destination_port;
    }
  std::string text;
  switch (icmp.type) {
    case IcmpType::EchoRequest:
    case IcmpType::EchoReply:
      text = std::string("echo ") + (icmp.type == IcmpType::EchoRequest ? "request" : "reply") + ", id " +
             number(icmp.identifier) + ", seq " + number(icmp.sequence);
      break;
    case IcmpType::DestinationUnreachable:
      text = quoted.valid ? unreachable_text(icmp.code, icmp, quoted)
                          : "destination unreachable, code " + number(icmp.code);
      break;
    case IcmpType::TimeExceeded:
      text = icmp.code == 0   ? "time exceeded in-transit"
             : icmp.code == 1 ? "ip reassembly time exceeded"
                              : "time exceeded-#" + number(icmp.code);
      break;
    default: text = "type-#" + number(static_cast<uint8_t>(icmp.type)); break;
  }
  return "ICMP " + text + ", length " + number(length);
}

std::string after_ethernet(const Packet& packet, size_t index);

std::string ipv4_text(const Packet& packet, size_t index) {
  const auto& ip = std::get<Ipv4Header>(packet.headers[index]);
  const size_t next = index + 1;
  const Header* header = next < packet.headers.size() ? &packet.headers[next] : nullptr;
  const std::string from = ip.source.to_string(), to = ip.destination.to_string();
  if (!header) {  // a protocol the stack has no header for: tcpdump's " ip-proto-N length"
    return "IP " + from + " > " + to + ":  ip-proto-" + number(static_cast<uint8_t>(ip.protocol)) + " " +
           number(packet.payload.size());
  }
  if (std::holds_alternative<Ipv4Header>(*header)) return "IP " + from + " > " + to + ": " + ipv4_text(packet, next);
  if (std::holds_alternative<IcmpHeader>(*header)) return "IP " + from + " > " + to + ": " + icmp_text(packet, next);
  if (const auto* udp = std::get_if<UdpHeader>(header)) {
    std::string text = "IP " + address_and_port(ip.source, udp->source_port) + " > " +
                       address_and_port(ip.destination, udp->destination_port) + ": ";
    if (next + 1 < packet.headers.size()) {
      if (const auto* vxlan = std::get_if<VxlanHeader>(&packet.headers[next + 1])) {
        // We always send the I flag (0x08), and the parser rejects frames without it.
        text += "VXLAN, flags [I] (0x08), vni " + number(vxlan->vni & 0xffffff);
        if (next + 2 < packet.headers.size()) text += ", " + after_ethernet(packet, next + 2);
        return text;
      }
    }
    return text + "UDP, length " + number(wire_size(packet, next) - wire::udp_size);
  }
  if (const auto* tcp = std::get_if<TcpHeader>(header)) {
    return "IP " + address_and_port(ip.source, tcp->source_port) + " > " +
           address_and_port(ip.destination, tcp->destination_port) + ": " + tcp_text(packet, next);
  }
  return "IP " + from + " > " + to + ": " + after_ethernet(packet, next);
}

std::string hex16(uint16_t value) {
  static const char digits[] = "0123456789abcdef";
  std::string text = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) text += digits[(value >> shift) & 0xf];
  return text;
}

// ARP as tcpdump -n prints it, read from the payload (the stack has no ARP header type).
std::string arp_text(const std::vector<uint8_t>& arp) {
  const std::string length = ", length " + number(arp.size());
  if (arp.size() < 28) return "ARP, truncated" + length;
  const uint16_t operation = wire::get16(arp.data() + 6);
  const Ipv4Address sender{wire::get32(arp.data() + 14)}, target{wire::get32(arp.data() + 24)};
  if (operation == 1) return "ARP, Request who-has " + target.to_string() + " tell " + sender.to_string() + length;
  if (operation == 2) {
    MacAddress mac;
    for (size_t i = 0; i < 6; ++i) mac.bytes[i] = arp[8 + i];
    return "ARP, Reply " + sender.to_string() + " is-at " + mac.to_string() + length;
  }
  return "ARP, unknown operation " + number(operation) + length;
}

// Whatever header sits at `index`, described from there inwards.
std::string after_ethernet(const Packet& packet, size_t index) {
  if (index >= packet.headers.size()) return "length " + number(packet.payload.size());
  const Header& header = packet.headers[index];
  if (std::holds_alternative<Ipv4Header>(header)) return ipv4_text(packet, index);
  if (const auto* ethernet = std::get_if<EthernetHeader>(&header)) {
    if (index + 1 < packet.headers.size()) return after_ethernet(packet, index + 1);
    if (ethernet->ether_type == EtherType::Arp) return arp_text(packet.payload);
    // Without a decoder tcpdump falls back to the link layer, MAC addresses included (and a hex
    // dump of the payload, which a one-line summary leaves out).
    return ethernet->source.to_string() + " > " + ethernet->destination.to_string() + ", ethertype Unknown (" +
           hex16(static_cast<uint16_t>(ethernet->ether_type)) + "), length " + number(wire_size(packet, index));
  }
  if (std::holds_alternative<IcmpHeader>(header)) return icmp_text(packet, index);
  return "length " + number(wire_size(packet, index));
}

}  // namespace

std::string summarize(const Packet& packet) { return after_ethernet(packet, 0); }

}  // namespace podlab::net
