#include "core/k8s/cluster.h"

#include <algorithm>

#include "core/k8s/cni.h"
#include "core/k8s/services.h"
#include "core/k8s/node_iptables.h"

namespace podlab::k8s {

namespace {

constexpr int vxlan_overhead = 50;  // outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8
constexpr int ipip_overhead = 20;   // outer IPv4
constexpr uint16_t flannel_vxlan_port = 8472;

Ipv4Address node_network_gateway(const World& world) { return world.cluster.node_network.at(1); }

void add_namespace(World& world, const std::string& name) {
  world.namespaces.push_back(NamespaceRecord{name, {{"kubernetes.io/metadata.name", name}}, "", world.next_creation++, world.now});
}

DeviceId add_tunnel_device(World& world, Node& node) {
  Device device;
  switch (world.cluster.datapath) {
    case Datapath::FlannelVxlan:
      device.name = "flannel.1";
      device.kind = DeviceKind::Vxlan;
      device.vni = 1;
      device.udp_port = flannel_vxlan_port;
      device.local = node.internal_ip;
      device.underlay = node.eth0;
      device.mtu = world.cluster.node_mtu - vxlan_overhead;
      device.mac = allocate_mac(world);
      // The node subnet's network address as a /32: no broadcast routes, and the source of
      // host-to-pod traffic across nodes.
      device.addresses.push_back(Ipv4Cidr::host_route(node.pod_cidr.network()));
      break;
    case Datapath::CalicoIpip:
      device.name = "tunl0";
      device.kind = DeviceKind::Ipip;
      device.no_arp = true;
      device.mtu = world.cluster.node_mtu - ipip_overhead;
      // Calico IPAM gives the tunnel the first address of the node's block (ordinal 0, the
      // network address: blocks reserve none), before any pod.
      device.addresses.push_back(Ipv4Cidr::host_route(node.pod_cidr.network()));
      break;
    case Datapath::Routed:
    case Datapath::Manual:
      return {};
  }
  return add_device(world, node.host_netns, device);
}

}  // namespace

int pod_mtu(const World& world) {
  switch (world.cluster.datapath) {
    case Datapath::FlannelVxlan: return world.cluster.node_mtu - vxlan_overhead;
    case Datapath::CalicoIpip: return world.cluster.node_mtu - ipip_overhead;
    case Datapath::Routed:
    case Datapath::Manual: return world.cluster.node_mtu;
  }
  return world.cluster.node_mtu;
}

NodeId find_node(const World& world, const std::string& name) {
  NodeId found;
  world.nodes.for_each([&](NodeId id, const Node& node) {
    if (node.name == name) found = id;
  });
  return found;
}

namespace {

Result<NodeId> join_node(World& world, const ClusterNodeSpec& spec);

}  // namespace

Result<NodeId> add_node(World& world, const ClusterNodeSpec& spec) {
  auto node = join_node(world, spec);
  if (node) sync_datapath_routes(world);
  return node;
}

namespace {

// Creates the node and its host namespace; the caller syncs the datapath's routes afterwards.
// eth0 on the node network with `address`, a VirtualBox-style MAC (first byte `oui_first`, then
// 00:27), the connected route and the default route via the node network's gateway.
DeviceId add_node_network_nic(World& world, NetnsId netns, Ipv4Address address, uint8_t oui_first) {
  Device eth0;
  eth0.name = "eth0";
  eth0.kind = DeviceKind::Ethernet;
  const MacAddress counter = allocate_mac(world);
  eth0.mac = MacAddress{{oui_first, 0x00, 0x27, counter.bytes[3], counter.bytes[4], counter.bytes[5]}};
  eth0.mtu = world.cluster.node_mtu;
  eth0.segment = world.node_network;
  const Ipv4Cidr cidr{address, world.cluster.node_network.prefix_length};
  eth0.addresses.push_back(cidr);
  const DeviceId id = add_device(world, netns, eth0);
  world.segments.at(world.node_network).members.push_back(id);
  Netns& stored = world.namespaces_net.at(netns);
  stored.routes.push_back(Route{RouteType::Unicast, Ipv4Cidr::any(), node_network_gateway(world), id, false,
                                RouteScope::Universe, RouteProtocol::Static});
  stored.routes.push_back(Route{RouteType::Unicast, cidr.canonical(), std::nullopt, id, false, RouteScope::Link,
                                RouteProtocol::Kernel, address});
  return id;
}

Result<NodeId> join_node(World& world, const ClusterNodeSpec& spec) {
  if (find_node(world, spec.name).valid())
    return Diagnostic{"node.exists", "node \"" + spec.name + "\" already exists", {}};
  // podCIDRs are handed out in order from the pod network, as kube-controller-manager's allocator
  // does; the first free one is taken.
  std::vector<Ipv4Cidr> used;
  std::vector<Ipv4Address> used_ips;
  world.nodes.for_each([&](NodeId, const Node& node) {
    used.push_back(node.pod_cidr);
    used_ips.push_back(node.internal_ip);
  });
  if (const Netns* external = world.namespaces_net.get(world.external_host))
    for (DeviceId device : external->devices)
      for (const Ipv4Cidr& address : world.devices.at(device).addresses) used_ips.push_back(address.address);
  std::optional<Ipv4Cidr> pod_cidr;
  for (uint32_t i = 0;; ++i) {
    const auto candidate = world.cluster.pod_network.subnet(i, world.cluster.node_cidr_mask_size);
    if (!candidate) break;
    if (std::find(used.begin(), used.end(), *candidate) == used.end()) {
      pod_cidr = candidate;
      break;
    }
  }
  if (!pod_cidr)
    return Diagnostic{"node.no-pod-cidr",
                      "no podCIDR left in " + world.cluster.pod_network.to_string() + " for node \"" + spec.name + "\"", {}};
  Ipv4Address address;
  if (spec.address) {
    if (!world.cluster.node_network.contains(*spec.address))
      return Diagnostic{"node.address", spec.address->to_string() + " is not on the node network " +
                                            world.cluster.node_network.to_string(), {}};
    if (std::find(used_ips.begin(), used_ips.end(), *spec.address) != used_ips.end())
      return Diagnostic{"node.address", "another node already has the address " + spec.address->to_string(), {}};
    address = *spec.address;
  } else {
    for (uint32_t offset = 11;; ++offset) {
      const Ipv4Address candidate = world.cluster.node_network.at(offset);
      if (!world.cluster.node_network.contains(candidate) || candidate == world.cluster.node_network.broadcast())
        return Diagnostic{"node.address", "the node network " + world.cluster.node_network.to_string() + " is full", {}};
      if (std::find(used_ips.begin(), used_ips.end(), candidate) == used_ips.end()) {
        address = candidate;
        break;
      }
    }
  }

  Node node;
  node.name = spec.name;
  node.role = spec.role;
  node.labels = spec.labels;
  node.labels["kubernetes.io/hostname"] = spec.name;
  node.labels["kubernetes.io/os"] = "linux";
  node.labels["kubernetes.io/arch"] = "amd64";
  if (spec.role == NodeRole::ControlPlane) node.labels["node-role.kubernetes.io/control-plane"] = "";
  node.internal_ip = address;
  node.pod_cidr = *pod_cidr;
  node.ipam = host_local_range(*pod_cidr);
  node.created = world.next_creation++;
  node.created_at = world.now;
  node.agents = {{"kubelet", world.next_pid++}, {"kube-proxy", world.next_pid++}};
  const NodeId node_id = world.nodes.add(node);

  Netns host;
  host.name = "host";
  host.node = node_id;
  host.ip_forward = true;
  const NetnsId netns = world.namespaces_net.add(host);
  Node& stored = world.nodes.at(node_id);
  stored.host_netns = netns;

  add_loopback(world, netns);

  // Node NICs get VirtualBox's 08:00:27 prefix: the node network 192.168.56.0/24 is its host-only network.
  stored.eth0 = add_node_network_nic(world, netns, address, 0x08);
  Netns& host_netns = world.namespaces_net.at(netns);
  // The node's own servers: kubelet's API and kube-proxy's health check on every node, and on a
  // control-plane node what kubeadm's static pods (hostNetwork) listen on.
  host_netns.listeners = {{6, 10250, "kubelet"}, {6, 10256, "kube-proxy"}};
  if (spec.role == NodeRole::ControlPlane)
    host_netns.listeners.insert(host_netns.listeners.end(), {{6, 6443, "kube-apiserver"}, {6, 2379, "etcd"}, {6, 2380, "etcd"},
                                                             {6, 10257, "kube-controller-manager"}, {6, 10259, "kube-scheduler"}});

  stored.tunnel = add_tunnel_device(world, stored);
  world.log.add(world.now, "node.added", "node/" + spec.name,
                "node " + spec.name + " joined: " + address.to_string() + ", podCIDR " + pod_cidr->to_string());
  return node_id;
}

}  // namespace

Result<bool> delete_node(World& world, const std::string& name) {
  const NodeId node_id = find_node(world, name);
  if (!node_id.valid()) return Diagnostic{"node.not-found", "nodes \"" + name + "\" not found", {}};
  std::vector<PodId> pods;
  world.pods.for_each([&](PodId id, const PodRecord& pod) {
    if (pod.node == node_id) pods.push_back(id);
  });
  for (PodId pod : pods) {
    cni_del(world, pod);
    const PodRecord& record = world.pods.at(pod);
    if (!record.pod.spec.host_network && world.namespaces_net.get(record.netns)) {
      for (DeviceId device : std::vector<DeviceId>(world.namespaces_net.at(record.netns).devices))
        remove_device(world, device);
      world.namespaces_net.remove(record.netns);
    }
    world.pods.remove(pod);
  }
  const NetnsId netns = world.nodes.at(node_id).host_netns;
  for (DeviceId device : std::vector<DeviceId>(world.namespaces_net.at(netns).devices)) remove_device(world, device);
  world.namespaces_net.remove(netns);
  world.nodes.remove(node_id);
  world.log.add(world.now, "node.deleted", "node/" + name, "node " + name + " was removed with its pods");
  sync_datapath_routes(world);
  return true;
}

void sync_datapath_routes(World& world) {
  const Datapath datapath = world.cluster.datapath;
  world.nodes.for_each([&](NodeId, Node& node) {
    Netns& netns = world.namespaces_net.at(node.host_netns);
    std::erase_if(netns.routes, [](const Route& route) {
      return route.protocol == RouteProtocol::Flannel || route.protocol == RouteProtocol::Bird;
    });
    std::erase_if(netns.neighbours, [&](const NeighbourEntry& entry) { return entry.permanent && entry.device == node.tunnel; });
    if (Device* tunnel = world.devices.get(node.tunnel)) tunnel->fdb.clear();
    if (datapath == Datapath::CalicoIpip)
      netns.routes.push_back(Route{RouteType::Blackhole, node.pod_cidr, std::nullopt, DeviceId{}, false,
                                   RouteScope::Universe, RouteProtocol::Bird});
    world.nodes.for_each([&](NodeId, const Node& remote) {
      if (&remote == &node) return;
      switch (datapath) {
        case Datapath::FlannelVxlan: {
          const Device& remote_vtep = world.devices.at(remote.tunnel);
          const Ipv4Address gateway = remote.pod_cidr.network();
          netns.routes.push_back(Route{RouteType::Unicast, remote.pod_cidr, gateway, node.tunnel, true,
                                       RouteScope::Universe, RouteProtocol::Flannel});
          netns.neighbours.push_back(NeighbourEntry{gateway, remote_vtep.mac, node.tunnel, true});
          world.devices.at(node.tunnel).fdb.push_back(FdbEntry{remote_vtep.mac, DeviceId{}, remote.internal_ip, true});
          break;
        }
        case Datapath::CalicoIpip:
          netns.routes.push_back(Route{RouteType::Unicast, remote.pod_cidr, remote.internal_ip, node.tunnel, true,
                                       RouteScope::Universe, RouteProtocol::Bird});
          break;
        case Datapath::Routed:
          netns.routes.push_back(Route{RouteType::Unicast, remote.pod_cidr, remote.internal_ip, node.eth0, false,
                                       RouteScope::Universe, RouteProtocol::Bird});
          break;
        case Datapath::Manual:
          break;
      }
    });
  });
}

void set_datapath(World& world, Datapath datapath) {
  // Detach every pod, keeping its IP to ask for it again.
  std::vector<std::pair<PodId, Ipv4Address>> attached;
  world.pods.for_each([&](PodId id, const PodRecord& pod) {
    if (!pod.pod.spec.host_network && pod.eth0.valid()) attached.emplace_back(id, pod.ip);
  });
  for (const auto& [pod, ip] : attached) cni_del(world, pod);
  world.cluster.datapath = datapath;
  world.nodes.for_each([&](NodeId, Node& node) {
    if (world.devices.get(node.tunnel)) remove_device(world, node.tunnel);
    if (world.devices.get(node.bridge)) remove_device(world, node.bridge);
    node.tunnel = DeviceId{};
    node.bridge = DeviceId{};
    node.tunnel = add_tunnel_device(world, node);
  });
  sync_datapath_routes(world);
  for (const auto& [pod, ip] : attached) {
    auto result = cni_add(world, pod, ip);
    PODLAB_ASSERT(result.ok());
  }
  sync_node_iptables(world);
  world.log.add(world.now, "datapath.changed", "cluster", std::string("datapath is now ") + datapath_name(datapath));
}

// The external host: one namespace with eth0 on the node network at its last address.
void add_external_host(World& world) {
  Netns host;
  host.name = "external";
  const NetnsId netns = world.namespaces_net.add(host);
  world.external_host = netns;
  add_loopback(world, netns);
  // VirtualBox's host-only adapter on the learner's computer has the 0a:00:27 prefix.
  add_node_network_nic(world, netns, Ipv4Address{world.cluster.node_network.broadcast().value - 1}, 0x0a);
}

Result<World> make_world(const ClusterSpec& spec, uint64_t seed) {
  World world;
  world.cluster = spec;
  world.seed = seed;
  world.rng.reseed(seed);
  world.node_network = world.segments.add(Segment{"node network", spec.node_network.canonical(), {}});
  for (const char* name : {"default", "kube-node-lease", "kube-public", "kube-system"}) add_namespace(world, name);
  std::vector<ClusterNodeSpec> nodes = spec.nodes;
  if (nodes.empty()) {
    nodes = {{"node-1", NodeRole::ControlPlane, std::nullopt, {}},
             {"node-2", NodeRole::Worker, std::nullopt, {}},
             {"node-3", NodeRole::Worker, std::nullopt, {}}};
  }
  for (const ClusterNodeSpec& node : nodes) {
    auto added = join_node(world, node);
    if (!added) return added.diagnostics();
  }
  add_external_host(world);
  sync_datapath_routes(world);
  add_kubernetes_service(world);
  install_coredns_addon(world);
  sync_node_iptables(world);
  return world;
}

}  // namespace podlab::k8s
