#include "core/k8s/cni.h"

#include <algorithm>
#include <cstdio>

#include "core/k8s/cluster.h"

namespace podlab::k8s {

namespace {

using nlohmann::json;

Diagnostic cni_error(int code, const std::string& message) {
  // The CNI spec's error object, as a plugin prints it on failure.
  return Diagnostic{"cni.error", "CNI error " + std::to_string(code) + ": " + message, {}};
}

// Adds an address's subnet route, as the kernel does when an address is added ("proto kernel").
void add_kernel_route(World& world, NetnsId netns, DeviceId device, Ipv4Cidr address) {
  if (address.prefix_length == 32) return;
  Route route;
  route.destination = address.canonical();
  route.device = device;
  route.scope = RouteScope::Link;
  route.protocol = RouteProtocol::Kernel;
  route.source = address.address;
  world.namespaces_net.at(netns).routes.push_back(route);
}

struct Attachment {
  DeviceId host_end;
  DeviceId pod_end;
};

// A veth pair: eth0 in the pod's namespace, `host_name` in the node's.
Attachment create_veth_pair(World& world, const PodRecord& pod, const Node& node, const std::string& host_name,
                            int mtu) {
  Device host_end;
  host_end.name = host_name;
  host_end.kind = DeviceKind::Veth;
  host_end.mac = allocate_mac(world);
  host_end.mtu = mtu;
  Device pod_end;
  pod_end.name = "eth0";
  pod_end.kind = DeviceKind::Veth;
  pod_end.mac = allocate_mac(world);
  pod_end.mtu = mtu;
  Attachment attachment;
  attachment.host_end = add_device(world, node.host_netns, host_end);
  attachment.pod_end = add_device(world, pod.netns, pod_end);
  world.devices.at(attachment.host_end).peer = attachment.pod_end;
  world.devices.at(attachment.pod_end).peer = attachment.host_end;
  return attachment;
}

json interface_json(const World& world, DeviceId id, const std::string& sandbox) {
  const Device& device = world.devices.at(id);
  json value = {{"name", device.name}, {"mac", device.mac.to_string()}};
  if (device.mtu) value["mtu"] = device.mtu;
  if (!sandbox.empty()) value["sandbox"] = sandbox;
  return value;
}

// [SECTION] Plugins

Result<json> run_bridge(World& world, PodId pod_id, const json& config, std::optional<Ipv4Address> requested) {
  PodRecord& pod = world.pods.at(pod_id);
  Node& node = world.nodes.at(pod.node);
  const std::string bridge_name = config.value("bridge", std::string("cni0"));
  const int mtu = config.value("mtu", 1500);
  const bool is_default_gateway = config.value("isDefaultGateway", false);
  const bool is_gateway = is_default_gateway || config.value("isGateway", false);
  const std::string subnet_text = config["ipam"]["ranges"][0][0].value("subnet", std::string());
  const auto subnet = Ipv4Cidr::parse(subnet_text);
  if (!subnet) return cni_error(7, "invalid IPAM subnet \"" + subnet_text + "\"");

  // The bridge is created on first use, with the gateway address when isGateway is set.
  DeviceId bridge = find_device(world, node.host_netns, bridge_name);
  if (!bridge.valid()) {
    Device device;
    device.name = bridge_name;
    device.kind = DeviceKind::Bridge;
    device.mac = allocate_mac(world);
    device.mtu = mtu;
    bridge = add_device(world, node.host_netns, device);
    node.bridge = bridge;
  }
  const Ipv4Address gateway = node.ipam.gateway;
  Device& bridge_device = world.devices.at(bridge);
  if (is_gateway && bridge_device.addresses.empty()) {
    bridge_device.addresses.push_back(Ipv4Cidr{gateway, subnet->prefix_length});
    add_kernel_route(world, node.host_netns, bridge, Ipv4Cidr{gateway, subnet->prefix_length});
  }

  auto ip = host_local_allocate(node.ipam, pod.sandbox_id, requested);
  if (!ip) return ip.diagnostics();
  const Attachment link = create_veth_pair(world, pod, node, "veth" + random_hex(world, 8), mtu);
  world.devices.at(link.host_end).master = bridge;
  Device& eth0 = world.devices.at(link.pod_end);
  const Ipv4Cidr address{*ip, subnet->prefix_length};
  eth0.addresses.push_back(address);
  add_kernel_route(world, pod.netns, link.pod_end, address);
  Netns& pod_netns = world.namespaces_net.at(pod.netns);
  json routes = json::array();
  if (is_default_gateway) {
    pod_netns.routes.push_back(Route{RouteType::Unicast, Ipv4Cidr::any(), gateway, link.pod_end});
    routes.push_back({{"dst", "0.0.0.0/0"}, {"gw", gateway.to_string()}});
  }
  for (const json& extra : config["ipam"].value("routes", json::array())) {
    const auto destination = Ipv4Cidr::parse(extra.value("dst", std::string()));
    if (!destination) continue;
    pod_netns.routes.push_back(Route{RouteType::Unicast, *destination, gateway, link.pod_end});
    routes.push_back({{"dst", destination->to_string()}, {"gw", gateway.to_string()}});
  }
  pod.eth0 = link.pod_end;
  pod.host_veth = link.host_end;
  pod.ip = *ip;
  const std::string sandbox = "/var/run/netns/" + pod_netns.name;
  return json{{"cniVersion", cni_version},
              {"interfaces",
               {interface_json(world, bridge, ""), interface_json(world, link.host_end, ""),
                interface_json(world, link.pod_end, sandbox)}},
              {"ips", {{{"address", address.to_string()}, {"gateway", gateway.to_string()}, {"interface", 2}}}},
              {"routes", routes},
              {"dns", json::object()}};
}

Result<json> run_calico(World& world, PodId pod_id, const json& config, std::optional<Ipv4Address> requested) {
  PodRecord& pod = world.pods.at(pod_id);
  Node& node = world.nodes.at(pod.node);
  const int mtu = config.value("mtu", 1480);
  auto ip = host_local_allocate(node.ipam, pod.sandbox_id, requested);
  if (!ip) return ip.diagnostics();
  // Calico names the host end "cali" + 11 hex digits of a hash of the workload's name.
  const Attachment link = create_veth_pair(world, pod, node, "cali" + random_hex(world, 11), mtu);
  Device& host_end = world.devices.at(link.host_end);
  host_end.mac = MacAddress{{0xee, 0xee, 0xee, 0xee, 0xee, 0xee}};
  host_end.proxy_arp = true;
  Device& eth0 = world.devices.at(link.pod_end);
  eth0.addresses.push_back(Ipv4Cidr::host_route(*ip));
  const Ipv4Address gateway = Ipv4Address::from_octets(169, 254, 1, 1);
  Netns& pod_netns = world.namespaces_net.at(pod.netns);
  pod_netns.routes.push_back(Route{RouteType::Unicast, Ipv4Cidr::any(), gateway, link.pod_end});
  pod_netns.routes.push_back(
      Route{RouteType::Unicast, Ipv4Cidr::host_route(gateway), std::nullopt, link.pod_end, false, RouteScope::Link});
  world.namespaces_net.at(node.host_netns)
      .routes.push_back(Route{RouteType::Unicast, Ipv4Cidr::host_route(*ip), std::nullopt, link.host_end, false,
                              RouteScope::Link});
  pod.eth0 = link.pod_end;
  pod.host_veth = link.host_end;
  pod.ip = *ip;
  const std::string sandbox = "/var/run/netns/" + pod_netns.name;
  return json{{"cniVersion", cni_version},
              {"interfaces", {interface_json(world, link.host_end, ""), interface_json(world, link.pod_end, sandbox)}},
              {"ips", {{{"address", Ipv4Cidr::host_route(*ip).to_string()}, {"interface", 1}}}},
              {"routes", {{{"dst", "0.0.0.0/0"}, {"gw", gateway.to_string()}}}},
              {"dns", json::object()}};
}

// flannel's CNI plugin: reads /run/flannel/subnet.env and delegates to bridge.
json flannel_delegate(const World& world, const Node& node, const json& config) {
  json delegate = config.value("delegate", json::object());
  delegate["type"] = "bridge";
  delegate["name"] = config.value("name", std::string("cbr0"));
  if (!delegate.contains("isDefaultGateway")) delegate["isDefaultGateway"] = true;
  delegate["ipMasq"] = false;  // FLANNEL_IPMASQ=true: flanneld masquerades, not the bridge
  delegate["mtu"] = pod_mtu(world);
  delegate["ipam"] = {{"type", "host-local"},
                      {"ranges", {{{{"subnet", node.pod_cidr.to_string()}}}}},
                      {"routes", {{{"dst", world.cluster.pod_network.to_string()}}}}};
  return delegate;
}

}  // namespace

// [SECTION] host-local

HostLocalRange host_local_range(Ipv4Cidr subnet) {
  HostLocalRange range;
  range.subnet = subnet.canonical();
  range.gateway = range.subnet.at(1);
  range.range_start = range.subnet.at(2);
  range.range_end = Ipv4Address{range.subnet.broadcast().value - 1};
  return range;
}

Result<Ipv4Address> host_local_allocate(HostLocalRange& range, const std::string& container_id,
                                        std::optional<Ipv4Address> requested) {
  auto is_allocated = [&](Ipv4Address address) {
    return std::binary_search(range.allocated.begin(), range.allocated.end(), address);
  };
  auto reserve = [&](Ipv4Address address) {
    const auto at = std::lower_bound(range.allocated.begin(), range.allocated.end(), address);
    range.owners.insert(range.owners.begin() + (at - range.allocated.begin()), container_id);
    range.allocated.insert(at, address);
    range.last_reserved = address;
    return address;
  };
  if (requested) {
    if (!range.subnet.contains(*requested) || *requested < range.range_start || range.range_end < *requested)
      return cni_error(7, requested->to_string() + " is not in the range " + range.subnet.to_string());
    if (is_allocated(*requested) || *requested == range.gateway)
      return cni_error(100, "requested IP address " + requested->to_string() + " is not available in range set " +
                                range.subnet.to_string());
    return reserve(*requested);
  }
  const uint32_t first = range.range_start.value;
  const uint32_t count = range.range_end.value - first + 1;
  const uint32_t after_last =
      range.last_reserved.is_unspecified() || !range.subnet.contains(range.last_reserved)
          ? 0
          : range.last_reserved.value - first + 1;
  for (uint32_t i = 0; i < count; ++i) {
    const Ipv4Address candidate{first + (after_last + i) % count};
    if (candidate == range.gateway || is_allocated(candidate)) continue;
    return reserve(candidate);
  }
  return cni_error(100, "no IP addresses available in range set: " + range.range_start.to_string() + "-" +
                            range.range_end.to_string());
}

void host_local_release(HostLocalRange& range, const std::string& container_id) {
  for (size_t i = 0; i < range.owners.size();) {
    if (range.owners[i] == container_id) {
      range.owners.erase(range.owners.begin() + static_cast<long>(i));
      range.allocated.erase(range.allocated.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
}

// [SECTION] The plugin chain

CniConfigFile cni_config_for(const World& world, NodeId node_id) {
  const Node& node = world.nodes.at(node_id);
  const json portmap = {{"type", "portmap"}, {"capabilities", {{"portMappings", true}}}};
  switch (world.cluster.datapath) {
    case Datapath::FlannelVxlan:
      return {"/etc/cni/net.d/10-flannel.conflist",
              {{"name", "cbr0"},
               {"cniVersion", "0.3.1"},
               {"plugins",
                {{{"type", "flannel"}, {"delegate", {{"hairpinMode", true}, {"isDefaultGateway", true}}}}, portmap}}}};
    case Datapath::CalicoIpip:
      return {"/etc/cni/net.d/10-calico.conflist",
              {{"name", "k8s-pod-network"},
               {"cniVersion", "0.3.1"},
               {"plugins",
                {{{"type", "calico"},
                  {"mtu", pod_mtu(world)},
                  {"ipam", {{"type", "host-local"}, {"subnet", "usePodCidr"}}},
                  {"kubernetes", {{"kubeconfig", "/etc/cni/net.d/calico-kubeconfig"}}}},
                 portmap}}}};
    case Datapath::Routed:
    case Datapath::Manual:
      return {"/etc/cni/net.d/10-bridge.conflist",
              {{"name", "podlab"},
               {"cniVersion", "0.3.1"},
               {"plugins",
                {{{"type", "bridge"},
                  {"bridge", "cni0"},
                  {"isGateway", true},
                  {"isDefaultGateway", true},
                  {"hairpinMode", true},
                  {"mtu", pod_mtu(world)},
                  {"ipam", {{"type", "host-local"}, {"ranges", {{{{"subnet", node.pod_cidr.to_string()}}}}}}}},
                 portmap}}}};
  }
  return {};
}

Result<json> cni_add(World& world, PodId pod_id, std::optional<Ipv4Address> requested_ip) {
  PodRecord& pod = world.pods.at(pod_id);
  if (pod.eth0.valid()) return cni_error(7, "interface eth0 already exists in the pod's namespace");
  const CniConfigFile file = cni_config_for(world, pod.node);
  json previous;
  for (const json& plugin : file.config["plugins"]) {
    const std::string type = plugin.value("type", std::string());
    // portmap installs hostPort mappings; with none to install it passes prevResult on unchanged.
    if (type == "portmap") continue;
    Result<json> result = type == "flannel" ? run_bridge(world, pod_id, flannel_delegate(world, world.nodes.at(pod.node), plugin), requested_ip)
                          : type == "bridge" ? run_bridge(world, pod_id, plugin, requested_ip)
                          : type == "calico" ? run_calico(world, pod_id, plugin, requested_ip)
                                             : Result<json>(cni_error(7, "failed to find plugin \"" + type + "\" in path [/opt/cni/bin]"));
    if (!result) {
      cni_del(world, pod_id);
      return result.diagnostics();
    }
    previous = std::move(*result);
  }
  pod.cni_result = previous;
  world.log.add(world.now, "cni.add", "pod/" + pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name,
                "CNI ADD " + file.path + ": eth0 " + pod.ip.to_string());
  return previous;
}

void cni_del(World& world, PodId pod_id) {
  PodRecord* pod = world.pods.get(pod_id);
  if (!pod) return;
  if (Node* node = world.nodes.get(pod->node)) host_local_release(node->ipam, pod->sandbox_id);
  if (pod->eth0.valid()) remove_device(world, pod->eth0);
  pod->eth0 = DeviceId{};
  pod->host_veth = DeviceId{};
  if (!pod->pod.spec.host_network) pod->ip = Ipv4Address{};
  pod->cni_result = nullptr;
}

Result<bool> cni_check(const World& world, PodId pod_id) {
  const PodRecord& pod = world.pods.at(pod_id);
  const Device* eth0 = world.devices.get(pod.eth0);
  if (!eth0) return cni_error(3, "interface eth0 is missing from the pod's namespace");
  for (const json& ip : pod.cni_result.value("ips", json::array())) {
    const auto address = Ipv4Cidr::parse(ip.value("address", std::string()));
    if (!address || std::find(eth0->addresses.begin(), eth0->addresses.end(), *address) == eth0->addresses.end())
      return cni_error(3, "eth0 does not have the address " + ip.value("address", std::string()));
  }
  const Netns& netns = world.namespaces_net.at(pod.netns);
  for (const json& route : pod.cni_result.value("routes", json::array())) {
    const auto destination = Ipv4Cidr::parse(route.value("dst", std::string()));
    const bool present = destination && std::any_of(netns.routes.begin(), netns.routes.end(), [&](const Route& r) {
                           return r.destination.canonical() == destination->canonical();
                         });
    if (!present) return cni_error(3, "the route to " + route.value("dst", std::string()) + " is missing");
  }
  return true;
}

}  // namespace podlab::k8s
