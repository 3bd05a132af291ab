// The classic libpcap file format (not pcapng): a 24-byte global header, then per packet a 16-byte
// record header and the frame. Fields are written little-endian explicitly, so the file is the
// same whether the lab runs on x86, ARM or WebAssembly; readers detect the order from the magic.
#include "core/net/pcap.h"

namespace podlab::net {
namespace {

constexpr uint32_t pcap_magic_microseconds = 0xa1b2c3d4;
constexpr uint16_t pcap_version_major = 2, pcap_version_minor = 4;
// tcpdump's default snapshot length since 4.x; every frame the lab makes fits whole.
constexpr uint32_t snapshot_length = 262144;
constexpr uint32_t linktype_ethernet = 1;

void append16(std::vector<uint8_t>& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value));
  out.push_back(static_cast<uint8_t>(value >> 8));
}
void append32(std::vector<uint8_t>& out, uint32_t value) {
  append16(out, static_cast<uint16_t>(value));
  append16(out, static_cast<uint16_t>(value >> 16));
}

}  // namespace

PcapWriter::PcapWriter() {
  append32(bytes_, pcap_magic_microseconds);
  append16(bytes_, pcap_version_major);
  append16(bytes_, pcap_version_minor);
  append32(bytes_, 0);  // thiszone: timestamps are already UTC
  append32(bytes_, 0);  // sigfigs: always 0 in practice
  append32(bytes_, snapshot_length);
  append32(bytes_, linktype_ethernet);
}

void PcapWriter::add(SimTime time, const Packet& packet) {
  // Simulated time starts at 0, so a capture opens on 1970-01-01; it is never negative.
  PODLAB_ASSERT(time.ns >= 0);
  const std::vector<uint8_t> frame = serialize(packet);
  const auto captured = static_cast<uint32_t>(frame.size() < snapshot_length ? frame.size() : snapshot_length);
  append32(bytes_, static_cast<uint32_t>(time.ns / 1'000'000'000));
  append32(bytes_, static_cast<uint32_t>((time.ns % 1'000'000'000) / 1000));
  append32(bytes_, captured);
  append32(bytes_, static_cast<uint32_t>(frame.size()));
  bytes_.insert(bytes_.end(), frame.begin(), frame.begin() + captured);
  ++count_;
}

}  // namespace podlab::net
