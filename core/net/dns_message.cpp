// RFC 1035 wire format: encode with name compression, decode untrusted bytes defensively.
#include "core/net/dns_message.h"

#include <cctype>
#include <map>

#include "core/net/wire.h"

namespace podlab::net {

namespace {

constexpr size_t header_size = 12;
constexpr size_t max_label = 63;
constexpr size_t max_name_wire = 255;  // including the length bytes and the root byte
// Compression pointers are 14-bit offsets, so names written after 16 KiB cannot be targets.
constexpr size_t max_pointer_target = 0x3fff;

Diagnostic error(std::string code, std::string message) {
  return Diagnostic{std::move(code), std::move(message), {}};
}

// Presentation form -> raw labels, undoing "\." "\\" "\DDD".
Result<std::vector<std::string>> split_name(const std::string& name) {
  std::vector<std::string> labels;
  const std::string text = dns_strip_final_dot(name);
  if (text.empty()) return labels;
  std::string label;
  size_t wire = 1;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      if (label.empty()) return error("dns.empty-label", "the name \"" + name + "\" has an empty label (two dots)");
      if (label.size() > max_label)
        return error("dns.label-too-long", "the label \"" + label + "\" is longer than 63 bytes");
      wire += label.size() + 1;
      labels.push_back(std::move(label));
      label.clear();
      continue;
    }
    char c = text[i];
    if (c == '\\' && i + 3 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 2])) && std::isdigit(static_cast<unsigned char>(text[i + 3]))) {
      c = static_cast<char>((text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0'));
      i += 3;
    } else if (c == '\\' && i + 1 < text.size()) {
      c = text[++i];
    }
    label += c;
  }
  if (wire > max_name_wire)
    return error("dns.name-too-long", "the name \"" + name + "\" is longer than 255 bytes on the wire");
  return labels;
}

class Encoder {
 public:
  std::vector<uint8_t> out;

  void put16(uint16_t value) {
    out.resize(out.size() + 2);
    wire::put16(&out[out.size() - 2], value);
  }
  void put32(uint32_t value) {
    out.resize(out.size() + 4);
    wire::put32(&out[out.size() - 4], value);
  }

  // Writes a name, ending in a pointer to the longest suffix written before when `compress`.
  std::optional<Diagnostic> put_name(const std::string& name, bool compress) {
    auto labels = split_name(name);
    if (!labels) return labels.error();
    for (size_t i = 0; i < labels->size(); ++i) {
      const std::string key = suffix_key(*labels, i);
      if (compress) {
        if (auto found = suffixes_.find(key); found != suffixes_.end()) {
          put16(static_cast<uint16_t>(0xc000 | found->second));
          return std::nullopt;
        }
      }
      if (out.size() <= max_pointer_target) suffixes_.emplace(key, out.size());
      out.push_back(static_cast<uint8_t>((*labels)[i].size()));
      out.insert(out.end(), (*labels)[i].begin(), (*labels)[i].end());
    }
    out.push_back(0);
    return std::nullopt;
  }

 private:
  // Suffix identity is case-insensitive, as name compression may be (RFC 1035 2.3.3).
  static std::string suffix_key(const std::vector<std::string>& labels, size_t from) {
    std::string key;
    for (size_t i = from; i < labels.size(); ++i) key += static_cast<char>(labels[i].size()) + dns_lowercase(labels[i]);
    return key;
  }
  std::map<std::string, size_t> suffixes_;
};

std::optional<Diagnostic> put_rdata(Encoder& encoder, const DnsRdata& data) {
  struct Writer {
    Encoder& e;
    std::optional<Diagnostic> operator()(const DnsA& a) { e.put32(a.address.value); return std::nullopt; }
    std::optional<Diagnostic> operator()(const DnsAaaa& a) {
      e.out.insert(e.out.end(), a.address.begin(), a.address.end());
      return std::nullopt;
    }
    std::optional<Diagnostic> operator()(const DnsNs& ns) { return e.put_name(ns.host, true); }
    std::optional<Diagnostic> operator()(const DnsCname& c) { return e.put_name(c.target, true); }
    std::optional<Diagnostic> operator()(const DnsPtr& p) { return e.put_name(p.target, true); }
    std::optional<Diagnostic> operator()(const DnsSrv& s) {
      e.put16(s.priority);
      e.put16(s.weight);
      e.put16(s.port);
      return e.put_name(s.target, false);  // RFC 2782: no compression in the SRV target
    }
    std::optional<Diagnostic> operator()(const DnsTxt& t) {
      for (const auto& text : t.strings) {
        if (text.size() > 255) return error("dns.txt-too-long", "a TXT string is longer than 255 bytes");
        e.out.push_back(static_cast<uint8_t>(text.size()));
        e.out.insert(e.out.end(), text.begin(), text.end());
      }
      return std::nullopt;
    }
    std::optional<Diagnostic> operator()(const DnsSoa& s) {
      if (auto bad = e.put_name(s.mname, true)) return bad;
      if (auto bad = e.put_name(s.rname, true)) return bad;
      for (uint32_t value : {s.serial, s.refresh, s.retry, s.expire, s.minimum}) e.put32(value);
      return std::nullopt;
    }
    std::optional<Diagnostic> operator()(const DnsOpaque& o) {
      e.out.insert(e.out.end(), o.bytes.begin(), o.bytes.end());
      return std::nullopt;
    }
  };
  return std::visit(Writer{encoder}, data);
}

// Label bytes in presentation form (see the header's note on escapes).
void append_escaped(std::string& out, const uint8_t* label, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    const uint8_t c = label[i];
    if (c == '.' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c > 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += '\\';
      out += static_cast<char>('0' + c / 100);
      out += static_cast<char>('0' + c / 10 % 10);
      out += static_cast<char>('0' + c % 10);
    }
  }
}

class Decoder {
 public:
  explicit Decoder(const std::vector<uint8_t>& bytes) : b_(bytes) {}
  size_t pos = 0;

  std::optional<Diagnostic> need(size_t count, const char* what) const {
    if (pos + count <= b_.size()) return std::nullopt;
    return error("dns.truncated", std::string("the message ends inside ") + what + " at byte " + std::to_string(pos) +
                                      " (" + std::to_string(b_.size()) + " bytes in all)");
  }
  uint8_t get8() { return b_[pos++]; }
  uint16_t get16() { pos += 2; return wire::get16(&b_[pos - 2]); }
  uint32_t get32() { pos += 4; return wire::get32(&b_[pos - 4]); }

  // A possibly compressed name. Every pointer must lead strictly backwards from where the current
  // run of labels began, so following pointers always terminates.
  std::optional<Diagnostic> get_name(std::string& name) {
    name.clear();
    size_t at = pos, run_start = pos, wire_length = 1;
    bool jumped = false;
    while (true) {
      if (at >= b_.size())
        return error("dns.truncated", "the message ends inside a name at byte " + std::to_string(at));
      const uint8_t length = b_[at];
      if ((length & 0xc0) == 0xc0) {
        if (at + 1 >= b_.size())
          return error("dns.truncated", "the message ends inside a compression pointer at byte " + std::to_string(at));
        const size_t target = ((length & 0x3fu) << 8) | b_[at + 1];
        if (!jumped) pos = at + 2;
        jumped = true;
        if (target >= b_.size())
          return error("dns.pointer-out-of-range", "the compression pointer at byte " + std::to_string(at) +
                                                       " points to byte " + std::to_string(target) +
                                                       ", past the end of the message");
        if (target >= run_start)
          return error("dns.compression-loop", "the compression pointer at byte " + std::to_string(at) +
                                                   " points to byte " + std::to_string(target) +
                                                   ", not to an earlier name: it could loop");
        at = run_start = target;
        continue;
      }
      if (length & 0xc0)
        return error("dns.bad-label-type", "unknown label type 0x" + std::to_string(length >> 6) + " at byte " +
                                               std::to_string(at));
      if (length == 0) {
        if (!jumped) pos = at + 1;
        return std::nullopt;
      }
      if (at + 1 + length > b_.size())
        return error("dns.truncated", "the message ends inside a label at byte " + std::to_string(at));
      wire_length += length + 1u;
      if (wire_length > max_name_wire)
        return error("dns.name-too-long", "a name longer than 255 bytes ends after byte " + std::to_string(at));
      if (!name.empty()) name += '.';
      append_escaped(name, &b_[at + 1], length);
      at += 1 + length;
    }
  }

  std::optional<Diagnostic> get_record(DnsRecord& record) {
    if (auto bad = get_name(record.name)) return bad;
    if (auto bad = need(10, "a record header")) return bad;
    record.type = static_cast<DnsType>(get16());
    record.klass = static_cast<DnsClass>(get16());
    record.ttl = get32();
    const size_t length = get16();
    if (auto bad = need(length, "record data")) return bad;
    const size_t end = pos + length;
    auto bad_rdata = [&](const char* why) {
      return error("dns.bad-rdata", "the " + dns_type_name(record.type) + " record for \"" + record.name +
                                        "\" has malformed data: " + why);
    };
    auto name_inside = [&](std::string& name) -> std::optional<Diagnostic> {
      if (auto bad = get_name(name)) return bad;
      if (pos > end) return bad_rdata("a name runs past the record data");
      return std::nullopt;
    };
    switch (record.type) {
      case DnsType::A:
        if (length != 4) return bad_rdata("A data must be 4 bytes");
        record.data = DnsA{Ipv4Address{get32()}};
        break;
      case DnsType::AAAA: {
        if (length != 16) return bad_rdata("AAAA data must be 16 bytes");
        DnsAaaa aaaa;
        for (auto& byte : aaaa.address) byte = get8();
        record.data = aaaa;
        break;
      }
      case DnsType::NS: case DnsType::CNAME: case DnsType::PTR: {
        std::string target;
        if (auto bad = name_inside(target)) return bad;
        if (record.type == DnsType::NS) record.data = DnsNs{target};
        else if (record.type == DnsType::CNAME) record.data = DnsCname{target};
        else record.data = DnsPtr{target};
        break;
      }
      case DnsType::SRV: {
        if (length < 7) return bad_rdata("SRV data is shorter than 7 bytes");
        DnsSrv srv;
        srv.priority = get16();
        srv.weight = get16();
        srv.port = get16();
        if (auto bad = name_inside(srv.target)) return bad;
        record.data = srv;
        break;
      }
      case DnsType::TXT: {
        DnsTxt txt;
        while (pos < end) {
          const size_t size = get8();
          if (pos + size > end) return bad_rdata("a TXT string runs past the record data");
          txt.strings.emplace_back(reinterpret_cast<const char*>(&b_[pos]), size);
          pos += size;
        }
        record.data = txt;
        break;
      }
      case DnsType::SOA: {
        DnsSoa soa;
        if (auto bad = name_inside(soa.mname)) return bad;
        if (auto bad = name_inside(soa.rname)) return bad;
        if (pos + 20 > end) return bad_rdata("SOA timers are missing");
        soa.serial = get32(), soa.refresh = get32(), soa.retry = get32(), soa.expire = get32(), soa.minimum = get32();
        record.data = soa;
        break;
      }
      default:
        record.data = DnsOpaque{{b_.begin() + static_cast<std::ptrdiff_t>(pos), b_.begin() + static_cast<std::ptrdiff_t>(end)}};
        pos = end;
    }
    if (pos != end) return bad_rdata("bytes left over after the data");
    return std::nullopt;
  }

 private:
  const std::vector<uint8_t>& b_;
};

}  // namespace

Result<std::vector<uint8_t>> encode_dns_message(const DnsMessage& message) {
  Encoder encoder;
  const DnsHeader& h = message.header;
  encoder.put16(h.id);
  encoder.put16(static_cast<uint16_t>((h.qr ? 0x8000 : 0) | ((static_cast<unsigned>(h.opcode) & 0xf) << 11) |
                                      (h.aa ? 0x0400 : 0) | (h.tc ? 0x0200 : 0) | (h.rd ? 0x0100 : 0) |
                                      (h.ra ? 0x0080 : 0) | (static_cast<unsigned>(h.rcode) & 0xf)));
  for (size_t count : {message.questions.size(), message.answers.size(), message.authority.size(),
                       message.additional.size()}) {
    if (count > 0xffff) return error("dns.too-many-records", "a section holds more than 65535 entries");
    encoder.put16(static_cast<uint16_t>(count));
  }
  for (const auto& question : message.questions) {
    if (auto bad = encoder.put_name(question.name, true)) return *bad;
    encoder.put16(static_cast<uint16_t>(question.type));
    encoder.put16(static_cast<uint16_t>(question.klass));
  }
  for (const auto* section : {&message.answers, &message.authority, &message.additional}) {
    for (const auto& record : *section) {
      if (auto bad = encoder.put_name(record.name, true)) return *bad;
      encoder.put16(static_cast<uint16_t>(record.type));
      encoder.put16(static_cast<uint16_t>(record.klass));
      encoder.put32(record.ttl);
      const size_t length_at = encoder.out.size();
      encoder.put16(0);
      if (auto bad = put_rdata(encoder, record.data)) return *bad;
      const size_t length = encoder.out.size() - length_at - 2;
      if (length > 0xffff) return error("dns.rdata-too-long", "record data longer than 65535 bytes");
      wire::put16(&encoder.out[length_at], static_cast<uint16_t>(length));
    }
  }
  return std::move(encoder.out);
}

Result<DnsMessage> decode_dns_message(const std::vector<uint8_t>& bytes) {
  if (bytes.size() < header_size)
    return error("dns.truncated", "a DNS message needs a 12-byte header; got " + std::to_string(bytes.size()) + " bytes");
  Decoder d(bytes);
  DnsMessage message;
  DnsHeader& h = message.header;
  h.id = d.get16();
  const uint16_t flags = d.get16();
  h.qr = flags & 0x8000;
  h.opcode = static_cast<DnsOpcode>((flags >> 11) & 0xf);
  h.aa = flags & 0x0400;
  h.tc = flags & 0x0200;
  h.rd = flags & 0x0100;
  h.ra = flags & 0x0080;
  h.rcode = static_cast<DnsRcode>(flags & 0xf);
  const uint16_t questions = d.get16(), answers = d.get16(), authority = d.get16(), additional = d.get16();
  for (uint16_t i = 0; i < questions; ++i) {
    DnsQuestion question;
    if (auto bad = d.get_name(question.name)) return *bad;
    if (auto bad = d.need(4, "a question")) return *bad;
    question.type = static_cast<DnsType>(d.get16());
    question.klass = static_cast<DnsClass>(d.get16());
    message.questions.push_back(std::move(question));
  }
  const std::pair<uint16_t, std::vector<DnsRecord>*> sections[] = {
      {answers, &message.answers}, {authority, &message.authority}, {additional, &message.additional}};
  for (const auto& [count, section] : sections) {
    for (uint16_t i = 0; i < count; ++i) {
      DnsRecord record;
      if (auto bad = d.get_record(record)) return *bad;
      section->push_back(std::move(record));
    }
  }
  if (d.pos != bytes.size())
    return error("dns.trailing-bytes", std::to_string(bytes.size() - d.pos) + " bytes follow the last record");
  return message;
}

}  // namespace podlab::net
