// Big-endian (network order) reads and writes on byte buffers, shared by the serializer, the parser
// and the pcap writer. Private to core/net: callers outside work with Packet, not bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace podlab::net::wire {

inline void put16(uint8_t* at, uint16_t value) {
  at[0] = static_cast<uint8_t>(value >> 8);
  at[1] = static_cast<uint8_t>(value);
}
inline void put32(uint8_t* at, uint32_t value) {
  put16(at, static_cast<uint16_t>(value >> 16));
  put16(at + 2, static_cast<uint16_t>(value));
}
inline uint16_t get16(const uint8_t* at) { return static_cast<uint16_t>((at[0] << 8) | at[1]); }
inline uint32_t get32(const uint8_t* at) { return (uint32_t{get16(at)} << 16) | get16(at + 2); }

// Fixed header sizes: we never emit IPv4 or TCP options, so every header has one size.
inline constexpr size_t ethernet_size = 14, ipv4_size = 20, icmp_size = 8, udp_size = 8, tcp_size = 20,
                        vxlan_size = 8;
// VXLAN's I flag (RFC 7348): "the VNI is valid"; Linux drops packets without it.
inline constexpr uint8_t vxlan_flag_vni_valid = 0x08;
// UDP ports on which a VXLAN header follows: the IANA port and the Linux/flannel default.
inline constexpr uint16_t vxlan_port_iana = 4789, vxlan_port_linux = 8472;

// The sum of the TCP/UDP pseudo-header (RFC 768, RFC 793) to seed internet_checksum with.
inline uint32_t pseudo_header_sum(uint32_t source, uint32_t destination, uint8_t protocol, size_t length) {
  return (source >> 16) + (source & 0xffff) + (destination >> 16) + (destination & 0xffff) + protocol +
         static_cast<uint32_t>(length);
}

}  // namespace podlab::net::wire
