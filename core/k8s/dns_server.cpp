#include "core/k8s/dns_server.h"

#include <algorithm>
#include <memory>

#include "core/k8s/config_maps.h"

namespace podlab::k8s {

namespace {

constexpr size_t max_udp_message = 512;  // RFC 1035 4.2.1, without EDNS

struct Snapshot {
  ClusterDnsView view;
  CorefileConfig config;
  std::vector<SimulatedUpstream> upstreams;
};

std::vector<uint8_t> formerr(const std::vector<uint8_t>& payload) {
  net::DnsMessage reply;
  reply.header.id = static_cast<uint16_t>(payload[0] << 8 | payload[1]);
  reply.header.qr = true;
  reply.header.opcode = static_cast<net::DnsOpcode>((payload[2] >> 3) & 0x0f);
  reply.header.rcode = net::DnsRcode::FormErr;
  auto bytes = net::encode_dns_message(reply);
  PODLAB_ASSERT(bytes.ok());
  return *bytes;
}

}  // namespace

std::optional<Diagnostic> reload_coredns(World& world) {
  const ConfigMapRecord* record = find_config_map(world, "kube-system", "coredns");
  if (!record) return std::nullopt;
  const auto corefile = record->config_map.data.find("Corefile");
  if (corefile == record->config_map.data.end())
    return Diagnostic{"coredns.no-corefile", "the coredns ConfigMap has no Corefile key", {"Corefile", 0, 0}};
  auto parsed = parse_corefile(corefile->second);
  if (!parsed) return parsed.error();
  world.coredns.corefile = corefile->second;
  return std::nullopt;
}

CorefileConfig coredns_config(const World& world) {
  const std::string text = world.coredns.corefile.empty() ? kubeadm_corefile(world.cluster.cluster_domain)
                                                          : world.coredns.corefile;
  auto parsed = parse_corefile(text);
  PODLAB_ASSERT(parsed.ok());  // only text that parsed is ever loaded
  return *parsed;
}

ClusterDnsView cluster_dns_view(const World& world) {
  ClusterDnsView view;
  for (const NamespaceRecord& record : world.namespaces) view.namespaces.push_back(record.name);
  for (const ServiceRecord& record : world.services) {
    const Service& service = record.service;
    DnsService entry;
    entry.namespace_name = service.metadata.namespace_name;
    entry.name = service.metadata.name;
    entry.type = service.spec.type;
    if (record.headless()) entry.cluster_ips = {"None"};
    else if (!record.cluster_ip.is_unspecified()) entry.cluster_ips = {record.cluster_ip.to_string()};
    entry.ports = service.spec.ports;
    entry.external_name = service.spec.external_name;
    entry.publish_not_ready_addresses = service.spec.publish_not_ready_addresses;
    for (const EndpointSliceRecord& slice : record.slices)
      for (const EndpointRecord& endpoint : slice.endpoints)
        entry.endpoints.push_back(DnsEndpoint{endpoint.address.to_string(), endpoint.hostname, endpoint.ready});
    view.services.push_back(std::move(entry));
  }
  world.pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.phase != PodPhase::Running || pod.ip.is_unspecified() || pod.pod.spec.host_network) return;
    view.pods.push_back(DnsPod{pod.pod.metadata.namespace_name, pod.ip.to_string()});
  });
  return view;
}

std::vector<net::DnsRecord> internet_records() {
  using net::make_a_record;
  const auto v4 = [](uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return Ipv4Address::from_octets(a, b, c, d); };
  return {
      make_a_record("example.com", 300, v4(192, 0, 2, 10)),
      net::make_aaaa_record("example.com", 300, *net::parse_ipv6("2001:db8::10")),
      net::make_cname_record("www.example.com", 300, "example.com"),
      make_a_record("kubernetes.io", 300, v4(198, 51, 100, 20)),
      net::make_cname_record("www.kubernetes.io", 300, "kubernetes.io"),
      make_a_record("registry.k8s.io", 300, v4(198, 51, 100, 30)),
      net::make_ptr_record("10.2.0.192.in-addr.arpa", 300, "example.com"),
      net::make_ptr_record("20.100.51.198.in-addr.arpa", 300, "kubernetes.io"),
  };
}

std::vector<SimulatedUpstream> simulated_upstreams(const CorefileConfig& config) {
  std::vector<std::string> servers = config.forward_to;
  for (const auto& [zone, targets] : config.stub_domains)
    for (const std::string& target : targets)
      if (std::find(servers.begin(), servers.end(), target) == servers.end()) servers.push_back(target);
  std::vector<SimulatedUpstream> upstreams;
  for (const std::string& server : servers) upstreams.push_back(SimulatedUpstream{server, true, internet_records()});
  return upstreams;
}

bool runs_coredns(const World& world, NetnsId netns) {
  const Netns* space = world.namespaces_net.get(netns);
  if (!space) return false;
  return std::any_of(space->listeners.begin(), space->listeners.end(), [](const ListeningSocket& socket) {
    return socket.protocol == 17 && socket.port == dns_port && socket.owner.find("coredns") != std::string::npos;
  });
}

std::optional<std::vector<uint8_t>> coredns_reply(const ClusterDnsView& view, const CorefileConfig& config,
                                                  const std::vector<SimulatedUpstream>& upstreams,
                                                  const std::vector<uint8_t>& payload) {
  if (payload.size() < 12 || (payload[2] & 0x80)) return std::nullopt;
  auto query = net::decode_dns_message(payload);
  if (!query || query->questions.size() != 1) return formerr(payload);
  net::DnsMessage response = answer_dns_query(view, config, upstreams, *query).response;
  auto bytes = net::encode_dns_message(response);
  if (bytes && bytes->size() > max_udp_message) {
    response.header.tc = true;
    response.answers.clear();
    response.authority.clear();
    response.additional.clear();
    bytes = net::encode_dns_message(response);
  }
  if (!bytes) {
    response = net::DnsMessage{};
    response.header = query->header;
    response.header.qr = true;
    response.header.rcode = net::DnsRcode::ServFail;
    response.questions = query->questions;
    bytes = net::encode_dns_message(response);
  }
  PODLAB_ASSERT(bytes.ok());
  return *bytes;
}

UdpServer coredns_udp_server() {
  auto snapshot = std::make_shared<std::optional<Snapshot>>();
  return [snapshot](const World& world, NetnsId netns, const net::Packet& request) -> std::optional<net::Packet> {
    const auto* ip = request.find<net::Ipv4Header>();
    const auto* udp = request.find<net::UdpHeader>();
    if (!ip || !udp || udp->destination_port != dns_port || !runs_coredns(world, netns)) return std::nullopt;
    if (!snapshot->has_value()) {
      CorefileConfig config = coredns_config(world);
      std::vector<SimulatedUpstream> upstreams = simulated_upstreams(config);
      snapshot->emplace(Snapshot{cluster_dns_view(world), std::move(config), std::move(upstreams)});
    }
    Snapshot& state = **snapshot;
    state.view.local_ips = {ip->destination.to_string()};  // this pod's address, after kube-proxy's DNAT
    auto payload = coredns_reply(state.view, state.config, state.upstreams, request.payload);
    if (!payload) return std::nullopt;
    net::Ipv4Header reply_ip;
    reply_ip.source = ip->destination;
    reply_ip.destination = ip->source;
    reply_ip.protocol = net::IpProtocol::Udp;
    net::Packet reply;
    reply.headers = {reply_ip, net::UdpHeader{udp->destination_port, udp->source_port}};
    reply.payload = std::move(*payload);
    return reply;
  };
}

}  // namespace podlab::k8s
