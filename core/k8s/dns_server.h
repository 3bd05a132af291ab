// CoreDNS as a process of the lab: the pods of kube-system/coredns answer real UDP datagrams on
// port 53. A datagram's payload is decoded as a DNS message and answered by answer_dns_query()
// (coredns.h) from what CoreDNS's informers see of the World (namespaces, Services with their
// EndpointSlices, pods) and the Corefile it has loaded from the coredns ConfigMap.
//
// Reload: CoreDNS's `reload` plugin re-reads the Corefile when it changes (the lab does it at once
// instead of within 30 s) and, when the new text does not parse, keeps serving the last good one.
//
// forward: names outside the cluster zones go to a simulated upstream that knows a few outside
// names (internet_records()); everything else is NXDOMAIN there. The addresses come from the
// documentation ranges of RFC 5737 and RFC 3849, not the real ones.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/k8s/coredns.h"
#include "core/net/forwarding.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// kubeadm v1.31's CoreDNS image (constants.CoreDNSVersion).
inline constexpr const char* coredns_image = "registry.k8s.io/coredns/coredns:v1.11.3";
inline constexpr uint16_t dns_port = 53;

// Loads the Corefile of the kube-system/coredns ConfigMap into the running CoreDNS. Returns what is
// wrong when the text does not parse (with Corefile line and column) or the ConfigMap has no
// Corefile key; CoreDNS then keeps its last good configuration. A missing ConfigMap changes nothing.
std::optional<Diagnostic> reload_coredns(World& world);
// The configuration CoreDNS runs with: the loaded Corefile, or kubeadm's before any was loaded.
CorefileConfig coredns_config(const World& world);

// What the kubernetes plugin's informers see: namespaces, Services (clusterIP "None" for headless)
// with the endpoints of their EndpointSlices, running pods, and the kube-dns ClusterIP.
ClusterDnsView cluster_dns_view(const World& world);

// The outside names the simulated upstream knows: example.com (192.0.2.10, 2001:db8::10),
// www.example.com (CNAME), kubernetes.io (198.51.100.20), www.kubernetes.io (CNAME),
// registry.k8s.io (198.51.100.30), and PTR records for those addresses.
std::vector<net::DnsRecord> internet_records();
// One reachable simulated server per forward target and stub-domain server of `config`.
std::vector<SimulatedUpstream> simulated_upstreams(const CorefileConfig& config);

// Whether a CoreDNS process listens on UDP port 53 in `netns`.
bool runs_coredns(const World& world, NetnsId netns);

// CoreDNS's reply to one UDP payload, as its DNS library treats it: fewer than 12 bytes or a
// response (QR set) is ignored (nullopt); bytes that do not decode, or a question count other than
// one, get FORMERR with the request's id. A reply over 512 bytes is truncated (TC set, sections
// emptied), since the lab's clients send no EDNS.
std::optional<std::vector<uint8_t>> coredns_reply(const ClusterDnsView& view, const CorefileConfig& config,
                                                  const std::vector<SimulatedUpstream>& upstreams,
                                                  const std::vector<uint8_t>& payload);

// The server for Network: answers datagrams to port 53 in the namespace of a CoreDNS pod. It reads
// the World when the first datagram arrives and answers from that view for the rest of the run.
UdpServer coredns_udp_server();

}  // namespace podlab::k8s
