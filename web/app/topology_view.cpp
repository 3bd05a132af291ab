#include "web/app/topology_view.h"

#include "core/k8s/cluster.h"

namespace podlab::web {

namespace {

std::string device_summary(const World& world, const Node& node, const char* no_bridge) {
  std::string text;
  for (DeviceId id : {node.bridge, node.tunnel}) {
    const Device* device = world.devices.get(id);
    if (!device) continue;
    if (!text.empty()) text += "  ·  ";
    text += device->name;
    if (!device->addresses.empty()) text += " " + device->addresses.front().to_string();
  }
  return text.empty() ? std::string(no_bridge) : text;
}

}  // namespace

void refresh_topology_view(TopologyView& view, const lab::Session& session, const TopologyWords& words) {
  if (view.revision == session.revision() && view.words == words) return;
  const World& world = session.world();
  view.revision = session.revision();
  view.words = words;
  view.layout = layout_topology(world);
  view.nodes.clear();
  view.pods.clear();
  for (const NodeBox& box : view.layout.nodes) {
    const Node& node = world.nodes.at(box.node);
    const Device* bridge = world.devices.get(node.bridge);
    const Device* tunnel = world.devices.get(node.tunnel);
    view.nodes.push_back(NodeLabels{node.name + (node.role == k8s::NodeRole::ControlPlane ? "  (control-plane)" : ""),
                                    "eth0 " + node.internal_ip.to_string(), "podCIDR " + node.pod_cidr.to_string(),
                                    device_summary(world, node, words.no_bridge), bridge ? bridge->name : std::string(),
                                    tunnel ? tunnel->name : std::string()});
    std::vector<PodLabels> pods;
    for (const PodBox& pod_box : box.pods) {
      const PodRecord& pod = world.pods.at(pod_box.pod);
      std::string containers = words.pause;
      for (const ContainerStatus& status : pod.containers) containers += " + " + status.name;
      const std::string address = pod.pod.spec.host_network
                                      ? "hostNetwork " + pod.ip.to_string()
                                      : "eth0 " + (pod.ip.is_unspecified() ? std::string("—") : pod.ip.to_string());
      pods.push_back(PodLabels{pod.pod.metadata.name + "  ·  " + pod.pod.metadata.namespace_name, address, containers,
                               pod.pod.metadata.namespace_name});
    }
    view.pods.push_back(std::move(pods));
  }
  view.node_network = std::string(words.node_network) + " " + world.cluster.node_network.to_string() + "   ·   " +
                      words.datapath + " " + k8s::datapath_name(world.cluster.datapath);
}

}  // namespace podlab::web
