// The pcap export: the file format byte by byte, and, where tshark is installed (it is a required
// test dependency natively), that Wireshark's own dissectors read our VXLAN and IPIP captures.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/lab/session.h"
#include "core/net/pcap.h"
#include "tests/core/packet_fixtures.h"

using namespace podlab;
using namespace podlab::net;
using namespace podlab::net::fixtures;

TEST_CASE("pcap global header: magic, version 2.4, snaplen 262144, Ethernet") {
  const PcapWriter writer;
  CHECK(to_hex(writer.bytes()) ==
        "d4c3b2a1"   // 0xa1b2c3d4 little-endian: microsecond timestamps
        "02000400"   // version 2.4
        "00000000"   // thiszone
        "00000000"   // sigfigs
        "00000400"   // snaplen 262144
        "01000000");  // LINKTYPE_ETHERNET
  CHECK(writer.packet_count() == 0);
}

TEST_CASE("pcap records carry the simulated time and the whole frame") {
  PcapWriter writer;
  writer.add(SimTime::from_ns(1'500'123'999), pod_ping());  // sub-microsecond part is dropped
  writer.add(SimTime::from_seconds(3), vxlan_ping());
  CHECK(writer.packet_count() == 2);
  const auto& bytes = writer.bytes();
  REQUIRE(bytes.size() == 24 + 16 + 98 + 16 + 148);
  CHECK(to_hex({bytes.begin() + 24, bytes.begin() + 40}) == "01000000" "9ba10700" "62000000" "62000000");
  CHECK(std::vector<uint8_t>(bytes.begin() + 40, bytes.begin() + 138) == serialize(pod_ping()));
  CHECK(to_hex({bytes.begin() + 138, bytes.begin() + 154}) == "03000000" "00000000" "94000000" "94000000");
}

#if !defined(__EMSCRIPTEN__)  // node has no popen; the wasm run covers the byte-level tests above
namespace {

std::filesystem::path write_capture(const std::string& name, const PcapWriter& writer) {
  const auto path = std::filesystem::temp_directory_path() / ("podlab-" + name + ".pcap");
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(writer.bytes().data()), static_cast<std::streamsize>(writer.bytes().size()));
  return path;
}

// The first line tshark prints, or "" with `ran` false when it could not be started.
std::string run(const std::string& command, bool& ran) {
  ran = false;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return "";
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  ran = pclose(pipe) == 0;
  return output.substr(0, output.find('\n'));
}

bool tshark_present() {
  if (std::filesystem::exists("/usr/bin/tshark")) return true;
  bool ran = false;
  run("tshark --version", ran);
  return ran;
}

}  // namespace

TEST_CASE("tshark decodes our VXLAN and IPIP captures") {
  if (!tshark_present())
    FAIL("tshark is not installed; it is a required test dependency: run cmake/deps.sh");

  PcapWriter vxlan;
  vxlan.add(SimTime::from_ms(1), vxlan_ping());
  const auto vxlan_path = write_capture("vxlan", vxlan);
  bool ran = false;
  // Wireshark expects VXLAN on 4789 only; flannel's 8472 needs the decode-as.
  const std::string vxlan_fields =
      run("tshark -r '" + vxlan_path.string() +
              "' -d udp.port==8472,vxlan -T fields -e vxlan.vni -e ip.src -e ip.dst -e udp.dstport"
              " -e icmp.type -e icmp.checksum.status",
          ran);
  CHECK(ran);
  // Fields are tab-separated; occurrences of a repeated field comma-separated, outer first.
  // icmp.type 8 is an echo request; checksum status 1 is "Good".
  CHECK(vxlan_fields == "1\t192.168.56.11,10.244.0.2\t192.168.56.12,10.244.1.2\t8472\t8\t1");

  PcapWriter ipip;
  ipip.add(SimTime::from_ms(1), ipip_ping());
  const auto ipip_path = write_capture("ipip", ipip);
  const std::string ipip_fields = run("tshark -r '" + ipip_path.string() +
                                          "' -o ip.check_checksum:TRUE -T fields -e ip.proto"
                                          " -e ip.src -e ip.dst -e ip.checksum.status -e icmp.seq",
                                      ran);
  CHECK(ran);
  CHECK(ipip_fields == "4,1\t192.168.56.11,10.244.0.2\t192.168.56.12,10.244.1.2\t1,1\t1");

  std::filesystem::remove(vxlan_path);
  std::filesystem::remove(ipip_path);
}

TEST_CASE("a lab's capture of a cross-node ping decodes in tshark: VXLAN VNI 1 on UDP 8472 around the pod IPs") {
  if (!tshark_present())
    FAIL("tshark is not installed; it is a required test dependency: run cmake/deps.sh");
  lab::Session session(1);
  // CoreDNS holds 10.244.0.2 on node-1 and 10.244.1.2 on node-2.
  REQUIRE(session.run("kubectl run web --image=nginx").ok);     // node-3: 10.244.2.2
  REQUIRE(session.run("kubectl run client --image=busybox").ok);  // node-2: 10.244.1.3
  REQUIRE(session.run("kubectl exec client -- ping -c 1 10.244.2.2").ok);
  PcapWriter writer;
  for (const auto& [time, packet] : session.captured()) writer.add(time, packet);
  const auto path = write_capture("session", writer);
  bool ran = false;
  const std::string tunnelled = run("tshark -r '" + path.string() +
                                        "' -d udp.port==8472,vxlan -Y vxlan -T fields -e vxlan.vni -e udp.dstport"
                                        " -e ip.src -e ip.dst -e icmp.type",
                                    ran);
  CHECK(ran);
  // The request crosses the node network inside VXLAN: node-2 to node-3, then the reply back.
  CHECK(tunnelled == "1\t8472\t192.168.56.12,10.244.1.3\t192.168.56.13,10.244.2.2\t8");
  const std::string count = run("tshark -r '" + path.string() + "' -d udp.port==8472,vxlan -Y 'vxlan && icmp' -T fields -e frame.number | wc -l", ran);
  CHECK(count == "2");
  std::filesystem::remove(path);
}
#endif
