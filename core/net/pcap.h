// Writes packets as a classic pcap file (LINKTYPE_ETHERNET, microsecond timestamps) that tshark and
// Wireshark open: VXLAN on UDP 8472 needs `-d udp.port==8472,vxlan` since Wireshark's default VXLAN
// port is 4789.
#pragma once

#include <cstdint>
#include <vector>

#include "core/base/sim_time.h"
#include "core/net/packet.h"

namespace podlab::net {

class PcapWriter {
 public:
  PcapWriter();
  void add(SimTime time, const Packet& packet);
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  size_t packet_count() const { return count_; }

 private:
  std::vector<uint8_t> bytes_;
  size_t count_ = 0;
};

}  // namespace podlab::net
