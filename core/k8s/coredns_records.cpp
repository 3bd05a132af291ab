// The kubernetes plugin's records (Kubernetes DNS spec 1.1.0 plus CoreDNS's pod records). The
// name is read right to left as CoreDNS's parse.go does: <zone>, then "svc" or "pod", namespace,
// service, and an endpoint label or the `_port._proto` pair.
#include "core/k8s/coredns_records.h"

#include <algorithm>
#include <optional>

namespace podlab::k8s {

using net::DnsRcode;
using net::DnsRecord;
using net::DnsType;

namespace {

constexpr uint32_t schema_version_ttl = 28800;  // CoreDNS's DNSSchemaVersion record
constexpr const char* schema_version = "1.1.0";

struct IpAddress {
  bool v6 = false;
  Ipv4Address v4;
  net::Ipv6Bytes v6_bytes{};
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (auto v4 = Ipv4Address::parse(text)) return IpAddress{false, *v4, {}};
  if (auto v6 = net::parse_ipv6(text)) return IpAddress{true, {}, *v6};
  return std::nullopt;
}

bool family_matches(DnsType type, const IpAddress& ip) {
  return (type == DnsType::A && !ip.v6) || (type == DnsType::AAAA && ip.v6);
}

DnsRecord address_record(const std::string& name, uint32_t ttl, const IpAddress& ip) {
  return ip.v6 ? net::make_aaaa_record(name, ttl, ip.v6_bytes) : net::make_a_record(name, ttl, ip.v4);
}

std::string join(const std::string& label, const std::string& zone) { return zone == "." ? label : label + "." + zone; }

std::vector<std::string> split(const std::string& name) {
  std::vector<std::string> labels;
  size_t start = 0;
  while (start <= name.size()) {
    const size_t dot = std::min(name.find('.', start), name.size());
    labels.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return labels;
}

bool is_reverse_zone(const std::string& zone) { return name_in_zone(zone, "arpa"); }

// in-addr.arpa and ip6.arpa names of one whole address; anything shorter or malformed is nullopt.
std::optional<IpAddress> parse_reverse_name(const std::string& name) {
  if (name_in_zone(name, "in-addr.arpa")) {
    const auto labels = split(name.substr(0, name.size() - std::string(".in-addr.arpa").size()));
    if (labels.size() != 4) return std::nullopt;
    return parse_ip(labels[3] + "." + labels[2] + "." + labels[1] + "." + labels[0]);
  }
  if (name_in_zone(name, "ip6.arpa")) {
    const auto labels = split(name.substr(0, name.size() - std::string(".ip6.arpa").size()));
    if (labels.size() != 32) return std::nullopt;
    std::string text;
    for (size_t i = 0; i < 32; ++i) {
      if (labels[31 - i].size() != 1 || !std::isxdigit(static_cast<unsigned char>(labels[31 - i][0])))
        return std::nullopt;
      text += labels[31 - i];
      if (i % 4 == 3 && i != 31) text += ':';
    }
    return parse_ip(text);
  }
  return std::nullopt;
}

class Lookup {
 public:
  Lookup(const ClusterDnsView& view, const CorefileConfig& config, const std::string& zone, const std::string& name,
         DnsType type)
      : view_(view), config_(config), zone_(zone), name_(name), type_(type) {}

  LookupResult run() {
    if (is_reverse_zone(zone_) && name_ != zone_) return reverse();
    std::vector<std::string> labels;
    if (name_ != zone_) labels = split(zone_ == "." ? name_ : name_.substr(0, name_.size() - zone_.size() - 1));
    const size_t n = labels.size();
    if (n == 0) return apex();
    if (n == 1 && labels[0] == "dns-version")
      return type_ == DnsType::TXT ? answer({net::make_txt_record(name_, schema_version_ttl, {schema_version})})
                                   : nodata();
    if (n == 2 && labels[0] == "ns" && labels[1] == "dns") return server_addresses();
    const std::string& kind = labels.back();
    if (kind != "svc" && kind != "pod") return nxdomain();
    if (n == 1) return nodata();  // svc.<zone> and pod.<zone> exist as empty non-terminals
    if (n == 2) return namespace_exists(labels[0]) ? nodata() : nxdomain();
    if (kind == "pod") return n == 3 ? pod(labels[0], labels[1]) : nxdomain();
    if (n == 3) return service(labels[0], labels[1]);
    if (n == 4) return endpoint(labels[0], labels[1], labels[2]);
    if (n == 5 && labels[0].size() > 1 && labels[0][0] == '_' && labels[1].size() > 1 && labels[1][0] == '_')
      return service_port(labels[0].substr(1), labels[1].substr(1), labels[2], labels[3]);
    return nxdomain();
  }

 private:
  // [SECTION] Negative answers: the SOA CoreDNS puts in the authority section.
  DnsRecord soa() const {
    return net::make_soa_record(zone_, config_.ttl,
                                net::DnsSoa{join("ns.dns", zone_), join("hostmaster", zone_), view_.soa_serial, 7200,
                                            1800, 86400, config_.ttl});
  }
  LookupResult nxdomain() const { return LookupResult{DnsRcode::NxDomain, true, {}, {soa()}, {}}; }
  LookupResult nodata() const { return LookupResult{DnsRcode::NoError, true, {}, {soa()}, {}}; }
  LookupResult answer(std::vector<DnsRecord> records, std::vector<DnsRecord> additional = {}) const {
    if (records.empty()) return nodata();
    return LookupResult{DnsRcode::NoError, true, std::move(records), {}, std::move(additional)};
  }

  // [SECTION] The zone's name servers (ns.go nsAddrs): the Services whose ready endpoints include
  // the answering CoreDNS pod, as <svc>.<ns>.svc.<zone> with the cluster IP (a headless one: each
  // endpoint by its own name); when none does, ns.dns.<zone> with the pod's own address.
  std::vector<std::pair<std::string, IpAddress>> name_servers() const {
    std::vector<std::pair<std::string, IpAddress>> out;
    for (const auto& local : view_.local_ips)
      for (const auto& s : view_.services) {
        const auto ready = ready_endpoints(s);
        if (std::none_of(ready.begin(), ready.end(), [&](const DnsEndpoint* e) { return e->ip == local; })) continue;
        const std::string name = join(s.name + "." + s.namespace_name + ".svc", zone_);
        if (s.headless()) {
          for (const auto* endpoint : ready)
            if (auto ip = parse_ip(endpoint->ip)) out.emplace_back(join(endpoint_label(*endpoint), name), *ip);
        } else if (!s.cluster_ips.empty()) {
          if (auto ip = parse_ip(s.cluster_ips.front())) out.emplace_back(name, *ip);
        }
      }
    if (out.empty())
      for (const auto& local : view_.local_ips)
        if (auto ip = parse_ip(local)) out.emplace_back(join("ns.dns", zone_), *ip);
    return out;
  }
  LookupResult apex() const {
    if (type_ == DnsType::SOA) return answer({soa()});
    if (type_ != DnsType::NS) return nodata();
    // One NS per name, and every address in the additional section (backend_lookup.go NS).
    std::vector<DnsRecord> records, additional;
    for (const auto& [name, ip] : name_servers()) {
      additional.push_back(address_record(name, config_.ttl, ip));
      DnsRecord record = net::make_ns_record(zone_, config_.ttl, name);
      if (std::find(records.begin(), records.end(), record) == records.end()) records.push_back(std::move(record));
    }
    return answer(std::move(records), std::move(additional));
  }
  // ns.dns.<zone> itself: the same addresses, under the name asked.
  LookupResult server_addresses() const {
    std::vector<DnsRecord> records;
    for (const auto& [name, ip] : name_servers())
      if (family_matches(type_, ip)) records.push_back(address_record(name_, config_.ttl, ip));
    return answer(std::move(records));
  }

  // [SECTION] Services and endpoints
  bool namespace_exists(const std::string& ns) const {
    for (const auto& name : view_.namespaces)
      if (net::dns_names_equal(name, ns)) return true;
    return false;
  }
  // With `ignore empty_service`, a ClusterIP Service without a ready endpoint is not found.
  const DnsService* find_service(const std::string& name, const std::string& ns) const {
    for (const auto& service : view_.services)
      if (net::dns_names_equal(service.name, name) && net::dns_names_equal(service.namespace_name, ns)) {
        if (config_.ignore_empty_service && service.type != ServiceType::ExternalName && !service.headless() &&
            ready_endpoints(service).empty())
          return nullptr;
        return &service;
      }
    return nullptr;
  }
  std::string service_name(const DnsService& s) const { return join(s.name + "." + s.namespace_name + ".svc", cluster_zone()); }
  static std::string endpoint_label(const DnsEndpoint& endpoint) {
    return endpoint.hostname.empty() ? dashed_ip(endpoint.ip) : endpoint.hostname;
  }
  static std::vector<const DnsEndpoint*> ready_endpoints(const DnsService& s) {
    std::vector<const DnsEndpoint*> out;
    for (const auto& endpoint : s.endpoints)
      if (endpoint.ready || s.publish_not_ready_addresses) out.push_back(&endpoint);
    return out;
  }
  // The A/AAAA set of a service name: its ClusterIPs, or for headless one per ready endpoint.
  std::vector<DnsRecord> service_addresses(const DnsService& s) const {
    std::vector<DnsRecord> records;
    auto add = [&](const std::string& text) {
      if (auto ip = parse_ip(text); ip && family_matches(type_, *ip)) records.push_back(address_record(name_, config_.ttl, *ip));
    };
    if (s.headless())
      for (const auto* endpoint : ready_endpoints(s)) add(endpoint->ip);
    else
      for (const auto& ip : s.cluster_ips) add(ip);
    return records;
  }

  LookupResult service(const std::string& name, const std::string& ns) const {
    const DnsService* s = find_service(name, ns);
    if (!s) return nxdomain();
    if (s->type == ServiceType::ExternalName) {
      if (type_ != DnsType::A && type_ != DnsType::AAAA && type_ != DnsType::CNAME) return nodata();
      return answer({net::make_cname_record(name_, config_.ttl, net::dns_strip_final_dot(s->external_name))});
    }
    // A headless service with no ready endpoint has no name at all (the spec says NXDOMAIN).
    if (s->headless() && ready_endpoints(*s).empty()) return nxdomain();
    if (type_ == DnsType::SRV) return srv(*s, "", "");
    return answer(service_addresses(*s));
  }

  LookupResult service_port(const std::string& port, const std::string& protocol, const std::string& name,
                            const std::string& ns) const {
    const DnsService* s = find_service(name, ns);
    if (!s || s->type == ServiceType::ExternalName) return nxdomain();
    const bool has_port = std::any_of(s->ports.begin(), s->ports.end(), [&](const ServicePort& p) {
      return net::dns_names_equal(p.name, port) && net::dns_names_equal(protocol_name(p.protocol), protocol);
    });
    if (!has_port || (s->headless() && ready_endpoints(*s).empty())) return nxdomain();
    if (type_ == DnsType::SRV) return srv(*s, port, protocol);
    return answer(service_addresses(*s));
  }

  // One SRV per (target x matching port); priority 0, weight 100 / count (at least 1), computed
  // before duplicates are dropped, and the targets' addresses as glue (backend_lookup.go).
  LookupResult srv(const DnsService& s, const std::string& port, const std::string& protocol) const {
    struct Target {
      std::string name;
      std::vector<std::string> ips;
    };
    std::vector<Target> targets;
    if (s.headless())
      for (const auto* endpoint : ready_endpoints(s))
        targets.push_back({join(endpoint_label(*endpoint), service_name(s)), {endpoint->ip}});
    else
      targets.push_back({service_name(s), s.cluster_ips});
    std::vector<std::pair<const Target*, uint16_t>> entries;  // port numbers are 1-65535 in the API
    for (const auto& target : targets)
      for (const auto& p : s.ports) {
        if (!port.empty() && !(net::dns_names_equal(p.name, port) && net::dns_names_equal(protocol_name(p.protocol), protocol))) continue;
        entries.push_back({&target, static_cast<uint16_t>(p.port)});
      }
    if (entries.empty()) return nodata();
    const uint16_t weight = static_cast<uint16_t>(std::max<size_t>(1, 100 / entries.size()));
    std::vector<DnsRecord> records, additional;
    for (const auto& [target, number] : entries) {
      DnsRecord record = net::make_srv_record(name_, config_.ttl, net::DnsSrv{0, weight, number, target->name});
      if (std::find(records.begin(), records.end(), record) == records.end()) records.push_back(std::move(record));
      // Two endpoints may share a hostname: one SRV for the name, but each one's address as glue.
      for (const auto& text : target->ips) {
        const auto ip = parse_ip(text);
        if (!ip) continue;
        DnsRecord glue_record = address_record(target->name, config_.ttl, *ip);
        if (std::find(additional.begin(), additional.end(), glue_record) == additional.end())
          additional.push_back(std::move(glue_record));
      }
    }
    return answer(std::move(records), std::move(additional));
  }

  LookupResult endpoint(const std::string& label, const std::string& name, const std::string& ns) const {
    const DnsService* s = find_service(name, ns);
    if (!s) return nxdomain();
    bool exists = false;
    std::vector<DnsRecord> records;
    for (const auto* endpoint : ready_endpoints(*s)) {
      if (!net::dns_names_equal(endpoint_label(*endpoint), label)) continue;
      exists = true;
      if (auto ip = parse_ip(endpoint->ip); ip && family_matches(type_, *ip))
        records.push_back(address_record(name_, config_.ttl, *ip));
    }
    return exists ? answer(std::move(records)) : nxdomain();
  }

  // [SECTION] Pods: <dashed-ip>.<ns>.pod.<zone>, a CoreDNS extension (`pods` option).
  LookupResult pod(const std::string& dashed, const std::string& ns) const {
    if (config_.pods == PodsMode::Disabled) return nxdomain();
    std::string dotted = dashed, coloned = dashed;
    std::replace(dotted.begin(), dotted.end(), '-', '.');
    std::replace(coloned.begin(), coloned.end(), '-', ':');
    std::optional<IpAddress> ip;
    if (auto v4 = Ipv4Address::parse(dotted)) ip = IpAddress{false, *v4, {}};
    else if (auto v6 = net::parse_ipv6(coloned)) ip = IpAddress{true, {}, *v6};
    if (!ip) return nxdomain();
    if (config_.pods == PodsMode::Verified) {
      const bool found = std::any_of(view_.pods.begin(), view_.pods.end(), [&](const DnsPod& p) {
        return net::dns_names_equal(p.namespace_name, ns) && parse_ip(p.ip) == ip;
      });
      if (!found) return nxdomain();
    }
    if (!family_matches(type_, *ip)) return nodata();
    return answer({address_record(name_, config_.ttl, *ip)});
  }

  // [SECTION] Reverse zones: PTR for service IPs, then for endpoint IPs of every service.
  std::string cluster_zone() const {
    for (const auto& zone : config_.kubernetes_zones)
      if (!is_reverse_zone(net::dns_lowercase(zone))) return net::dns_strip_final_dot(zone);
    return "cluster.local";
  }
  LookupResult reverse() const {
    const auto ip = parse_reverse_name(name_);
    if (!ip) return nxdomain();
    std::vector<DnsRecord> records;
    for (const auto& s : view_.services)
      for (const auto& text : s.cluster_ips)
        if (parse_ip(text) == ip) records.push_back(net::make_ptr_record(name_, config_.ttl, service_name(s)));
    for (const auto& s : view_.services)
      for (const auto* endpoint : ready_endpoints(s))
        if (parse_ip(endpoint->ip) == ip)
          records.push_back(net::make_ptr_record(name_, config_.ttl, join(endpoint_label(*endpoint), service_name(s))));
    if (records.empty()) return nxdomain();
    return type_ == DnsType::PTR ? answer(std::move(records)) : nodata();
  }

  const ClusterDnsView& view_;
  const CorefileConfig& config_;
  std::string zone_;
  std::string name_;
  DnsType type_;
};

}  // namespace

bool name_in_zone(const std::string& name, const std::string& zone) {
  if (zone == "." || name == zone) return true;
  return name.size() > zone.size() && name.compare(name.size() - zone.size(), zone.size(), zone) == 0 &&
         name[name.size() - zone.size() - 1] == '.';
}

LookupResult lookup_kubernetes(const ClusterDnsView& view, const CorefileConfig& config, const std::string& zone,
                               const std::string& name, DnsType type) {
  if (config.no_endpoints) {
    // `noendpoints`: the plugin does not watch endpoints, so it knows none.
    ClusterDnsView without = view;
    for (DnsService& service : without.services) service.endpoints.clear();
    return Lookup(without, config, zone, name, type).run();
  }
  return Lookup(view, config, zone, name, type).run();
}

std::string dashed_ip(std::string_view ip) {
  std::string out(ip);
  std::replace(out.begin(), out.end(), '.', '-');
  std::replace(out.begin(), out.end(), ':', '-');
  return out;
}

std::string reverse_pointer_name(std::string_view ip) {
  if (auto v4 = Ipv4Address::parse(ip))
    return std::to_string(v4->octet(3)) + "." + std::to_string(v4->octet(2)) + "." + std::to_string(v4->octet(1)) +
           "." + std::to_string(v4->octet(0)) + ".in-addr.arpa";
  const auto v6 = net::parse_ipv6(ip);
  if (!v6) return "";
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 16; i-- > 0;) {
    out += hex[(*v6)[i] & 0xf];
    out += '.';
    out += hex[(*v6)[i] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

}  // namespace podlab::k8s
