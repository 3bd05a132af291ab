// CoreDNS's answer to one query. Which server block and plugin handles a name, then the kubernetes
// plugin's record lookup (plugin/kubernetes parse.go, kubernetes.go, plugin/backend_lookup.go) or
// the simulated upstream for stub domains and `forward`, then the cache plugin's TTL cap.
#include "core/k8s/coredns.h"

#include <algorithm>

#include "core/k8s/coredns_records.h"

namespace podlab::k8s {

using net::DnsMessage;
using net::DnsRcode;
using net::DnsRecord;
using net::DnsType;

namespace {

// ExternalName targets and upstream CNAMEs are followed this many times at most.
constexpr int max_cname_depth = 8;

bool in_any(const std::string& name, const std::vector<std::string>& zones) {
  for (const auto& zone : zones)
    if (name_in_zone(name, zone)) return true;
  return false;
}

// The longest zone of `zones` that holds `name`, or "" when none does.
std::string best_zone(const std::string& name, const std::vector<std::string>& zones) {
  std::string best;
  bool found = false;
  for (const auto& zone : zones) {
    const std::string lowered = zone == "." ? "." : net::dns_lowercase(net::dns_strip_final_dot(zone));
    if (!name_in_zone(name, lowered)) continue;
    const size_t length = lowered == "." ? 0 : lowered.size();
    if (!found || length > (best == "." ? 0 : best.size())) best = lowered, found = true;
  }
  return found ? best : "";
}

// One simulated outside server. Unknown names are NXDOMAIN; CNAMEs it holds are followed.
LookupResult ask_upstream(const SimulatedUpstream& upstream, const std::string& name, DnsType type, int depth) {
  LookupResult result;
  bool exists = false;
  for (const auto& record : upstream.records) {
    if (!net::dns_names_equal(net::dns_strip_final_dot(record.name), name)) continue;
    exists = true;
    if (record.type == type || type == DnsType::ANY) {
      result.answers.push_back(record);
      result.answers.back().name = name;
    } else if (record.type == DnsType::CNAME && depth < max_cname_depth) {
      result.answers.push_back(record);
      result.answers.back().name = name;
      const auto& target = std::get<net::DnsCname>(record.data).target;
      auto chased = ask_upstream(upstream, net::dns_strip_final_dot(target), type, depth + 1);
      result.answers.insert(result.answers.end(), chased.answers.begin(), chased.answers.end());
    }
  }
  result.rcode = exists ? DnsRcode::NoError : DnsRcode::NxDomain;
  return result;
}

struct Handling {
  LookupResult result;
  DnsHandler handler = DnsHandler::None;
  std::string upstream;
  std::string zone;  // the zone whose cache rules apply
};

class Server {
 public:
  Server(const ClusterDnsView& view, const CorefileConfig& config, const std::vector<SimulatedUpstream>& upstreams)
      : view_(view), config_(config), upstreams_(upstreams) {}

  Handling handle(const std::string& name, DnsType type, int depth) const {
    // CoreDNS picks the server block with the longest zone; stub domains are blocks of their own.
    std::vector<std::string> stub_zones;
    for (const auto& [zone, servers] : config_.stub_domains) stub_zones.push_back(zone);
    const std::string stub = best_zone(name, stub_zones);
    const std::string cluster = best_zone(name, config_.kubernetes_zones);
    if (!stub.empty() && (cluster.empty() || stub.size() >= cluster.size())) {
      const auto& servers = config_.stub_domains.at(stub);
      return forward(name, type, servers, DnsHandler::StubDomain, stub, depth);
    }
    if (!cluster.empty()) {
      Handling handling{lookup_kubernetes(view_, config_, cluster, name, type), DnsHandler::Kubernetes, "", cluster};
      // `fallthrough`: a name the plugin has no record for goes on to the next plugin, forward.
      const bool passes = handling.result.rcode == DnsRcode::NxDomain && in_any(name, config_.fallthrough_zones);
      if (!passes) {
        chase_external_name(handling.result, type, depth);
        return handling;
      }
    }
    return forward(name, type, config_.forward_to, DnsHandler::Forward, ".", depth);
  }

 private:
  // An ExternalName CNAME is answered with the target's records too (CoreDNS asks its upstream).
  void chase_external_name(LookupResult& result, DnsType type, int depth) const {
    if (type != DnsType::A && type != DnsType::AAAA) return;
    if (result.answers.size() != 1 || result.answers[0].type != DnsType::CNAME || depth >= max_cname_depth) return;
    const auto target = net::dns_strip_final_dot(std::get<net::DnsCname>(result.answers[0].data).target);
    const std::string lowered = net::dns_lowercase(target);
    const Handling chased = handle(lowered, type, depth + 1);
    // CoreDNS looks the target up through its own plugin chain, so the cache plugin caps those TTLs.
    const bool capped = config_.cache && chased.handler == DnsHandler::Forward && !in_any(lowered, config_.cache_disable_success);
    for (auto record : chased.result.answers) {
      if (capped) record.ttl = std::min(record.ttl, config_.cache_ttl_cap);
      result.answers.push_back(std::move(record));
    }
  }

  Handling forward(const std::string& name, DnsType type, const std::vector<std::string>& servers, DnsHandler handler,
                   const std::string& zone, int depth) const {
    Handling handling;
    handling.handler = handler;
    handling.zone = zone;
    handling.result.authoritative = false;
    handling.result.rcode = DnsRcode::ServFail;  // "no healthy upstream"
    if (servers.empty()) {
      handling.handler = DnsHandler::None;  // no server block or plugin takes the name: REFUSED
      handling.result.rcode = DnsRcode::Refused;
      return handling;
    }
    // `policy random` picks any; the lab always asks the first so runs are repeatable.
    handling.upstream = servers.front();
    for (const auto& upstream : upstreams_) {
      if (upstream.server != handling.upstream) continue;
      if (upstream.reachable) {
        handling.result = ask_upstream(upstream, name, type, depth);
        handling.result.authoritative = false;
      }
      break;
    }
    return handling;
  }

  const ClusterDnsView& view_;
  const CorefileConfig& config_;
  const std::vector<SimulatedUpstream>& upstreams_;
};

// The `.:53` block's cache plugin keeps answers unless its `disable` lists exclude the zone, and
// rewrites TTLs to at most its cap (on the first answer as well as on later hits). A stub domain
// is a server block of its own, cached only by a `cache` of its own.
bool apply_cache(const CorefileConfig& config, const Handling& handling, DnsMessage& response) {
  if (handling.handler == DnsHandler::None || handling.result.rcode == DnsRcode::ServFail ||
      handling.result.rcode == DnsRcode::Refused)
    return false;
  if (handling.handler == DnsHandler::StubDomain) {
    const auto cap = config.stub_cache_caps.find(handling.zone);
    if (cap == config.stub_cache_caps.end()) return false;
    for (auto* section : {&response.answers, &response.authority, &response.additional})
      for (auto& record : *section) record.ttl = std::min(record.ttl, cap->second);
    return true;
  }
  if (!config.cache) return false;
  const bool denial = handling.result.rcode == DnsRcode::NxDomain || handling.result.answers.empty();
  const auto& disabled = denial ? config.cache_disable_denial : config.cache_disable_success;
  const std::string& name = response.questions[0].name;
  if (in_any(net::dns_lowercase(net::dns_strip_final_dot(name)), disabled)) return false;
  for (auto* section : {&response.answers, &response.authority, &response.additional})
    for (auto& record : *section) record.ttl = std::min(record.ttl, config.cache_ttl_cap);
  return true;
}

// The loadbalance plugin (round_robin): CNAMEs first, then other records, then the A/AAAA records
// in shuffled order (MX too, a type the lab does not serve). CoreDNS draws with dns.Id(); here the draws come from
// the query's own random id, so the same query gets the same order and a new one may not.
void round_robin(std::vector<net::DnsRecord>& records, uint16_t query_id) {
  std::vector<net::DnsRecord> cname, address, rest;
  for (auto& record : records) {
    if (record.type == DnsType::CNAME) cname.push_back(std::move(record));
    else if (record.type == DnsType::A || record.type == DnsType::AAAA) address.push_back(std::move(record));
    else rest.push_back(std::move(record));
  }
  uint32_t state = query_id * 2654435761u + 1;
  if (state == 0) state = 1;
  auto draw = [&] {  // xorshift32: a fresh 16-bit id per draw, as dns.Id() would give
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return static_cast<int>(state & 0xffff);
  };
  auto shuffle = [&](std::vector<net::DnsRecord>& list) {  // roundRobinShuffle, as written
    const size_t n = list.size();
    if (n == 2) {
      if (draw() % 2 == 0) std::swap(list[0], list[1]);
    } else if (n > 2) {
      for (size_t j = 0; j < n; ++j) std::swap(list[j], list[j + static_cast<size_t>(draw()) % (n - j)]);
    }
  };
  shuffle(address);
  records = std::move(cname);
  for (auto* part : {&rest, &address}) records.insert(records.end(), part->begin(), part->end());
}

}  // namespace

const char* dns_handler_name(DnsHandler handler) {
  switch (handler) {
    case DnsHandler::Kubernetes: return "kubernetes";
    case DnsHandler::StubDomain: return "stub domain";
    case DnsHandler::Forward: return "forward";
    case DnsHandler::None: return "none";
  }
  return "?";
}

CoreDnsAnswer answer_dns_query(const ClusterDnsView& view, const CorefileConfig& config,
                               const std::vector<SimulatedUpstream>& upstreams, const DnsMessage& query) {
  CoreDnsAnswer answer;
  DnsMessage& response = answer.response;
  response.header.id = query.header.id;
  response.header.qr = true;
  response.header.opcode = query.header.opcode;
  response.header.rd = query.header.rd;
  response.questions = query.questions;
  if (query.header.opcode != net::DnsOpcode::Query) {
    response.header.rcode = DnsRcode::NotImp;
    return answer;
  }
  if (query.questions.empty()) {
    response.header.rcode = DnsRcode::FormErr;
    return answer;
  }
  if (!view.synced) {  // the kubernetes plugin before its informers have listed everything
    response.header.rcode = DnsRcode::ServFail;
    return answer;
  }
  const auto& question = query.questions[0];
  const std::string name = net::dns_lowercase(net::dns_strip_final_dot(question.name));
  const Handling handling = Server(view, config, upstreams).handle(name, question.type, 0);
  answer.handled_by = handling.handler;
  answer.upstream = handling.upstream;
  response.header.rcode = handling.result.rcode;
  response.header.aa = handling.result.authoritative && handling.handler == DnsHandler::Kubernetes;
  // A forwarded answer carries the upstream's RA; the kubernetes plugin does not recurse, hence
  // dig's "recursion requested but not available" for cluster names.
  response.header.ra = handling.handler == DnsHandler::Forward || handling.handler == DnsHandler::StubDomain;
  response.answers = handling.result.answers;
  response.authority = handling.result.authority;
  response.additional = handling.result.additional;
  // Owner names echo the question's spelling, as CoreDNS writes state.QName().
  const std::string asked = net::dns_strip_final_dot(question.name);
  for (auto& record : response.answers)
    if (net::dns_names_equal(record.name, asked)) record.name = asked;
  answer.cached = apply_cache(config, handling, response);
  if (config.loadbalance && response.header.rcode == DnsRcode::NoError) {
    round_robin(response.answers, query.header.id);
    round_robin(response.authority, query.header.id);
    round_robin(response.additional, query.header.id);
  }
  return answer;
}

CoreDnsAnswer answer_dns_query(const ClusterDnsView& view, const CorefileConfig& config,
                               const std::vector<SimulatedUpstream>& upstreams, const std::string& name,
                               DnsType type) {
  return answer_dns_query(view, config, upstreams, net::make_dns_query(0, name, type));
}

}  // namespace podlab::k8s
