// CoreDNS as a cluster runs it: the answer to one query from the `kubernetes` plugin (records of
// the Kubernetes DNS-based service discovery spec 1.1.0, plus CoreDNS's pod-record extension), and
// what happens to names outside its zones (stub domains, then `forward`), with the `cache`
// plugin's TTL cap. Also the Corefile: kubeadm's default text and a parser for it and simple edits.
//
// Pure: the caller builds a ClusterDnsView from the API objects (what CoreDNS's informers see);
// nothing here reads the World. Outside names are answered from a small table the lab supplies.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/k8s/objects.h"
#include "core/net/dns_message.h"

namespace podlab::k8s {

// [SECTION] What CoreDNS sees of the cluster

struct DnsEndpoint {
  std::string ip;        // IPv4 or IPv6 text
  std::string hostname;  // the endpoint's hostname (pod spec.hostname); empty: the dashed IP is used
  bool ready = true;     // unready endpoints only count with publishNotReadyAddresses
};

struct DnsService {
  std::string namespace_name;
  std::string name;
  ServiceType type = ServiceType::ClusterIP;
  // spec.clusterIPs: "None" for a headless Service, as the API writes it; empty for ExternalName.
  std::vector<std::string> cluster_ips;
  std::vector<ServicePort> ports;  // name, protocol and port; unnamed ports get no _port._proto SRV name
  std::string external_name;             // ExternalName only
  std::vector<DnsEndpoint> endpoints;    // ready and not; SRV ports of headless ones are the service's
  bool publish_not_ready_addresses = false;

  bool headless() const {
    return type == ServiceType::ClusterIP && cluster_ips.size() == 1 && cluster_ips[0] == "None";
  }
};

struct DnsPod {
  std::string namespace_name;
  std::string ip;
};

struct ClusterDnsView {
  std::vector<std::string> namespaces;
  std::vector<DnsService> services;
  std::vector<DnsPod> pods;             // needed by `pods verified` only
  // The answering CoreDNS pod's own addresses: an NS query at the apex names the Services whose
  // endpoints include them (ns.go nsAddrs). Set per query by the server that answers.
  std::vector<std::string> local_ips;
  uint32_t soa_serial = 1700000000;     // CoreDNS uses the time of the last API change
  bool synced = true;                   // false before the informers' first list: SERVFAIL
};

// [SECTION] The Corefile, reduced to what changes answers

enum class PodsMode { Disabled, Insecure, Verified };
const char* pods_mode_name(PodsMode mode);

struct CorefileConfig {
  // The `kubernetes` plugin of the `.:53` block.
  std::vector<std::string> kubernetes_zones = {"cluster.local", "in-addr.arpa", "ip6.arpa"};
  PodsMode pods = PodsMode::Disabled;  // the plugin default; kubeadm writes `pods insecure`
  uint32_t ttl = 5;                    // the plugin default; kubeadm writes `ttl 30`
  std::vector<std::string> fallthrough_zones;  // names here that the plugin cannot answer go on
  bool ignore_empty_service = false;  // `ignore empty_service`: a ClusterIP Service with no ready endpoint is NXDOMAIN
  bool no_endpoints = false;          // `noendpoints`: no endpoint or headless records (NXDOMAIN)
  // `forward . <targets>`: where other names go ("/etc/resolv.conf": the node's nameservers).
  std::vector<std::string> forward_to = {"/etc/resolv.conf"};
  // Other server blocks `<zone>:53 { forward . <server> }`: stub domains, zone -> servers.
  std::map<std::string, std::vector<std::string>> stub_domains;
  std::map<std::string, uint32_t> stub_cache_caps;  // a stub block's own `cache N`: zone -> TTL cap
  bool cache = false;
  uint32_t cache_ttl_cap = 3600;  // `cache 30` caps answers' TTLs at 30 s
  std::vector<std::string> cache_disable_success;  // zones whose positive answers are not cached
  std::vector<std::string> cache_disable_denial;   // zones whose negative answers are not cached
  bool loadbalance = false;  // `loadbalance`: address records of an answer in shuffled order
  std::vector<std::string> plugins;  // the `.:53` block's directives in order, for display
};

// kubeadm's Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go) for the cluster domain.
std::string kubeadm_corefile(std::string_view cluster_domain = "cluster.local");
// Reads Corefile text. Syntax errors and bad values are diagnostics with line and column
// (codes corefile.syntax, corefile.bad-value); directives the lab does not model are accepted.
Result<CorefileConfig> parse_corefile(std::string_view text);

// [SECTION] Answering

// One outside server the lab simulates: the names it knows. Unknown names are NXDOMAIN there;
// an unreachable server makes `forward` answer SERVFAIL.
struct SimulatedUpstream {
  std::string server;  // as written in the Corefile: "/etc/resolv.conf", "10.0.0.53"
  bool reachable = true;
  std::vector<net::DnsRecord> records;
};

enum class DnsHandler { Kubernetes, StubDomain, Forward, None };
const char* dns_handler_name(DnsHandler handler);

struct CoreDnsAnswer {
  net::DnsMessage response;
  DnsHandler handled_by = DnsHandler::None;
  std::string upstream;  // the server asked, for StubDomain and Forward
  bool cached = false;   // whether the cache plugin would keep this answer
};

// CoreDNS's reply to `query` (its first question). FORMERR for no question, NOTIMP for opcodes
// other than QUERY; SERVFAIL before the view is synced.
CoreDnsAnswer answer_dns_query(const ClusterDnsView& view, const CorefileConfig& config,
                               const std::vector<SimulatedUpstream>& upstreams, const net::DnsMessage& query);
// The same for one name and type, with id 0 and RD set.
CoreDnsAnswer answer_dns_query(const ClusterDnsView& view, const CorefileConfig& config,
                               const std::vector<SimulatedUpstream>& upstreams, const std::string& name,
                               net::DnsType type);

// Names the spec defines, for other code and for tests.
std::string dashed_ip(std::string_view ip);                      // 10-244-1-5, 5678-abcd--1
std::string reverse_pointer_name(std::string_view ip);          // 5.1.244.10.in-addr.arpa, nibbles.ip6.arpa

}  // namespace podlab::k8s
