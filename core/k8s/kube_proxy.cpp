#include "core/k8s/kube_proxy.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/base/sha256.h"

namespace podlab::k8s {

namespace {

const std::string services_chain = "KUBE-SERVICES";
const std::string external_services_chain = "KUBE-EXTERNAL-SERVICES";
const std::string nodeports_chain = "KUBE-NODEPORTS";
const std::string postrouting_chain = "KUBE-POSTROUTING";
const std::string mark_masq_chain = "KUBE-MARK-MASQ";
const std::string forward_chain = "KUBE-FORWARD";
const std::string firewall_chain = "KUBE-FIREWALL";
const std::string proxy_firewall_chain = "KUBE-PROXY-FIREWALL";
// --iptables-masquerade-bit defaults to 14.
const std::string masquerade_mark = "0x4000";

// Rules grouped by chain, in the order they were written; chains in the order proxier_test's
// sortIPTablesRules prints them: the fixed chains first, then the per-service chains sorted.
struct Table {
  std::vector<std::string> fixed_chains;
  std::set<std::string> service_chains;
  std::map<std::string, std::vector<std::string>> rules;

  void add(const std::string& chain, const std::string& arguments) {
    std::string line;
    line.reserve(4 + chain.size() + arguments.size());
    line.append("-A ").append(chain).append(" ").append(arguments);
    rules[chain].push_back(std::move(line));
  }
  // Calls f(chain, its rules or null) in the order iptables-save lists them. The service chains
  // and `rules` are both sorted by name, so they are walked side by side (there can be hundreds of
  // thousands of chains).
  template <typename F>
  void for_each_chain(F&& f) const {
    for (const auto& chain : fixed_chains) {
      const auto found = rules.find(chain);
      f(chain, found == rules.end() ? nullptr : &found->second);
    }
    auto rule = rules.begin();
    for (const auto& chain : service_chains) {
      while (rule != rules.end() && rule->first < chain) ++rule;
      f(chain, rule != rules.end() && rule->first == chain ? &rule->second : nullptr);
    }
  }
  // A table's text is measured, then written once.
  std::string text(const std::string& name, const std::vector<std::string>& builtin_policies,
                   const std::vector<std::string>& builtin_rules) const {
    size_t size = name.size() + 2 + 7;
    for (const auto& chain : builtin_policies) size += chain.size() + 16;
    for (const auto& rule : builtin_rules) size += rule.size() + 1;
    for_each_chain([&](const std::string& chain, const std::vector<std::string>* chain_rules) {
      size += chain.size() + 10;
      if (chain_rules)
        for (const auto& rule : *chain_rules) size += rule.size() + 1;
    });
    std::string out;
    out.reserve(size);
    out.append("*").append(name).append("\n");
    for (const auto& chain : builtin_policies) out.append(":").append(chain).append(" ACCEPT [0:0]\n");
    for_each_chain([&](const std::string& chain, const std::vector<std::string>*) { out.append(":").append(chain).append(" - [0:0]\n"); });
    for (const auto& rule : builtin_rules) out.append(rule).append("\n");
    for_each_chain([&](const std::string&, const std::vector<std::string>* chain_rules) {
      if (chain_rules)
        for (const auto& rule : *chain_rules) out.append(rule).append("\n");
    });
    out.append("COMMIT\n");
    return out;
  }
};

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

struct Endpoint {
  std::string text;  // "ip:port", the sort key and the DNAT destination
  const ProxyEndpoint* source = nullptr;
  std::string chain;
};

// proxy.CategorizeEndpoints without topology hints: which endpoints Cluster and Local policy use.
struct Categorized {
  std::vector<Endpoint> cluster, local, reachable;
  bool has_any = false;
};

Categorized categorize(const std::vector<Endpoint>& endpoints, bool uses_cluster, bool uses_local,
                       const std::string& node_name) {
  Categorized result;
  auto select = [&](auto predicate) {
    std::vector<Endpoint> chosen;
    for (const auto& endpoint : endpoints)
      if (predicate(*endpoint.source)) chosen.push_back(endpoint);
    return chosen;
  };
  auto is_local = [&](const ProxyEndpoint& e) { return !e.node_name.empty() && e.node_name == node_name; };
  auto fallback = [](const ProxyEndpoint& e) { return e.serving && e.terminating; };
  if (uses_cluster) {
    result.cluster = select([](const ProxyEndpoint& e) { return e.ready; });
    // No ready endpoint anywhere: terminating ones that still serve keep connections alive.
    if (result.cluster.empty()) result.cluster = select(fallback);
    result.has_any = !result.cluster.empty();
  }
  if (!uses_local) {
    result.reachable = result.cluster;
    return result;
  }
  bool local_ready = false, local_fallback = false;
  for (const auto& endpoint : endpoints) {
    const ProxyEndpoint& e = *endpoint.source;
    if (e.ready || fallback(e)) result.has_any = true;
    if (e.ready && is_local(e)) local_ready = true;
    if (!e.ready && fallback(e) && is_local(e)) local_fallback = true;
  }
  if (local_ready)
    result.local = select([&](const ProxyEndpoint& e) { return e.ready && is_local(e); });
  else if (local_fallback)
    result.local = select([&](const ProxyEndpoint& e) { return fallback(e) && is_local(e); });
  std::map<std::string, Endpoint> all;
  for (const auto& e : result.cluster) all.emplace(e.text, e);
  for (const auto& e : result.local) all.emplace(e.text, e);
  for (auto& [text, e] : all) result.reachable.push_back(e);
  return result;
}

struct Writer {
  const ProxyInput& input;
  Table filter, nat;

  std::string if_local() const { return "-s " + input.cluster_cidr->canonical().to_string(); }
  std::string if_not_local() const { return "! -s " + input.cluster_cidr->canonical().to_string(); }

  void service_to_endpoint_rules(const std::string& name, const ProxyService& service,
                                 const std::string& chain, const std::vector<Endpoint>& endpoints) {
    if (service.session_affinity == SessionAffinity::ClientIP) {
      for (const auto& e : endpoints)
        nat.add(chain, "-m comment --comment " + quoted(name + " -> " + e.text) + " -m recent --name " + e.chain +
                           " --rcheck --seconds " + std::to_string(service.affinity_timeout_seconds) + " --reap -j " +
                           e.chain);
    }
    const int count = static_cast<int>(endpoints.size());
    for (int i = 0; i < count; ++i) {
      std::string rule = "-m comment --comment " + quoted(name + " -> " + endpoints[i].text);
      if (i < count - 1) rule += " -m statistic --mode random --probability " + endpoint_probability(count - i);
      nat.add(chain, rule + " -j " + endpoints[i].chain);
    }
  }

  void service_port(const ProxyService& service, const ProxyServicePort& port);
};

void Writer::service_port(const ProxyService& service, const ProxyServicePort& port) {
  const std::string name = service_port_name(service.namespace_name, service.name, port.name);
  const std::string protocol = iptables_protocol_name(port.protocol);
  const std::string match = "-m " + protocol + " -p " + protocol;
  const std::string cluster_ip = service.cluster_ip->to_string();
  const std::string service_port = std::to_string(port.port);

  std::vector<Endpoint> endpoints;
  std::set<std::string> seen;
  for (const auto& e : port.endpoints) {
    if (e.port == 0) continue;  // not a valid endpoint for this port
    std::string text = e.ip.to_string() + ":" + std::to_string(e.port);
    if (!seen.insert(text).second) continue;
    endpoints.push_back({text, &e, endpoint_chain_name(name, protocol, text)});
  }
  // byEndpoint: sorted by the "IP:port" string, so 10.0.0.10 comes before 10.0.0.9.
  std::sort(endpoints.begin(), endpoints.end(), [](const Endpoint& a, const Endpoint& b) { return a.text < b.text; });

  const bool externally_accessible =
      port.node_port != 0 || !service.load_balancer_ips.empty() || !service.external_ips.empty();
  const bool internal_local = service.internal_traffic_policy == TrafficPolicy::Local;
  const bool external_local = externally_accessible &&
                              (service.type == ServiceType::NodePort ||
                               service.type == ServiceType::LoadBalancer) &&
                              service.external_traffic_policy == TrafficPolicy::Local;
  const bool uses_cluster = !internal_local || (externally_accessible && !external_local);
  const bool uses_local = internal_local || external_local;
  const Categorized sets = categorize(endpoints, uses_cluster, uses_local, input.node_name);
  const bool has_endpoints = sets.has_any;

  const std::string cluster_chain = service_chain_name("KUBE-SVC-", name, protocol);
  const std::string local_chain = service_chain_name("KUBE-SVL-", name, protocol);
  const std::string external_chain = service_chain_name("KUBE-EXT-", name, protocol);
  const std::string fw_chain = service_chain_name("KUBE-FW-", name, protocol);
  const bool uses_cluster_chain = !sets.cluster.empty() && uses_cluster;
  const bool uses_local_chain = !sets.local.empty() && uses_local;

  const std::string& internal_chain = internal_local ? local_chain : cluster_chain;
  const bool has_internal = has_endpoints && !(internal_local && sets.local.empty());
  const std::string& external_policy_chain = external_local ? local_chain : cluster_chain;
  const bool has_external = has_endpoints && !(external_local && sets.local.empty());
  const bool uses_external_chain = has_endpoints && externally_accessible;
  const bool uses_fw_chain =
      has_endpoints && !service.load_balancer_ips.empty() && !service.load_balancer_source_ranges.empty();
  const std::string& load_balancer_chain = uses_fw_chain ? fw_chain : external_chain;

  // No endpoints at all: REJECT (the client sees "connection refused"). Endpoints elsewhere but
  // none for this policy: DROP (the client times out, as when a Local service has no local pod).
  const std::string internal_target = has_endpoints ? "DROP" : "REJECT";
  const std::string internal_comment = quoted(name + (has_endpoints ? " has no local endpoints" : " has no endpoints"));
  const std::string& external_target = internal_target;
  const std::string& external_comment = internal_comment;

  const std::string cluster_ip_match = match + " -d " + cluster_ip + " --dport " + service_port;
  if (has_internal)
    nat.add(services_chain, "-m comment --comment " + quoted(name + " cluster IP") + " " + cluster_ip_match + " -j " + internal_chain);
  else
    filter.add(services_chain, "-m comment --comment " + internal_comment + " " + cluster_ip_match + " -j " + internal_target);

  for (const auto& ip : service.external_ips) {
    const std::string destination = match + " -d " + ip.to_string() + " --dport " + service_port;
    if (has_endpoints)
      nat.add(services_chain, "-m comment --comment " + quoted(name + " external IP") + " " + destination + " -j " + external_chain);
    if (!has_external)
      filter.add(external_services_chain, "-m comment --comment " + external_comment + " " + destination + " -j " + external_target);
  }
  for (const auto& ip : service.load_balancer_ips) {
    const std::string destination = match + " -d " + ip.to_string() + " --dport " + service_port;
    if (has_endpoints)
      nat.add(services_chain, "-m comment --comment " + quoted(name + " loadbalancer IP") + " " + destination + " -j " + load_balancer_chain);
    if (uses_fw_chain)
      filter.add(proxy_firewall_chain, "-m comment --comment " + quoted(name + " traffic not accepted by " + fw_chain) + " " +
                                           destination + " -j DROP");
  }
  if (!has_external)
    for (const auto& ip : service.load_balancer_ips)
      filter.add(external_services_chain, "-m comment --comment " + external_comment + " " + match + " -d " + ip.to_string() +
                                              " --dport " + service_port + " -j " + external_target);

  if (port.node_port != 0) {
    const std::string node_port = std::to_string(port.node_port);
    if (has_endpoints) {
      // route_localnet lets 127.0.0.1:<nodePort> work; kube-proxy counts those packets.
      if (input.localhost_nodeports && input.nfacct)
        nat.add(nodeports_chain, "-m comment --comment " + name + " " + match + " -d 127.0.0.0/8 --dport " + node_port +
                                     " -m nfacct --nfacct-name localhost_nps_accepted_pkts -j " + external_chain);
      nat.add(nodeports_chain, "-m comment --comment " + name + " " + match + " --dport " + node_port + " -j " + external_chain);
    }
    if (!has_external)
      filter.add(external_services_chain, "-m comment --comment " + external_comment + " -m addrtype --dst-type LOCAL " + match +
                                              " --dport " + node_port + " -j " + external_target);
  }
  // Only LoadBalancer services with Local policy have one (apiservice.NeedsHealthCheck); a stale
  // value on any other service is ignored.
  if (service.health_check_node_port != 0 && external_local && service.type == ServiceType::LoadBalancer)
    filter.add(nodeports_chain, "-m comment --comment " + quoted(name + " health check node port") +
                                    " -m tcp -p tcp --dport " + std::to_string(service.health_check_node_port) + " -j ACCEPT");

  if (has_internal) {
    const std::string arguments = "-m comment --comment " + quoted(name + " cluster IP") + " " + cluster_ip_match;
    if (input.masquerade_all)
      nat.add(internal_chain, arguments + " -j " + mark_masq_chain);
    else if (input.cluster_cidr)  // off-cluster clients of a ClusterIP get SNAT: replies must come back here
      nat.add(internal_chain, arguments + " " + if_not_local() + " -j " + mark_masq_chain);
  }

  if (uses_external_chain) {
    nat.service_chains.insert(external_chain);
    if (!external_local) {
      nat.add(external_chain, "-m comment --comment " + quoted("masquerade traffic for " + name + " external destinations") +
                                  " -j " + mark_masq_chain);
    } else {
      // Pods reaching an external address of the service act as if they went out to the load
      // balancer and back: any endpoint, no SNAT. The host itself needs SNAT (its source would be
      // the VIP). Everything else keeps its client IP and goes to local endpoints only.
      if (input.cluster_cidr)
        nat.add(external_chain, "-m comment --comment " + quoted("pod traffic for " + name + " external destinations") + " " +
                                    if_local() + " -j " + cluster_chain);
      nat.add(external_chain, "-m comment --comment " + quoted("masquerade LOCAL traffic for " + name + " external destinations") +
                                  " -m addrtype --src-type LOCAL -j " + mark_masq_chain);
      nat.add(external_chain, "-m comment --comment " + quoted("route LOCAL traffic for " + name + " external destinations") +
                                  " -m addrtype --src-type LOCAL -j " + cluster_chain);
    }
    if (has_external) nat.add(external_chain, "-j " + external_policy_chain);
  }

  if (uses_fw_chain) {
    nat.service_chains.insert(fw_chain);
    const std::string arguments = "-m comment --comment " + quoted(name + " loadbalancer IP");
    bool allow_from_node = false;
    for (const auto& range : service.load_balancer_source_ranges) {
      nat.add(fw_chain, arguments + " -s " + range.canonical().to_string() + " -j " + external_chain);
      if (!input.node_ips.empty() && range.contains(input.node_ips.front())) allow_from_node = true;
    }
    // A node reaching its own VIP-style load balancer loops back with the VIP as source.
    if (allow_from_node)
      for (const auto& ip : service.load_balancer_ips)
        nat.add(fw_chain, arguments + " -s " + ip.to_string() + " -j " + external_chain);
    // No target: the packet falls through un-DNATed and KUBE-PROXY-FIREWALL drops it in filter.
    nat.add(fw_chain, "-m comment --comment " + quoted("other traffic to " + name + " will be dropped by KUBE-PROXY-FIREWALL"));
  }

  if (uses_cluster_chain) {
    nat.service_chains.insert(cluster_chain);
    service_to_endpoint_rules(name, service, cluster_chain, sets.cluster);
  }
  if (uses_local_chain) {
    nat.service_chains.insert(local_chain);
    service_to_endpoint_rules(name, service, local_chain, sets.local);
  }
  for (const auto& e : sets.reachable) {
    nat.service_chains.insert(e.chain);
    const std::string comment = "-m comment --comment " + name;
    // Hairpin: a pod that reaches itself through the service must be SNATed, or it would answer
    // itself directly and the client would drop the reply from an unexpected source.
    nat.add(e.chain, comment + " -s " + e.source->ip.to_string() + " -j " + mark_masq_chain);
    std::string rule = comment;
    if (service.session_affinity == SessionAffinity::ClientIP) rule += " -m recent --name " + e.chain + " --set";
    nat.add(e.chain, rule + " " + match + " -j DNAT --to-destination " + e.text);
  }
}

}  // namespace

std::string service_port_name(const std::string& namespace_name, const std::string& name, const std::string& port_name) {
  std::string text = namespace_name + "/" + name;
  if (!port_name.empty()) text += ":" + port_name;
  return text;
}

std::string iptables_protocol_name(Protocol protocol) {
  switch (protocol) {
    case Protocol::TCP: return "tcp";
    case Protocol::UDP: return "udp";
    case Protocol::SCTP: return "sctp";
  }
  return "tcp";
}

std::string service_chain_name(const std::string& prefix, const std::string& service_port_name, const std::string& protocol) {
  const Sha256Digest digest = sha256(service_port_name + protocol);
  return prefix + base32_encode(digest.data(), digest.size()).substr(0, 16);
}

std::string endpoint_chain_name(const std::string& service_port_name, const std::string& protocol, const std::string& endpoint) {
  const Sha256Digest digest = sha256(service_port_name + protocol + endpoint);
  return "KUBE-SEP-" + base32_encode(digest.data(), digest.size()).substr(0, 16);
}

std::string endpoint_probability(int remaining) {
  char text[32];
  std::snprintf(text, sizeof text, "%0.10f", 1.0 / remaining);
  return text;
}

ProxyRules generate_proxy_rules(const ProxyInput& input) {
  Writer writer{input, {}, {}};
  writer.filter.fixed_chains = {nodeports_chain, services_chain, external_services_chain,
                                firewall_chain, forward_chain, proxy_firewall_chain};
  writer.nat.fixed_chains = {nodeports_chain, services_chain};
  writer.nat.service_chains = {mark_masq_chain, postrouting_chain};

  // Services in servicePortName order, for output that does not depend on map iteration.
  std::vector<std::pair<std::string, std::pair<const ProxyService*, const ProxyServicePort*>>> ports;
  for (const auto& service : input.services) {
    // Headless and ExternalName services have no virtual IP: DNS answers for them, not kube-proxy.
    if (service.type == ServiceType::ExternalName || !service.cluster_ip) continue;
    for (const auto& port : service.ports)
      ports.push_back({service_port_name(service.namespace_name, service.name, port.name), {&service, &port}});
  }
  std::stable_sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, pair] : ports) writer.service_port(*pair.first, *pair.second);

  // Must stay last in KUBE-SERVICES: any local address, any port not claimed above.
  writer.nat.add(services_chain, "-m comment --comment " +
                                     quoted("kubernetes service nodeports; NOTE: this must be the last rule in this chain") +
                                     " -m addrtype --dst-type LOCAL" + (input.localhost_nodeports ? "" : " ! -d 127.0.0.0/8") +
                                     " -j " + nodeports_chain);

  // With route_localnet=1 a packet from outside addressed to 127.0.0.1 would be routed; drop it.
  writer.filter.add(firewall_chain, "-m comment --comment " + quoted("block incoming localnet connections") +
                                        " -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
  if (!input.conntrack_tcp_be_liberal)
    writer.filter.add(forward_chain, std::string("-m conntrack --ctstate INVALID") +
                                         (input.nfacct ? " -m nfacct --nfacct-name ct_state_invalid_dropped_pkts" : "") + " -j DROP");
  writer.filter.add(forward_chain, "-m comment --comment " + quoted("kubernetes forwarding rules") + " -m mark --mark " +
                                       masquerade_mark + "/" + masquerade_mark + " -j ACCEPT");
  writer.filter.add(forward_chain, "-m comment --comment " + quoted("kubernetes forwarding conntrack rule") +
                                       " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");

  writer.nat.add(mark_masq_chain, "-j MARK --or-mark " + masquerade_mark);
  // Only marked packets are masqueraded; the mark is cleared so a re-routed packet is not SNATed twice.
  writer.nat.add(postrouting_chain, "-m mark ! --mark " + masquerade_mark + "/" + masquerade_mark + " -j RETURN");
  writer.nat.add(postrouting_chain, "-j MARK --xor-mark " + masquerade_mark);
  writer.nat.add(postrouting_chain, "-m comment --comment " + quoted("kubernetes service traffic requiring SNAT") +
                                        " -j MASQUERADE" + (input.masquerade_random_fully ? " --random-fully" : ""));

  ProxyRules rules;
  rules.restore_input = writer.filter.text("filter", {}, {}) + writer.nat.text("nat", {}, {});

  const std::string new_state = "-m conntrack --ctstate NEW ";
  auto jump = [](const std::string& from, const std::string& extra, const std::string& comment, const std::string& to) {
    return "-A " + from + " " + extra + (comment.empty() ? "" : "-m comment --comment " + quoted(comment) + " ") + "-j " + to;
  };
  rules.filter = writer.filter.text(
      "filter", {"INPUT", "FORWARD", "OUTPUT"},
      {jump("INPUT", new_state, "kubernetes load balancer firewall", proxy_firewall_chain),
       jump("INPUT", "", "kubernetes health check service ports", nodeports_chain),
       jump("INPUT", new_state, "kubernetes externally-visible service portals", external_services_chain),
       jump("INPUT", "", "", firewall_chain),
       jump("FORWARD", new_state, "kubernetes load balancer firewall", proxy_firewall_chain),
       jump("FORWARD", "", "kubernetes forwarding rules", forward_chain),
       jump("FORWARD", new_state, "kubernetes service portals", services_chain),
       jump("FORWARD", new_state, "kubernetes externally-visible service portals", external_services_chain),
       jump("OUTPUT", new_state, "kubernetes load balancer firewall", proxy_firewall_chain),
       jump("OUTPUT", new_state, "kubernetes service portals", services_chain),
       jump("OUTPUT", "", "", firewall_chain)});
  rules.nat = writer.nat.text("nat", {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"},
                              {jump("PREROUTING", "", "kubernetes service portals", services_chain),
                               jump("OUTPUT", "", "kubernetes service portals", services_chain),
                               jump("POSTROUTING", "", "kubernetes postrouting rules", postrouting_chain)});
  return rules;
}

}  // namespace podlab::k8s
