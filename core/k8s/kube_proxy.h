// kube-proxy in iptables mode, as a pure function: from the Services and endpoints one node's
// kube-proxy sees, the filter and nat rules it installs, in the text and with the chain names of
// pkg/proxy/iptables/proxier.go (checked against its TestOverallIPTablesRules). No World here: the
// caller copies what it needs into a ProxyInput, and evaluates the text with core/net/netfilter.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/ip.h"
#include "core/k8s/objects.h"

namespace podlab::k8s {

enum class SessionAffinity { None, ClientIP };

// One endpoint of one service port, from the EndpointSlices: the port is the targetPort already
// resolved for this endpoint (a named targetPort can differ between pods).
struct ProxyEndpoint {
  Ipv4Address ip;
  uint16_t port = 0;
  bool ready = true;
  bool serving = true;      // serving+terminating endpoints are a fallback when none is ready
  bool terminating = false;
  std::string node_name;    // empty: unknown, so never "local"
  friend bool operator==(const ProxyEndpoint&, const ProxyEndpoint&) = default;
};

struct ProxyServicePort {
  std::string name;         // empty for a single unnamed port: then no ":<name>" in names
  Protocol protocol = Protocol::TCP;
  uint16_t port = 0;
  uint16_t node_port = 0;   // 0: none
  std::vector<ProxyEndpoint> endpoints;
  friend bool operator==(const ProxyServicePort&, const ProxyServicePort&) = default;
};

struct ProxyService {
  std::string namespace_name;
  std::string name;
  ServiceType type = ServiceType::ClusterIP;
  std::optional<Ipv4Address> cluster_ip;  // nullopt: headless (clusterIP: None) gets no rules
  std::vector<Ipv4Address> external_ips;
  std::vector<Ipv4Address> load_balancer_ips;  // status.loadBalancer.ingress[].ip
  std::vector<Ipv4Cidr> load_balancer_source_ranges;
  SessionAffinity session_affinity = SessionAffinity::None;
  uint32_t affinity_timeout_seconds = 10800;
  TrafficPolicy external_traffic_policy = TrafficPolicy::Cluster;
  TrafficPolicy internal_traffic_policy = TrafficPolicy::Cluster;
  uint16_t health_check_node_port = 0;
  std::vector<ProxyServicePort> ports;
  friend bool operator==(const ProxyService&, const ProxyService&) = default;
};

struct ProxyInput {
  std::string node_name;                    // endpoints with this nodeName are local
  std::vector<Ipv4Address> node_ips;        // the primary one is first (loadBalancerSourceRanges)
  std::optional<Ipv4Cidr> cluster_cidr;     // --cluster-cidr: "inside the cluster" for masquerade
  std::vector<ProxyService> services;
  bool masquerade_all = false;              // --masquerade-all
  bool masquerade_random_fully = false;     // MASQUERADE --random-fully (iptables >= 1.6.2)
  bool conntrack_tcp_be_liberal = false;    // drops the KUBE-FORWARD INVALID rule
  bool nfacct = true;                       // kube-proxy >= 1.29 counts with -m nfacct
  bool localhost_nodeports = true;          // route_localnet=1: NodePorts answer on 127.0.0.1
  friend bool operator==(const ProxyInput&, const ProxyInput&) = default;
};

struct ProxyRules {
  // What kube-proxy hands iptables-restore (--noflush): its own chains and rules only, with chains
  // in the deterministic order proxier_test prints (KUBE-NODEPORTS, KUBE-SERVICES, then sorted).
  std::string restore_input;
  // The whole tables as `iptables-save -t filter` / `-t nat` lists them on the node: built-in
  // chains with policies, kube-proxy's jump rules from them, then the restore_input chains.
  std::string filter;
  std::string nat;
};

ProxyRules generate_proxy_rules(const ProxyInput& input);

// "ns/name:port" (or "ns/name" for an unnamed port): proxy.ServicePortName.String().
std::string service_port_name(const std::string& namespace_name, const std::string& name,
                              const std::string& port_name);
// As iptables and kube-proxy's chain hashes write it, in lower case: "tcp", "udp", "sctp".
std::string iptables_protocol_name(Protocol protocol);
// prefix + base32(sha256(servicePortName + protocol))[:16], prefix one of "KUBE-SVC-",
// "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-".
std::string service_chain_name(const std::string& prefix, const std::string& service_port_name,
                               const std::string& protocol);
// "KUBE-SEP-" + base32(sha256(servicePortName + protocol + "ip:port"))[:16].
std::string endpoint_chain_name(const std::string& service_port_name, const std::string& protocol,
                                const std::string& endpoint);
// The probability of the rule for the i-th of n endpoints is 1/(n-i), printed "%0.10f".
std::string endpoint_probability(int remaining);

}  // namespace podlab::k8s
