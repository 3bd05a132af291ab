// The text side of DNS: type, class and rcode names, record lines as dig prints them, names
// compared without case, and IPv6 addresses for AAAA records.
#include <cstdio>

#include "core/net/dns_message.h"

namespace podlab::net {

namespace {

struct TypeName {
  DnsType type;
  const char* name;
};
constexpr TypeName type_names[] = {{DnsType::A, "A"},     {DnsType::NS, "NS"},   {DnsType::CNAME, "CNAME"},
                                   {DnsType::SOA, "SOA"}, {DnsType::PTR, "PTR"}, {DnsType::TXT, "TXT"},
                                   {DnsType::AAAA, "AAAA"}, {DnsType::SRV, "SRV"}, {DnsType::ANY, "ANY"}};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string absolute(const std::string& name) { return name + "."; }

// TXT strings as dig shows them: quoted, with '"' and '\' escaped.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string dns_type_name(DnsType type) {
  for (const auto& entry : type_names)
    if (entry.type == type) return entry.name;
  return "TYPE" + std::to_string(static_cast<unsigned>(type));
}

std::optional<DnsType> parse_dns_type(std::string_view text) {
  const std::string wanted = dns_lowercase(text);
  for (const auto& entry : type_names)
    if (wanted == dns_lowercase(entry.name)) return entry.type;
  if (wanted.size() > 4 && wanted.size() <= 9 && wanted.compare(0, 4, "type") == 0) {
    unsigned value = 0;
    for (size_t i = 4; i < wanted.size(); ++i) {
      if (wanted[i] < '0' || wanted[i] > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(wanted[i] - '0');
    }
    if (value <= 0xffff) return static_cast<DnsType>(value);
  }
  return std::nullopt;
}

std::string dns_class_name(DnsClass klass) {
  if (klass == DnsClass::IN) return "IN";
  if (klass == DnsClass::ANY) return "ANY";
  return "CLASS" + std::to_string(static_cast<unsigned>(klass));
}

std::string dns_rcode_name(DnsRcode rcode) {
  switch (rcode) {
    case DnsRcode::NoError: return "NOERROR";
    case DnsRcode::FormErr: return "FORMERR";
    case DnsRcode::ServFail: return "SERVFAIL";
    case DnsRcode::NxDomain: return "NXDOMAIN";
    case DnsRcode::NotImp: return "NOTIMP";
    case DnsRcode::Refused: return "REFUSED";
  }
  return "RCODE" + std::to_string(static_cast<unsigned>(rcode));
}

std::string DnsRecord::to_string() const {
  return absolute(name) + " " + std::to_string(ttl) + " " + dns_class_name(klass) + " " + dns_type_name(type) + " " +
         dns_rdata_text(*this);
}

std::string dns_rdata_text(const DnsRecord& record) {
  struct Printer {
    std::string operator()(const DnsA& a) const { return a.address.to_string(); }
    std::string operator()(const DnsAaaa& a) const { return ipv6_to_string(a.address); }
    std::string operator()(const DnsNs& ns) const { return absolute(ns.host); }
    std::string operator()(const DnsCname& c) const { return absolute(c.target); }
    std::string operator()(const DnsPtr& p) const { return absolute(p.target); }
    std::string operator()(const DnsSrv& s) const {
      return std::to_string(s.priority) + " " + std::to_string(s.weight) + " " + std::to_string(s.port) + " " +
             absolute(s.target);
    }
    std::string operator()(const DnsTxt& t) const {
      std::string out;
      for (const auto& text : t.strings) {
        if (!out.empty()) out += ' ';
        out += quoted(text);
      }
      return out;
    }
    std::string operator()(const DnsSoa& s) const {
      return absolute(s.mname) + " " + absolute(s.rname) + " " + std::to_string(s.serial) + " " +
             std::to_string(s.refresh) + " " + std::to_string(s.retry) + " " + std::to_string(s.expire) + " " +
             std::to_string(s.minimum);
    }
    std::string operator()(const DnsOpaque& o) const {  // RFC 3597 generic form
      std::string out = "\\# " + std::to_string(o.bytes.size());
      char hex[3];
      if (!o.bytes.empty()) out += " ";
      for (uint8_t byte : o.bytes) {
        std::snprintf(hex, sizeof hex, "%02x", byte);
        out += hex;
      }
      return out;
    }
  };
  return std::visit(Printer{}, record.data);
}

DnsRecord make_a_record(std::string name, uint32_t ttl, Ipv4Address address) {
  return DnsRecord{std::move(name), DnsType::A, DnsClass::IN, ttl, DnsA{address}};
}
DnsRecord make_aaaa_record(std::string name, uint32_t ttl, const Ipv6Bytes& address) {
  return DnsRecord{std::move(name), DnsType::AAAA, DnsClass::IN, ttl, DnsAaaa{address}};
}
DnsRecord make_ns_record(std::string name, uint32_t ttl, std::string host) {
  return DnsRecord{std::move(name), DnsType::NS, DnsClass::IN, ttl, DnsNs{std::move(host)}};
}
DnsRecord make_cname_record(std::string name, uint32_t ttl, std::string target) {
  return DnsRecord{std::move(name), DnsType::CNAME, DnsClass::IN, ttl, DnsCname{std::move(target)}};
}
DnsRecord make_ptr_record(std::string name, uint32_t ttl, std::string target) {
  return DnsRecord{std::move(name), DnsType::PTR, DnsClass::IN, ttl, DnsPtr{std::move(target)}};
}
DnsRecord make_srv_record(std::string name, uint32_t ttl, DnsSrv srv) {
  return DnsRecord{std::move(name), DnsType::SRV, DnsClass::IN, ttl, std::move(srv)};
}
DnsRecord make_txt_record(std::string name, uint32_t ttl, std::vector<std::string> strings) {
  return DnsRecord{std::move(name), DnsType::TXT, DnsClass::IN, ttl, DnsTxt{std::move(strings)}};
}
DnsRecord make_soa_record(std::string name, uint32_t ttl, DnsSoa soa) {
  return DnsRecord{std::move(name), DnsType::SOA, DnsClass::IN, ttl, std::move(soa)};
}

DnsMessage make_dns_query(uint16_t id, std::string name, DnsType type) {
  DnsMessage query;
  query.header.id = id;
  query.header.rd = true;
  query.questions.push_back(DnsQuestion{std::move(name), type, DnsClass::IN});
  return query;
}

bool dns_names_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string dns_lowercase(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = lower(c);
  return out;
}

std::string dns_strip_final_dot(std::string_view name) {
  if (!name.empty() && name.back() == '.' && !(name.size() >= 2 && name[name.size() - 2] == '\\'))
    name.remove_suffix(1);
  return std::string(name);
}

std::optional<Ipv6Bytes> parse_ipv6(std::string_view text) {
  // Split into the groups before and after "::"; each group is 1-4 hex digits.
  std::vector<uint16_t> head, tail;
  bool seen_gap = false;
  size_t i = 0;
  if (text.substr(0, 2) == "::") {
    seen_gap = true;
    i = 2;
  }
  while (i < text.size()) {
    size_t digits = 0;
    uint32_t group = 0;
    while (i < text.size() && digits < 5) {
      const char c = lower(text[i]);
      int value = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
      if (value < 0) break;
      group = group * 16 + static_cast<uint32_t>(value);
      ++digits;
      ++i;
    }
    if (digits == 0 || digits > 4) return std::nullopt;
    (seen_gap ? tail : head).push_back(static_cast<uint16_t>(group));
    if (i == text.size()) break;
    if (text[i] != ':') return std::nullopt;
    ++i;
    if (i < text.size() && text[i] == ':') {
      if (seen_gap) return std::nullopt;
      seen_gap = true;
      ++i;
    } else if (i == text.size()) {
      return std::nullopt;  // a single trailing colon
    }
  }
  const size_t groups = head.size() + tail.size();
  if (groups > 8 || (!seen_gap && groups != 8) || (seen_gap && groups == 8)) return std::nullopt;
  Ipv6Bytes bytes{};
  auto put = [&](size_t index, uint16_t group) {
    bytes[2 * index] = static_cast<uint8_t>(group >> 8);
    bytes[2 * index + 1] = static_cast<uint8_t>(group);
  };
  for (size_t g = 0; g < head.size(); ++g) put(g, head[g]);
  for (size_t g = 0; g < tail.size(); ++g) put(8 - tail.size() + g, tail[g]);
  return bytes;
}

std::string ipv6_to_string(const Ipv6Bytes& address) {
  uint16_t groups[8];
  for (int g = 0; g < 8; ++g) groups[g] = static_cast<uint16_t>((address[2 * g] << 8) | address[2 * g + 1]);
  // RFC 5952: "::" replaces the longest run of two or more zero groups, the first one on a tie.
  int best_start = -1, best_length = 1;
  for (int g = 0; g < 8;) {
    if (groups[g] != 0) {
      ++g;
      continue;
    }
    int end = g;
    while (end < 8 && groups[end] == 0) ++end;
    if (end - g > best_length) best_start = g, best_length = end - g;
    g = end;
  }
  std::string out;
  char hex[8];
  for (int g = 0; g < 8; ++g) {
    if (g == best_start) {
      out += "::";
      g += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(hex, sizeof hex, "%x", groups[g]);
    out += hex;
  }
  return out;
}

}  // namespace podlab::net
