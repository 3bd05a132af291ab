// DNS messages in RFC 1035 wire format: exact bytes for a known query, compression, round trips of
// every record type, and untrusted input (truncation, loops, wild pointers) that must never crash.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/net/dns_message.h"
#include "core/net/pcap.h"
#include "tests/core/packet_fixtures.h"

using namespace podlab;
using namespace podlab::net;

namespace {

std::vector<uint8_t> encode(const DnsMessage& message) {
  auto bytes = encode_dns_message(message);
  REQUIRE(bytes.ok());
  return *bytes;
}

DnsMessage every_record_type() {
  DnsMessage message;
  message.header = DnsHeader{.id = 7, .qr = true, .aa = true, .rd = true, .rcode = DnsRcode::NoError};
  message.questions.push_back({"web.prod.svc.cluster.local", DnsType::ANY, DnsClass::IN});
  const std::string name = "web.prod.svc.cluster.local";
  message.answers = {
      make_a_record(name, 30, Ipv4Address::from_octets(10, 96, 0, 7)),
      make_aaaa_record(name, 30, *parse_ipv6("fd00::7")),
      make_cname_record("foo.prod.svc.cluster.local", 30, "www.example.com"),
      make_ptr_record("7.0.96.10.in-addr.arpa", 30, name),
      make_srv_record("_http._tcp." + name, 30, DnsSrv{0, 100, 80, name}),
      make_txt_record("dns-version.cluster.local", 28800, {"1.1.0", "a \"quoted\" string"}),
      make_ns_record("cluster.local", 30, "ns.dns.cluster.local"),
  };
  message.authority = {make_soa_record("cluster.local", 30,
                                       DnsSoa{"ns.dns.cluster.local", "hostmaster.cluster.local", 1700000000, 7200,
                                              1800, 86400, 30})};
  message.additional = {DnsRecord{"x.example", static_cast<DnsType>(99), DnsClass::IN, 5, DnsOpaque{{1, 2, 3}}}};
  return message;
}

}  // namespace

TEST_CASE("dns: the query for kubernetes.default.svc.cluster.local A, byte for byte") {
  const auto bytes = encode(make_dns_query(0x1234, "kubernetes.default.svc.cluster.local", DnsType::A));
  CHECK(fixtures::to_hex(bytes) ==
        "1234"          // id
        "0100"          // flags: QR=0 opcode=0 RD=1
        "0001000000000000"  // 1 question, no records
        "0a6b756265726e65746573"  // 10 "kubernetes"
        "0764656661756c74"        // 7 "default"
        "03737663"                // 3 "svc"
        "07636c7573746572"        // 7 "cluster"
        "056c6f63616c"            // 5 "local"
        "00"                      // root
        "0001"                    // QTYPE A
        "0001");                  // QCLASS IN
  CHECK(bytes.size() == 12 + 38 + 4);
}

TEST_CASE("dns: answers point back at the question name (name compression)") {
  DnsMessage response = make_dns_query(0x1234, "kubernetes.default.svc.cluster.local", DnsType::A);
  response.header.qr = true;
  response.header.aa = true;
  response.answers.push_back(
      make_a_record("kubernetes.default.svc.cluster.local", 30, Ipv4Address::from_octets(10, 96, 0, 1)));
  const auto bytes = encode(response);
  CHECK(fixtures::to_hex(bytes).substr(4, 4) == "8500");  // QR AA RD
  // After the 54-byte header+question: pointer c00c to offset 12, A IN, TTL 30, length 4, 10.96.0.1.
  CHECK(fixtures::to_hex({bytes.begin() + 54, bytes.end()}) == "c00c" "0001" "0001" "0000001e" "0004" "0a600001");
  // An SOA's names compress against the question's suffixes: "cluster.local" is at offset 32.
  DnsMessage negative = make_dns_query(1, "nothere.default.svc.cluster.local", DnsType::A);
  negative.authority.push_back(make_soa_record(
      "cluster.local", 30, DnsSoa{"ns.dns.cluster.local", "hostmaster.cluster.local", 1, 7200, 1800, 86400, 30}));
  const auto negative_bytes = encode(negative);
  const size_t soa_at = 12 + 35 + 4;
  CHECK(fixtures::to_hex({negative_bytes.begin() + soa_at, negative_bytes.begin() + soa_at + 2}) == "c020");
  CHECK(decode_dns_message(negative_bytes)->authority == negative.authority);
}

TEST_CASE("dns: the SRV target is never compressed (RFC 2782)") {
  DnsMessage message;
  message.answers.push_back(make_srv_record("_http._tcp.web.prod.svc.cluster.local", 5,
                                            DnsSrv{0, 100, 80, "web.prod.svc.cluster.local"}));
  const auto bytes = encode(message);
  // 12 header + 39 owner + 10 fixed + 6 priority/weight/port, then the full 28-byte target.
  CHECK(bytes.size() == 12 + 39 + 10 + 6 + 28);
  CHECK(bytes[12 + 39 + 10 + 6] == 3);  // "web" spelled out, not a pointer
}

TEST_CASE("dns: every record type round-trips and prints as dig does") {
  const DnsMessage message = every_record_type();
  const auto decoded = decode_dns_message(encode(message));
  REQUIRE(decoded.ok());
  CHECK(*decoded == message);
  CHECK(message.answers[0].to_string() == "web.prod.svc.cluster.local. 30 IN A 10.96.0.7");
  CHECK(message.answers[1].to_string() == "web.prod.svc.cluster.local. 30 IN AAAA fd00::7");
  CHECK(message.answers[2].to_string() == "foo.prod.svc.cluster.local. 30 IN CNAME www.example.com.");
  CHECK(message.answers[3].to_string() == "7.0.96.10.in-addr.arpa. 30 IN PTR web.prod.svc.cluster.local.");
  CHECK(message.answers[4].to_string() ==
        "_http._tcp.web.prod.svc.cluster.local. 30 IN SRV 0 100 80 web.prod.svc.cluster.local.");
  CHECK(message.answers[5].to_string() == "dns-version.cluster.local. 28800 IN TXT \"1.1.0\" \"a \\\"quoted\\\" string\"");
  CHECK(message.answers[6].to_string() == "cluster.local. 30 IN NS ns.dns.cluster.local.");
  CHECK(message.authority[0].to_string() ==
        "cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30");
  CHECK(message.additional[0].to_string() == "x.example. 5 IN TYPE99 \\# 3 010203");
}

TEST_CASE("dns: header flags and rcodes survive the wire") {
  for (auto rcode : {DnsRcode::NoError, DnsRcode::FormErr, DnsRcode::ServFail, DnsRcode::NxDomain, DnsRcode::NotImp,
                     DnsRcode::Refused}) {
    DnsMessage message;
    message.header = DnsHeader{.id = 0xbeef, .qr = true, .opcode = DnsOpcode::Query, .aa = false, .tc = true,
                               .rd = true, .ra = true, .rcode = rcode};
    CHECK(decode_dns_message(encode(message))->header == message.header);
  }
  CHECK(dns_rcode_name(DnsRcode::NoError) == "NOERROR");
  CHECK(dns_rcode_name(DnsRcode::FormErr) == "FORMERR");
  CHECK(dns_rcode_name(DnsRcode::ServFail) == "SERVFAIL");
  CHECK(dns_rcode_name(DnsRcode::NxDomain) == "NXDOMAIN");
  CHECK(dns_rcode_name(DnsRcode::NotImp) == "NOTIMP");
  CHECK(dns_rcode_name(DnsRcode::Refused) == "REFUSED");
}

TEST_CASE("dns: type names and numbers") {
  CHECK(static_cast<int>(DnsType::A) == 1);
  CHECK(static_cast<int>(DnsType::NS) == 2);
  CHECK(static_cast<int>(DnsType::CNAME) == 5);
  CHECK(static_cast<int>(DnsType::SOA) == 6);
  CHECK(static_cast<int>(DnsType::PTR) == 12);
  CHECK(static_cast<int>(DnsType::TXT) == 16);
  CHECK(static_cast<int>(DnsType::AAAA) == 28);
  CHECK(static_cast<int>(DnsType::SRV) == 33);
  CHECK(static_cast<int>(DnsType::ANY) == 255);
  CHECK(dns_type_name(DnsType::SRV) == "SRV");
  CHECK(dns_type_name(static_cast<DnsType>(65)) == "TYPE65");
  CHECK(parse_dns_type("aaaa") == DnsType::AAAA);
  CHECK(parse_dns_type("TYPE65") == static_cast<DnsType>(65));
  CHECK_FALSE(parse_dns_type("MX1").has_value());
}

TEST_CASE("dns: odd label bytes are escaped and come back unchanged") {
  DnsMessage message = make_dns_query(1, "a\\.b\\032c.example", DnsType::A);
  const auto bytes = encode(message);
  CHECK(bytes[12] == 5);  // one label "a.b c"
  CHECK(decode_dns_message(bytes)->questions[0].name == "a\\.b\\032c.example");
  CHECK(make_dns_query(1, "www.example.com.", DnsType::A).questions[0].name == "www.example.com.");
  CHECK(encode(make_dns_query(1, "www.example.com.", DnsType::A)) ==
        encode(make_dns_query(1, "www.example.com", DnsType::A)));
}

TEST_CASE("dns: names that cannot be encoded are diagnostics") {
  CHECK(encode_dns_message(make_dns_query(1, "a..b", DnsType::A)).error().code == "dns.empty-label");
  CHECK(encode_dns_message(make_dns_query(1, std::string(64, 'x') + ".com", DnsType::A)).error().code ==
        "dns.label-too-long");
  std::string long_name;
  for (int i = 0; i < 9; ++i) long_name += std::string(30, 'y') + ".";
  CHECK(encode_dns_message(make_dns_query(1, long_name, DnsType::A)).error().code == "dns.name-too-long");
}

TEST_CASE("dns: malformed input gives clear diagnostics") {
  CHECK(decode_dns_message({0x12, 0x34}).error().code == "dns.truncated");
  // A question whose name is a pointer to itself.
  std::vector<uint8_t> loop = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
  const auto looped = decode_dns_message(loop);
  CHECK(looped.error().code == "dns.compression-loop");
  CHECK(looped.error().message.find("byte 12") != std::string::npos);
  // Two names pointing at each other.
  std::vector<uint8_t> mutual = {0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 'a', 0xc0, 18, 0, 1, 0, 1, 0xc0, 12, 0, 1, 0, 1};
  CHECK(decode_dns_message(mutual).error().code == "dns.compression-loop");
  std::vector<uint8_t> wild = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc1, 0x00, 0, 1, 0, 1};
  CHECK(decode_dns_message(wild).error().code == "dns.pointer-out-of-range");
  std::vector<uint8_t> label_type = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1, 0, 1};
  CHECK(decode_dns_message(label_type).error().code == "dns.bad-label-type");
  auto bytes = encode(make_dns_query(1, "example.com", DnsType::A));
  bytes.push_back(0);
  CHECK(decode_dns_message(bytes).error().code == "dns.trailing-bytes");
  DnsMessage bad_a;
  bad_a.answers.push_back(DnsRecord{"x", DnsType::A, DnsClass::IN, 1, DnsOpaque{{1, 2, 3}}});
  CHECK(decode_dns_message(encode(bad_a)).error().code == "dns.bad-rdata");
}

TEST_CASE("dns: every truncation and every single-byte corruption of a response is handled") {
  const auto bytes = encode(every_record_type());
  for (size_t length = 0; length < bytes.size(); ++length) {
    const auto decoded = decode_dns_message({bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length)});
    CHECK_FALSE(decoded.ok());
  }
  size_t decoded_anyway = 0;
  for (size_t at = 0; at < bytes.size(); ++at) {
    for (uint8_t value : {uint8_t{0x00}, uint8_t{0xff}, uint8_t{0xc0}, uint8_t{0x3f}, uint8_t(bytes[at] ^ 0x55)}) {
      auto corrupt = bytes;
      corrupt[at] = value;
      const auto decoded = decode_dns_message(corrupt);
      if (decoded.ok()) {
        ++decoded_anyway;
        CHECK(encode_dns_message(*decoded).ok());  // whatever decodes, encodes again
      } else {
        CHECK_FALSE(decoded.error().message.empty());
      }
    }
  }
  CHECK(decoded_anyway > 0);
}

TEST_CASE("dns: IPv6 text forms") {
  CHECK(ipv6_to_string(*parse_ipv6("2001:db8::1")) == "2001:db8::1");
  CHECK(ipv6_to_string(*parse_ipv6("2001:0db8:0:0:1:0:0:1")) == "2001:db8::1:0:0:1");
  CHECK(ipv6_to_string(*parse_ipv6("::")) == "::");
  CHECK(ipv6_to_string(*parse_ipv6("::1")) == "::1");
  CHECK(ipv6_to_string(*parse_ipv6("fe80::")) == "fe80::");
  CHECK_FALSE(parse_ipv6("1::2::3").has_value());
  CHECK_FALSE(parse_ipv6("1:2:3:4:5:6:7").has_value());
  CHECK_FALSE(parse_ipv6("12345::").has_value());
  CHECK_FALSE(parse_ipv6("10.0.0.1").has_value());
}

#if !defined(__EMSCRIPTEN__)
TEST_CASE("dns: tshark reads our query and response as DNS on UDP 53") {
  if (!std::filesystem::exists("/usr/bin/tshark")) return;
  DnsMessage response = make_dns_query(0x1234, "kubernetes.default.svc.cluster.local", DnsType::A);
  response.header.qr = response.header.aa = true;
  response.answers.push_back(
      make_a_record("kubernetes.default.svc.cluster.local", 30, Ipv4Address::from_octets(10, 96, 0, 1)));
  Packet packet;
  packet.headers = {EthernetHeader{}, Ipv4Header{Ipv4Address::from_octets(10, 96, 0, 10),
                                                 Ipv4Address::from_octets(10, 244, 1, 2), IpProtocol::Udp},
                    UdpHeader{53, 41234}};
  packet.payload = encode(response);
  PcapWriter writer;
  writer.add(SimTime::from_ms(1), packet);
  const auto path = std::filesystem::temp_directory_path() / "podlab-dns.pcap";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(writer.bytes().data()), static_cast<std::streamsize>(writer.bytes().size()));
  }
  FILE* pipe = popen(("tshark -r '" + path.string() +
                      "' -T fields -e dns.id -e dns.flags.authoritative -e dns.qry.name -e dns.a -e dns.resp.ttl"
                      " 2>/dev/null").c_str(), "r");
  REQUIRE(pipe);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  pclose(pipe);
  std::filesystem::remove(path);
  CHECK(output == "0x1234\t1\tkubernetes.default.svc.cluster.local\t10.96.0.1\t30\n");
}
#endif
