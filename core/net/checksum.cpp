// The internet checksum (RFC 1071): the one's-complement of the one's-complement sum of 16-bit
// big-endian words. IPv4, ICMP, UDP and TCP all use it.
#include "core/net/packet.h"

namespace podlab::net {

uint16_t internet_checksum(const uint8_t* data, size_t length, uint32_t initial) {
  // 64 bits so that neither a large seed nor a jumbo buffer can overflow before folding.
  uint64_t sum = initial;
  size_t index = 0;
  for (; index + 1 < length; index += 2) sum += (uint32_t{data[index]} << 8) | data[index + 1];
  // An odd trailing byte is padded with a zero low byte, as RFC 1071 says.
  if (index < length) sum += uint32_t{data[index]} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xffff);
}

}  // namespace podlab::net
