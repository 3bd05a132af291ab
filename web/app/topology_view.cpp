#include "web/app/topology_view.h"

#include <algorithm>

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

ServiceLabels service_labels(const ServiceRecord& record, const TopologyWords& words) {
  const k8s::Service& service = record.service;
  ServiceLabels labels;
  labels.namespace_name = service.metadata.namespace_name;
  labels.title = service.metadata.name + "  ·  " + labels.namespace_name;
  labels.type = k8s::service_type_name(service.spec.type);
  if (record.headless()) labels.type += " (headless)";
  std::string ports;
  std::string node_ports;
  for (const k8s::ServicePort& port : service.spec.ports) {
    if (!ports.empty()) ports += ", ";
    ports += std::to_string(port.port) + "/" + k8s::protocol_name(port.protocol);
    if (port.node_port != 0) node_ports += (node_ports.empty() ? "" : ", ") + std::to_string(port.node_port);
  }
  const std::string ip = record.cluster_ip.is_unspecified() ? std::string("None") : record.cluster_ip.to_string();
  labels.address = ip + ":" + ports;
  if (!node_ports.empty()) labels.node_port = "NodePort " + node_ports;
  size_t endpoints = 0;
  for (const EndpointSliceRecord& slice : record.slices) endpoints += slice.endpoints.size();
  labels.endpoints = std::to_string(endpoints) + " " + (endpoints == 1 ? words.endpoint : words.endpoints);
  std::string addresses;
  for (const EndpointSliceRecord& slice : record.slices)
    for (const EndpointRecord& endpoint : slice.endpoints)
      addresses += (addresses.empty() ? "" : ", ") + endpoint.address.to_string();
  labels.tooltip = "Name: " + service.metadata.name + "\nNamespace: " + labels.namespace_name + "\nType: " + labels.type +
                   "\nIP: " + ip + "\nPort: " + ports + (node_ports.empty() ? "" : "\nNodePort: " + node_ports) +
                   "\nSelector: " + k8s::labels_text(service.spec.selector) +
                   "\nEndpoints: " + (addresses.empty() ? std::string("<none>") : addresses);
  return labels;
}

GroupLabels group_labels(const World& world, const PodGroupBox& group, const Node& node, const TopologyWords& words) {
  GroupLabels labels;
  labels.title = group.owner + " ×" + std::to_string(group.pods.size());
  labels.owner = group.owner_kind == "app" ? "app=" + group.owner : group.owner_kind + " " + group.owner;
  labels.hint = group.expanded ? words.collapse : words.expand;
  labels.tooltip = labels.owner + "\nNamespace: " + group.namespace_name + "\nNode: " + node.name + "\n" +
                   std::to_string(group.pods.size()) + " " + words.pods + ":";
  constexpr size_t listed = 8;  // a tooltip, not a table: the first few
  for (size_t i = 0; i < group.pods.size() && i < listed; ++i) {
    const PodRecord& pod = world.pods.at(group.pods[i]);
    labels.tooltip += "\n  " + pod.pod.metadata.name + "  " + (pod.ip.is_unspecified() ? std::string("<none>") : pod.ip.to_string());
  }
  if (group.pods.size() > listed) labels.tooltip += "\n  …";
  labels.tooltip += std::string("\n(") + labels.hint + ")";
  return labels;
}

}  // namespace

void refresh_topology_view(TopologyView& view, const lab::Session& session, const TopologyWords& words,
                           const LayoutOptions& options) {
  if (view.revision == session.revision() && view.words == words && view.options == options) return;
  const World& world = session.world();
  view.revision = session.revision();
  view.words = words;
  view.options = options;
  view.layout = layout_topology(world, options);
  view.nodes.clear();
  view.pods.clear();
  view.groups.clear();
  view.services.clear();
  view.collapsed_markers.clear();
  view.namespaces.clear();
  for (const NodeBox& box : view.layout.nodes) {
    const Node& node = world.nodes.at(box.node);
    const Device* bridge = world.devices.get(node.bridge);
    const Device* tunnel = world.devices.get(node.tunnel);
    size_t pod_count = box.pods.size() + box.collapsed_pods.size();
    std::vector<GroupLabels> groups;
    for (const PodGroupBox& group : box.groups) {
      if (!group.expanded) pod_count += group.pods.size();
      groups.push_back(group_labels(world, group, node, words));
    }
    view.groups.push_back(std::move(groups));
    view.nodes.push_back(NodeLabels{node.name + (node.role == k8s::NodeRole::ControlPlane ? "  (control-plane)" : ""),
                                    "eth0 " + node.internal_ip.to_string(), "podCIDR " + node.pod_cidr.to_string(),
                                    device_summary(world, node, words.no_bridge), bridge ? bridge->name : std::string(),
                                    tunnel ? tunnel->name : std::string(),
                                    "Name: " + node.name + "\nInternalIP: " + node.internal_ip.to_string() +
                                        "\nPodCIDR: " + node.pod_cidr.to_string() + "\nPods: " +
                                        std::to_string(pod_count)});
    std::vector<PodLabels> pods;
    for (const PodBox& pod_box : box.pods) {
      const PodRecord& pod = world.pods.at(pod_box.pod);
      std::string containers = words.pause;
      for (const ContainerStatus& status : pod.containers) containers += " + " + status.name;
      const std::string address = pod.pod.spec.host_network
                                      ? "hostNetwork " + pod.ip.to_string()
                                      : "eth0 " + (pod.ip.is_unspecified() ? std::string("—") : pod.ip.to_string());
      const std::string ip = pod.ip.is_unspecified() ? std::string("<none>") : pod.ip.to_string();
      pods.push_back(PodLabels{pod.pod.metadata.name + "  ·  " + pod.pod.metadata.namespace_name, address, containers,
                               pod.pod.metadata.namespace_name,
                               "Name: " + pod.pod.metadata.name + "\nNamespace: " + pod.pod.metadata.namespace_name +
                                   "\nNode: " + node.name + "\nIP: " + ip +
                                   "\nLabels: " + k8s::labels_text(pod.pod.metadata.labels) + "\nContainers: " + containers,
                               pod.pod.metadata.name});
    }
    view.pods.push_back(std::move(pods));
    view.collapsed_markers.push_back(box.collapsed_pods.empty()
                                         ? std::string()
                                         : "kube-system: " + std::to_string(box.collapsed_pods.size()) + " " +
                                               (box.collapsed_pods.size() == 1 ? words.pod : words.pods));
  }
  world.pods.for_each([&](PodId, const PodRecord& pod) { view.namespaces.push_back(pod.pod.metadata.namespace_name); });
  for (const ServiceBox& box : view.layout.services) {
    view.services.push_back(service_labels(world.services[box.service], words));
    view.namespaces.push_back(view.services.back().namespace_name);
  }
  std::sort(view.namespaces.begin(), view.namespaces.end());
  view.namespaces.erase(std::unique(view.namespaces.begin(), view.namespaces.end()), view.namespaces.end());
  view.external = {};
  if (view.layout.external.present) {
    const Netns* netns = world.namespaces_net.get(world.external_host);
    view.external.title = netns->name;
    for (DeviceId id : netns->devices) {
      const Device* device = world.devices.get(id);
      if (device && device->name == "eth0" && !device->addresses.empty())
        view.external.eth0 = "eth0 " + device->addresses.front().address.to_string();
    }
    view.external.role = words.outside_cluster;
    view.external.tooltip = view.external.eth0 + "\n" + view.external.role;
  }
  view.node_network = std::string(words.node_network) + " " + world.cluster.node_network.to_string() + "   ·   " +
                      words.datapath + " " + k8s::datapath_name(world.cluster.datapath);
}

}  // namespace podlab::web
