#include "core/k8s/node_iptables.h"

#include <algorithm>

#include "core/k8s/flannel_rules.h"

namespace podlab::k8s {

namespace {

ProxyService proxy_service(const ServiceRecord& record) {
  const Service& service = record.service;
  ProxyService out;
  out.namespace_name = service.metadata.namespace_name;
  out.name = service.metadata.name;
  out.type = service.spec.type;
  if (!record.cluster_ip.is_unspecified()) out.cluster_ip = record.cluster_ip;
  out.session_affinity = service.spec.session_affinity_client_ip ? SessionAffinity::ClientIP : SessionAffinity::None;
  out.affinity_timeout_seconds = static_cast<uint32_t>(service.spec.session_affinity_timeout_seconds);
  out.external_traffic_policy = service.spec.external_traffic_policy;
  out.internal_traffic_policy = service.spec.internal_traffic_policy;
  for (const ServicePort& port : service.spec.ports) {
    ProxyServicePort proxy_port;
    proxy_port.name = port.name;
    proxy_port.protocol = port.protocol;
    proxy_port.port = static_cast<uint16_t>(port.port);
    proxy_port.node_port = static_cast<uint16_t>(port.node_port);
    // Each slice says which port its endpoints serve this service port on (a named targetPort
    // may resolve differently per pod).
    for (const EndpointSliceRecord& slice : record.slices) {
      const auto slice_port = std::find_if(slice.ports.begin(), slice.ports.end(), [&](const EndpointSlicePort& candidate) {
        return candidate.name == port.name && candidate.protocol == port.protocol;
      });
      if (slice_port == slice.ports.end()) continue;
      for (const EndpointRecord& endpoint : slice.endpoints)
        proxy_port.endpoints.push_back(ProxyEndpoint{endpoint.address, static_cast<uint16_t>(slice_port->port),
                                                     endpoint.ready, endpoint.ready, false, endpoint.node_name});
    }
    out.ports.push_back(std::move(proxy_port));
  }
  return out;
}

}  // namespace

ProxyInput proxy_input_for(const World& world, NodeId node_id) {
  const Node& node = world.nodes.at(node_id);
  ProxyInput input;
  input.node_name = node.name;
  input.node_ips = {node.internal_ip};
  input.cluster_cidr = world.cluster.pod_network;  // kubeadm passes --cluster-cidr to kube-proxy
  input.masquerade_random_fully = true;             // the nodes' iptables (1.8) has --random-fully
  for (const ServiceRecord& record : world.services) {
    // Headless and ExternalName Services get no rules; kube-proxy skips them.
    if (record.cluster_ip.is_unspecified()) continue;
    input.services.push_back(proxy_service(record));
  }
  return input;
}

void sync_node_iptables(World& world) {
  std::vector<NetnsId> hosts;
  world.nodes.for_each([&](NodeId id, const Node& node) {
    hosts.push_back(node.host_netns);
    ProxyInput input = proxy_input_for(world, id);
    auto [it, created] = world.netfilter.try_emplace(node.host_netns);
    NetfilterState& state = it->second;
    if (!created && state.proxy_input == input && state.datapath == world.cluster.datapath) return;
    ProxyRules rules = generate_proxy_rules(input);
    if (world.cluster.datapath == Datapath::FlannelVxlan) {
      const FlannelRules flannel = flannel_rules(world.cluster.pod_network, node.pod_cidr);
      rules.filter = net::merge_iptables_table(rules.filter, flannel.filter);
      rules.nat = net::merge_iptables_table(rules.nat, flannel.nat);
    }
    auto parsed = net::parse_iptables_save(rules.filter + rules.nat, "iptables-save");
    if (!parsed) {
      // As when iptables-restore refuses kube-proxy's input: the node keeps the rules it had, the
      // failure is logged, and the next sync tries again.
      world.log.add(world.now, "kube-proxy.sync-failed", "node/" + node.name,
                    "Failed to execute iptables-restore: " + parsed.error().to_string());
      return;
    }
    state.filter_text = std::move(rules.filter);
    state.nat_text = std::move(rules.nat);
    state.rules = std::move(*parsed);
    state.proxy_input = std::move(input);
    state.datapath = world.cluster.datapath;
  });
  std::erase_if(world.netfilter, [&](const auto& entry) {
    return std::find(hosts.begin(), hosts.end(), entry.first) == hosts.end();
  });
}

}  // namespace podlab::k8s
