// Packets the packet and pcap tests share: a pod-to-pod ping across two flannel nodes, plain and
// wrapped in VXLAN or IPIP, with the addresses of the lab's default two-node cluster.
#pragma once

#include <string>
#include <vector>

#include "core/net/packet.h"

namespace podlab::net::fixtures {

inline Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }
inline MacAddress mac(const char* text) { return *MacAddress::parse(text); }

// Lower-case hex digits only; the fixtures are constants, so there is nothing to report.
inline std::vector<uint8_t> from_hex(const std::string& hex) {
  const auto digit = [](char c) { return static_cast<uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes.push_back(static_cast<uint8_t>(digit(hex[i]) << 4 | digit(hex[i + 1])));
  return bytes;
}

inline std::string to_hex(const std::vector<uint8_t>& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (uint8_t byte : bytes) {
    hex += digits[byte >> 4];
    hex += digits[byte & 0xf];
  }
  return hex;
}

// The 56 data bytes Linux ping sends: a 16-byte timestamp, then 0x10, 0x11, ... 0x37.
inline std::vector<uint8_t> ping_payload() {
  std::vector<uint8_t> data = {0x5e, 0x1f, 0x9d, 0x65, 0, 0, 0, 0, 0x3c, 0x8b, 0x0c, 0, 0, 0, 0, 0};
  for (uint8_t byte = 0x10; byte < 0x38; ++byte) data.push_back(byte);
  return data;
}

// Pod 10.244.0.2 on node 1 pings pod 10.244.1.2 on node 2: the frame as it leaves the pod's eth0.
inline Packet pod_ping() {
  Packet packet;
  packet.headers.push_back(EthernetHeader{mac("0a:58:0a:f4:01:02"), mac("0a:58:0a:f4:00:02")});
  Ipv4Header inner_ip{ip("10.244.0.2"), ip("10.244.1.2")};
  inner_ip.identification = 0x5c3a;
  packet.headers.push_back(inner_ip);
  packet.headers.push_back(IcmpHeader{IcmpType::EchoRequest, 0, 1, 1});
  packet.payload = ping_payload();
  return packet;
}

// The same ping as flannel.1 on node 1 sends it: VXLAN VNI 1 over UDP 8472 between the nodes.
inline Packet vxlan_ping() {
  Packet packet = pod_ping();
  Ipv4Header outer{ip("192.168.56.11"), ip("192.168.56.12"), IpProtocol::Udp};
  const std::vector<Header> outer_headers = {
      EthernetHeader{mac("08:00:27:00:00:12"), mac("08:00:27:00:00:11")}, outer,
      UdpHeader{41234, 8472}, VxlanHeader{1}};
  packet.headers.insert(packet.headers.begin(), outer_headers.begin(), outer_headers.end());
  return packet;
}

// The same ping as Calico's tunl0 sends it: the pod's IP packet inside an outer IPv4 (protocol 4).
inline Packet ipip_ping() {
  Packet packet = pod_ping();
  packet.headers.erase(packet.headers.begin());  // IPIP carries the IP packet, not the frame
  Ipv4Header outer{ip("192.168.56.11"), ip("192.168.56.12"), IpProtocol::Ipip};
  const std::vector<Header> outer_headers = {EthernetHeader{mac("08:00:27:00:00:12"), mac("08:00:27:00:00:11")},
                                             outer};
  packet.headers.insert(packet.headers.begin(), outer_headers.begin(), outer_headers.end());
  return packet;
}

inline Packet udp_packet(std::vector<uint8_t> payload) {
  Packet packet;
  packet.headers.push_back(EthernetHeader{mac("0a:58:0a:f4:00:01"), mac("0a:58:0a:f4:00:02")});
  packet.headers.push_back(Ipv4Header{ip("10.244.0.2"), ip("10.96.0.10"), IpProtocol::Udp});
  packet.headers.push_back(UdpHeader{41000, 53});
  packet.payload = std::move(payload);
  return packet;
}

inline Packet tcp_packet(uint8_t flags, uint32_t sequence, uint32_t acknowledgement, std::vector<uint8_t> payload) {
  Packet packet;
  packet.headers.push_back(EthernetHeader{mac("0a:58:0a:f4:00:01"), mac("0a:58:0a:f4:00:02")});
  packet.headers.push_back(Ipv4Header{ip("10.244.0.2"), ip("10.244.1.3"), IpProtocol::Tcp});
  TcpHeader tcp{41000, 80, sequence, acknowledgement, flags};
  packet.headers.push_back(tcp);
  packet.payload = std::move(payload);
  return packet;
}

}  // namespace podlab::net::fixtures
