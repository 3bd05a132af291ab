// parse_frame(): bytes back into a header stack, the inverse of serialize(). Lengths and checksums
// are checked because a pcap or a hand-made frame can be wrong; each problem becomes a Diagnostic
// naming the byte offset, so a learner can find it in Wireshark's hex view.
#include <string>

#include "core/net/packet.h"
#include "core/net/wire.h"

namespace podlab::net {
namespace {

class FrameParser {
 public:
  explicit FrameParser(const std::vector<uint8_t>& bytes) : bytes_(bytes) {}

  Result<Packet> run() {
    if (!ethernet(0, bytes_.size())) return *error_;
    return std::move(packet_);
  }

 private:
  bool fail(std::string code, std::string message) {
    error_ = Diagnostic{std::move(code), std::move(message), {}};
    return false;
  }
  bool need(size_t offset, size_t size, size_t end, const char* what) {
    if (offset + size <= end) return true;
    return fail("packet.truncated", std::string(what) + " at byte " + std::to_string(offset) + " needs " +
                                        std::to_string(size) + " bytes but only " +
                                        std::to_string(end - offset) + " remain");
  }
  bool checksum_ok(size_t offset, size_t length, uint32_t seed, const char* what) {
    if (internet_checksum(bytes_.data() + offset, length, seed) == 0) return true;
    return fail("packet.bad-checksum", std::string(what) + " checksum at byte " + std::to_string(offset) +
                                           " is wrong: the bytes were changed after it was computed");
  }
  void rest_as_payload(size_t offset, size_t end) {
    packet_.payload.assign(bytes_.begin() + static_cast<ptrdiff_t>(offset),
                           bytes_.begin() + static_cast<ptrdiff_t>(end));
  }

  bool ethernet(size_t offset, size_t end) {
    if (!need(offset, wire::ethernet_size, end, "Ethernet header")) return false;
    const uint8_t* at = bytes_.data() + offset;
    EthernetHeader header;
    for (size_t i = 0; i < 6; ++i) header.destination.bytes[i] = at[i];
    for (size_t i = 0; i < 6; ++i) header.source.bytes[i] = at[6 + i];
    const uint16_t type = wire::get16(at + 12);
    header.ether_type = static_cast<EtherType>(type);
    packet_.headers.push_back(header);
    offset += wire::ethernet_size;
    if (type == static_cast<uint16_t>(EtherType::Ipv4)) return ipv4(offset, end, Padding::Allowed);
    // ARP and any other EtherType stay as payload bytes: the stack has no header type for them.
    rest_as_payload(offset, end);
    return true;
  }

  // After Ethernet, bytes beyond the IP total length are padding to the 60-byte minimum frame;
  // inside IPIP the inner packet must fill the outer payload exactly.
  enum class Padding { Allowed, Forbidden };

  bool ipv4(size_t offset, size_t end, Padding padding) {
    if (!need(offset, wire::ipv4_size, end, "IPv4 header")) return false;
    const uint8_t* at = bytes_.data() + offset;
    if ((at[0] >> 4) != 4)
      return fail("packet.bad-ip-version", "IP header at byte " + std::to_string(offset) + " has version " +
                                               std::to_string(at[0] >> 4) + ", expected 4");
    if ((at[0] & 0xf) != 5)
      return fail("packet.unsupported", "IPv4 header at byte " + std::to_string(offset) +
                                            " has options (header length " + std::to_string((at[0] & 0xf) * 4) +
                                            " bytes); the lab only models 20-byte headers");
    const size_t total = wire::get16(at + 2);
    if (total < wire::ipv4_size)
      return fail("packet.bad-length", "IPv4 total length " + std::to_string(total) + " at byte " +
                                           std::to_string(offset) + " is shorter than its own header");
    if (offset + total > end)
      return fail("packet.truncated", "IPv4 packet at byte " + std::to_string(offset) + " says it is " +
                                          std::to_string(total) + " bytes long but only " +
                                          std::to_string(end - offset) + " bytes follow");
    if (padding == Padding::Forbidden && offset + total != end)
      return fail("packet.bad-length", "inner IPv4 packet at byte " + std::to_string(offset) + " is " +
                                           std::to_string(total) + " bytes but the outer packet carries " +
                                           std::to_string(end - offset));
    const uint16_t fragment = wire::get16(at + 6);
    if (fragment & 0x3fff)  // the MF flag or a fragment offset
      return fail("packet.unsupported", "IPv4 packet at byte " + std::to_string(offset) +
                                            " is a fragment; the lab does not reassemble fragments");
    if (!checksum_ok(offset, wire::ipv4_size, 0, "IPv4 header")) return false;
    Ipv4Header header;
    header.tos = at[1];
    header.identification = wire::get16(at + 4);
    header.dont_fragment = (fragment & 0x4000) != 0;
    header.ttl = at[8];
    header.protocol = static_cast<IpProtocol>(at[9]);
    header.source = Ipv4Address{wire::get32(at + 12)};
    header.destination = Ipv4Address{wire::get32(at + 16)};
    packet_.headers.push_back(header);
    end = offset + total;
    offset += wire::ipv4_size;
    const uint32_t pseudo_source = header.source.value, pseudo_destination = header.destination.value;
    switch (header.protocol) {
      case IpProtocol::Icmp: return icmp(offset, end);
      case IpProtocol::Ipip: return ipv4(offset, end, Padding::Forbidden);
      case IpProtocol::Udp:
        return udp(offset, end, wire::pseudo_header_sum(pseudo_source, pseudo_destination, at[9], end - offset));
      case IpProtocol::Tcp:
        return tcp(offset, end, wire::pseudo_header_sum(pseudo_source, pseudo_destination, at[9], end - offset));
    }
    rest_as_payload(offset, end);  // a protocol the lab has no header for
    return true;
  }

  bool icmp(size_t offset, size_t end) {
    if (!need(offset, wire::icmp_size, end, "ICMP header")) return false;
    if (!checksum_ok(offset, end - offset, 0, "ICMP")) return false;
    const uint8_t* at = bytes_.data() + offset;
    IcmpHeader header;
    header.type = static_cast<IcmpType>(at[0]);
    header.code = at[1];
    header.identifier = wire::get16(at + 4);
    header.sequence = wire::get16(at + 6);
    packet_.headers.push_back(header);
    rest_as_payload(offset + wire::icmp_size, end);
    return true;
  }

  bool udp(size_t offset, size_t end, uint32_t pseudo_sum) {
    if (!need(offset, wire::udp_size, end, "UDP header")) return false;
    const uint8_t* at = bytes_.data() + offset;
    const size_t length = wire::get16(at + 4);
    if (length != end - offset)
      return fail("packet.bad-length", "UDP length " + std::to_string(length) + " at byte " +
                                           std::to_string(offset) + " does not match the " +
                                           std::to_string(end - offset) + " bytes the IPv4 header leaves for it");
    // A zero UDP checksum means "not computed" (VXLAN from Linux sends it so).
    if (wire::get16(at + 6) != 0 && !checksum_ok(offset, length, pseudo_sum, "UDP")) return false;
    UdpHeader header;
    header.source_port = wire::get16(at);
    header.destination_port = wire::get16(at + 2);
    packet_.headers.push_back(header);
    offset += wire::udp_size;
    const bool vxlan = header.destination_port == wire::vxlan_port_linux ||
                       header.destination_port == wire::vxlan_port_iana;
    if (vxlan) return this->vxlan(offset, end);
    rest_as_payload(offset, end);
    return true;
  }

  bool vxlan(size_t offset, size_t end) {
    if (!need(offset, wire::vxlan_size, end, "VXLAN header")) return false;
    const uint8_t* at = bytes_.data() + offset;
    if (!(at[0] & wire::vxlan_flag_vni_valid))
      return fail("packet.bad-vxlan", "VXLAN header at byte " + std::to_string(offset) +
                                          " lacks the I flag (0x08), so its VNI is not valid");
    VxlanHeader header;
    header.vni = wire::get32(at + 4) >> 8;
    packet_.headers.push_back(header);
    return ethernet(offset + wire::vxlan_size, end);
  }

  bool tcp(size_t offset, size_t end, uint32_t pseudo_sum) {
    if (!need(offset, wire::tcp_size, end, "TCP header")) return false;
    const uint8_t* at = bytes_.data() + offset;
    const size_t header_length = static_cast<size_t>(at[12] >> 4) * 4;
    if (header_length < wire::tcp_size)
      return fail("packet.bad-length", "TCP data offset at byte " + std::to_string(offset) + " gives " +
                                           std::to_string(header_length) + " bytes, less than the 20-byte minimum");
    if (header_length != wire::tcp_size)
      return fail("packet.unsupported", "TCP header at byte " + std::to_string(offset) +
                                            " has options; the lab only models 20-byte TCP headers");
    if (!checksum_ok(offset, end - offset, pseudo_sum, "TCP")) return false;
    TcpHeader header;
    header.source_port = wire::get16(at);
    header.destination_port = wire::get16(at + 2);
    header.sequence = wire::get32(at + 4);
    header.acknowledgement = wire::get32(at + 8);
    header.flags = at[13];
    header.window = wire::get16(at + 14);
    packet_.headers.push_back(header);
    rest_as_payload(offset + wire::tcp_size, end);
    return true;
  }

  const std::vector<uint8_t>& bytes_;
  Packet packet_;
  std::optional<Diagnostic> error_;
};

}  // namespace

Result<Packet> parse_frame(const std::vector<uint8_t>& bytes) { return FrameParser(bytes).run(); }

}  // namespace podlab::net
