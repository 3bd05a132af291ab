// DNS messages in RFC 1035 wire format: what a pod's resolver puts in a UDP payload to port 53 and
// what CoreDNS sends back. Plain structs (header, questions, three record sections), an encoder
// that compresses names the way real servers do (RFC 1035 4.1.4), and a decoder that treats the
// bytes as untrusted: loops, pointers past the end and truncation give a Diagnostic, never a crash.
//
// Names are held in presentation form without the final dot ("kubernetes.default.svc.cluster.local";
// the root is ""). A label byte that is '.' or '\' or not printable is escaped as "\." "\\" "\DDD",
// as dig prints it, so every wire name survives a decode/encode round trip.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/ip.h"
#include "core/base/result.h"

namespace podlab::net {

// Record types by their IANA numbers. Any other 16-bit value may appear in decoded input; it is
// kept as is and printed as "TYPE<n>" (RFC 3597).
enum class DnsType : uint16_t {
  A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, TXT = 16, AAAA = 28, SRV = 33, ANY = 255
};
enum class DnsClass : uint16_t { IN = 1, ANY = 255 };
enum class DnsOpcode : uint8_t { Query = 0, IQuery = 1, Status = 2, Notify = 4, Update = 5 };
// The response codes a stub resolver acts on (RFC 1035 4.1.1).
enum class DnsRcode : uint8_t { NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5 };

std::string dns_type_name(DnsType type);        // "A", "SRV", "TYPE99"
std::optional<DnsType> parse_dns_type(std::string_view text);  // case-insensitive; "TYPE99" too
std::string dns_class_name(DnsClass klass);     // "IN", "CLASS3"
std::string dns_rcode_name(DnsRcode rcode);     // "NOERROR", "NXDOMAIN", "RCODE9"

struct DnsHeader {
  uint16_t id = 0;
  bool qr = false;  // false: query, true: response
  DnsOpcode opcode = DnsOpcode::Query;
  bool aa = false;  // authoritative answer
  bool tc = false;  // truncated: the client should retry over TCP
  bool rd = false;  // recursion desired (stub resolvers always set it)
  bool ra = false;  // recursion available
  DnsRcode rcode = DnsRcode::NoError;
  friend bool operator==(const DnsHeader&, const DnsHeader&) = default;
};

struct DnsQuestion {
  std::string name;
  DnsType type = DnsType::A;
  DnsClass klass = DnsClass::IN;
  friend bool operator==(const DnsQuestion&, const DnsQuestion&) = default;
};

using Ipv6Bytes = std::array<uint8_t, 16>;

struct DnsA { Ipv4Address address; friend bool operator==(const DnsA&, const DnsA&) = default; };
struct DnsAaaa { Ipv6Bytes address{}; friend bool operator==(const DnsAaaa&, const DnsAaaa&) = default; };
struct DnsNs { std::string host; friend bool operator==(const DnsNs&, const DnsNs&) = default; };
struct DnsCname { std::string target; friend bool operator==(const DnsCname&, const DnsCname&) = default; };
struct DnsPtr { std::string target; friend bool operator==(const DnsPtr&, const DnsPtr&) = default; };
struct DnsSrv {
  uint16_t priority = 0;
  uint16_t weight = 0;
  uint16_t port = 0;
  std::string target;
  friend bool operator==(const DnsSrv&, const DnsSrv&) = default;
};
struct DnsTxt {
  std::vector<std::string> strings;  // each at most 255 bytes on the wire
  friend bool operator==(const DnsTxt&, const DnsTxt&) = default;
};
struct DnsSoa {
  std::string mname;  // primary server: CoreDNS says ns.dns.<zone>
  std::string rname;  // mailbox as a name: hostmaster.<zone>
  uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
  friend bool operator==(const DnsSoa&, const DnsSoa&) = default;
};
// The rdata of a type this lab does not interpret, kept byte for byte.
struct DnsOpaque { std::vector<uint8_t> bytes; friend bool operator==(const DnsOpaque&, const DnsOpaque&) = default; };

using DnsRdata = std::variant<DnsA, DnsAaaa, DnsNs, DnsCname, DnsPtr, DnsSrv, DnsTxt, DnsSoa, DnsOpaque>;

struct DnsRecord {
  std::string name;
  DnsType type = DnsType::A;  // must agree with data unless data is DnsOpaque
  DnsClass klass = DnsClass::IN;
  uint32_t ttl = 0;
  DnsRdata data;
  friend bool operator==(const DnsRecord&, const DnsRecord&) = default;

  // The line dig prints: "kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1".
  std::string to_string() const;
};

// The record's data as dig prints it after the type: "10.96.0.1", "0 100 443 kubernetes.default.svc.cluster.local.".
std::string dns_rdata_text(const DnsRecord& record);

// Records with type and data in agreement.
DnsRecord make_a_record(std::string name, uint32_t ttl, Ipv4Address address);
DnsRecord make_aaaa_record(std::string name, uint32_t ttl, const Ipv6Bytes& address);
DnsRecord make_ns_record(std::string name, uint32_t ttl, std::string host);
DnsRecord make_cname_record(std::string name, uint32_t ttl, std::string target);
DnsRecord make_ptr_record(std::string name, uint32_t ttl, std::string target);
DnsRecord make_srv_record(std::string name, uint32_t ttl, DnsSrv srv);
DnsRecord make_txt_record(std::string name, uint32_t ttl, std::vector<std::string> strings);
DnsRecord make_soa_record(std::string name, uint32_t ttl, DnsSoa soa);

struct DnsMessage {
  DnsHeader header;
  std::vector<DnsQuestion> questions;
  std::vector<DnsRecord> answers;
  std::vector<DnsRecord> authority;
  std::vector<DnsRecord> additional;
  friend bool operator==(const DnsMessage&, const DnsMessage&) = default;
};

// A query as a stub resolver sends it: one question, RD set.
DnsMessage make_dns_query(uint16_t id, std::string name, DnsType type);

// Wire bytes. Owner names and the names inside NS, CNAME, PTR and SOA are compressed against
// earlier names; the SRV target is not (RFC 2782 forbids it). Names or strings that cannot be
// encoded (a label over 63 bytes, a name over 255) are a Diagnostic ("dns.label-too-long", ...).
Result<std::vector<uint8_t>> encode_dns_message(const DnsMessage& message);
// Parses untrusted bytes. Codes: dns.truncated, dns.pointer-out-of-range, dns.compression-loop,
// dns.label-too-long, dns.name-too-long, dns.bad-label-type, dns.bad-rdata, dns.trailing-bytes.
Result<DnsMessage> decode_dns_message(const std::vector<uint8_t>& bytes);

// Case-insensitive (ASCII) name comparison and lower-casing, as DNS requires (RFC 4343).
bool dns_names_equal(std::string_view a, std::string_view b);
std::string dns_lowercase(std::string_view name);
// The name without one final dot: "www.example.com." -> "www.example.com".
std::string dns_strip_final_dot(std::string_view name);

// IPv6 text forms for AAAA records and ip6.arpa names ("2001:db8::1", with :: compression).
std::optional<Ipv6Bytes> parse_ipv6(std::string_view text);
std::string ipv6_to_string(const Ipv6Bytes& address);  // RFC 5952 form

}  // namespace podlab::net
