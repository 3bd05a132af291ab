// Packets as data: a stack of protocol headers, outermost first, and the application bytes after
// the innermost one. Encapsulation pushes headers on the front (VXLAN: outer Ethernet, IPv4, UDP,
// VXLAN, then the whole inner frame; IPIP: outer Ethernet and IPv4, then the inner IPv4 packet),
// decapsulation pops them. serialize() gives the exact bytes on the wire, with lengths and checksums,
// which is what the pcap export writes and tshark reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/base/ip.h"
#include "core/base/result.h"

namespace podlab::net {

enum class EtherType : uint16_t { Ipv4 = 0x0800, Arp = 0x0806 };
enum class IpProtocol : uint8_t { Icmp = 1, Ipip = 4, Tcp = 6, Udp = 17 };

struct EthernetHeader {
  MacAddress destination;
  MacAddress source;
  EtherType ether_type = EtherType::Ipv4;
  friend bool operator==(const EthernetHeader&, const EthernetHeader&) = default;
};

struct Ipv4Header {
  Ipv4Address source;
  Ipv4Address destination;
  IpProtocol protocol = IpProtocol::Icmp;
  uint8_t ttl = 64;
  uint8_t tos = 0;
  uint16_t identification = 0;
  bool dont_fragment = true;
  friend bool operator==(const Ipv4Header&, const Ipv4Header&) = default;
};

enum class IcmpType : uint8_t { EchoReply = 0, DestinationUnreachable = 3, EchoRequest = 8, TimeExceeded = 11 };

struct IcmpHeader {
  IcmpType type = IcmpType::EchoRequest;
  uint8_t code = 0;
  // Echo: identifier and sequence. Errors: together the 32-bit "rest of header"; identifier is
  // the unused half (0), and for "fragmentation needed" sequence is the next-hop MTU (RFC 1191).
  uint16_t identifier = 0;
  uint16_t sequence = 0;
  friend bool operator==(const IcmpHeader&, const IcmpHeader&) = default;
};

struct UdpHeader {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  friend bool operator==(const UdpHeader&, const UdpHeader&) = default;
};

namespace tcp_flags {
inline constexpr uint8_t fin = 0x01, syn = 0x02, rst = 0x04, psh = 0x08, ack = 0x10;
}

struct TcpHeader {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint32_t sequence = 0;
  uint32_t acknowledgement = 0;
  uint8_t flags = 0;
  uint16_t window = 64240;
  friend bool operator==(const TcpHeader&, const TcpHeader&) = default;
};

struct VxlanHeader {
  uint32_t vni = 1;  // 24 bits
  friend bool operator==(const VxlanHeader&, const VxlanHeader&) = default;
};

using Header = std::variant<EthernetHeader, Ipv4Header, IcmpHeader, UdpHeader, TcpHeader, VxlanHeader>;

struct Packet {
  std::vector<Header> headers;   // outermost first
  std::vector<uint8_t> payload;  // application data after the innermost header
  friend bool operator==(const Packet&, const Packet&) = default;

  // The first header of type T at or after `from`, or null.
  template <typename T>
  T* find(size_t from = 0) {
    for (size_t i = from; i < headers.size(); ++i)
      if (auto* header = std::get_if<T>(&headers[i])) return header;
    return nullptr;
  }
  template <typename T>
  const T* find(size_t from = 0) const {
    return const_cast<Packet*>(this)->find<T>(from);
  }
  // Index of the first header of type T at or after `from`, or nullopt.
  template <typename T>
  std::optional<size_t> index_of(size_t from = 0) const {
    for (size_t i = from; i < headers.size(); ++i)
      if (std::holds_alternative<T>(headers[i])) return i;
    return std::nullopt;
  }
};

// Bytes of the packet from header `from` on (0: the whole frame), as on the wire: IPv4 total
// length and header checksum, UDP length and checksum, TCP and ICMP checksums all computed.
std::vector<uint8_t> serialize(const Packet& packet, size_t from = 0);
// Size in bytes from header `from` on, without serializing. The IP packet size that MTU checks
// use is wire_size(packet, index of the outer Ipv4Header).
size_t wire_size(const Packet& packet, size_t from = 0);

// Parses an Ethernet frame back into headers (VXLAN on UDP 8472 and 4789 and IPIP are followed
// into their inner packets). Used by tests and to read pcaps; bad input is a diagnostic.
Result<Packet> parse_frame(const std::vector<uint8_t>& bytes);

// The line `tcpdump -n` prints, with the encapsulation in front of the inner packet:
// "IP 192.168.56.11.41234 > 192.168.56.12.8472: VXLAN, flags [I] (0x08), vni 1, IP 10.244.0.2 > 10.244.1.2: ICMP echo request, id 1, seq 1, length 64"
std::string summarize(const Packet& packet);

// The internet checksum (RFC 1071) of `data`, continuing from `initial` (a partial sum).
uint16_t internet_checksum(const uint8_t* data, size_t length, uint32_t initial = 0);

}  // namespace podlab::net
