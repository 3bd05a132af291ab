#include "web/app/object_inspector.h"

#include "core/k8s/kube_proxy.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/services.h"

namespace podlab::web {

namespace {

// "-n NAMESPACE " for objects outside default, as a learner would type it.
std::string namespace_flag(const std::string& namespace_name) {
  return namespace_name == "default" ? "" : "-n " + namespace_name + " ";
}

std::string first_node_name(const World& world) {
  std::string name;
  world.nodes.for_each([&](NodeId, const Node& node) {
    if (name.empty()) name = node.name;
  });
  return name;
}

// kube-proxy's KUBE-SVC chain of each port of a Service with a ClusterIP.
std::vector<std::string> service_chains(const ServiceRecord& record) {
  std::vector<std::string> chains;
  if (record.cluster_ip.is_unspecified()) return chains;
  const k8s::Service& service = record.service;
  for (const k8s::ServicePort& port : service.spec.ports)
    chains.push_back(k8s::service_chain_name(
        "KUBE-SVC-", k8s::service_port_name(service.metadata.namespace_name, service.metadata.name, port.name),
        k8s::iptables_protocol_name(port.protocol)));
  return chains;
}

// The KUBE-SEP chains a KUBE-SVC chain jumps to, in its rules' order.
std::vector<std::string> endpoint_chains(const std::string& listing) {
  std::vector<std::string> chains;
  const std::string jump = "-j KUBE-SEP-";
  for (size_t at = listing.find(jump); at != std::string::npos; at = listing.find(jump, at + 1)) {
    const size_t start = at + 3;
    const size_t end = listing.find_first_of(" \n", start);
    chains.push_back(listing.substr(start, end - start));
  }
  return chains;
}

void describe_pod(ObjectInspector& inspector, const World& world, const Selection& selection) {
  const PodId id = k8s::find_pod(world, selection.namespace_name, selection.name);
  if (!id.valid()) return;
  const PodRecord& pod = world.pods.at(id);
  inspector.facts.push_back({Text::FactIp, pod.ip.is_unspecified() ? "<none>" : pod.ip.to_string()});
  if (const Node* node = world.nodes.get(pod.node)) inspector.facts.push_back({Text::FactNode, node->name});
  if (!pod.sandbox_id.empty()) inspector.facts.push_back({Text::FactPauseContainer, pod.sandbox_id.substr(0, 13)});
  std::string containers;
  for (const ContainerStatus& container : pod.containers)
    containers += (containers.empty() ? "" : ", ") + container.name + " (" + container.image + ")";
  inspector.facts.push_back({Text::FactContainers, containers});
}

void describe_node(ObjectInspector& inspector, const World& world, const Selection& selection) {
  world.nodes.for_each([&](NodeId, const Node& node) {
    if (node.name != selection.name) return;
    inspector.facts.push_back({Text::FactInternalIp, node.internal_ip.to_string()});
    inspector.facts.push_back({Text::FactPodCidr, node.pod_cidr.to_string()});
  });
}

void describe_service(ObjectInspector& inspector, const World& world, const Selection& selection) {
  const ServiceRecord* record = k8s::find_service(world, selection.namespace_name, selection.name);
  if (!record) return;
  inspector.facts.push_back({Text::FactType, k8s::service_type_name(record->service.spec.type)});
  inspector.facts.push_back({Text::FactClusterIp, record->cluster_ip.is_unspecified() ? "None" : record->cluster_ip.to_string()});
  std::string ports;
  for (const k8s::ServicePort& port : record->service.spec.ports)
    ports += (ports.empty() ? "" : ", ") + std::to_string(port.port) + "/" + k8s::protocol_name(port.protocol);
  inspector.facts.push_back({Text::FactPorts, ports});
}

void add_sections(ObjectInspector& inspector, const lab::Session& session, const std::vector<std::string>& lines) {
  const std::vector<lab::CommandResult> results = session.run_on_copy(lines);
  for (const lab::CommandResult& result : results) inspector.sections.push_back({result.command, result.output, result.ok});
}

}  // namespace

std::vector<std::string> inspector_commands(const World& world, const Selection& selection) {
  const std::string n = namespace_flag(selection.namespace_name);
  switch (selection.kind) {
    case SelectionKind::None: return {};
    case SelectionKind::Pod:
      return {"kubectl get pod " + n + selection.name + " -o wide",
              "lab cni result " + selection.name + (n.empty() ? "" : " " + n.substr(0, n.size() - 1)),
              "kubectl exec " + n + selection.name + " -- ip addr",
              "kubectl exec " + n + selection.name + " -- ip route",
              "kubectl exec " + n + selection.name + " -- cat /etc/resolv.conf"};
    case SelectionKind::Node: {
      const std::string node = "node " + selection.name + " -- ";
      return {node + "ip route", node + "ip neigh", node + "bridge fdb", node + "iptables-save -t nat"};
    }
    case SelectionKind::Service: {
      std::vector<std::string> lines = {"kubectl get service " + n + selection.name,
                                        "kubectl get endpointslices " + n + "-l kubernetes.io/service-name=" + selection.name};
      const ServiceRecord* record = k8s::find_service(world, selection.namespace_name, selection.name);
      const std::string node = first_node_name(world);
      if (record && !node.empty())
        for (const std::string& chain : service_chains(*record)) lines.push_back("node " + node + " -- iptables -t nat -S " + chain);
      return lines;
    }
  }
  return {};
}

void refresh_object_inspector(ObjectInspector& inspector, const lab::Session& session, const TopologyLayout& layout,
                              const LayoutOptions& options) {
  if (inspector.built_for == inspector.selection && inspector.revision == session.revision() && inspector.options == options)
    return;
  inspector.built_for = inspector.selection;
  inspector.revision = session.revision();
  inspector.options = options;
  inspector.title.clear();
  inspector.facts.clear();
  inspector.sections.clear();
  const World& world = session.world();
  const Selection& selection = inspector.selection;
  inspector.highlight = highlight_selection(world, layout, selection);
  if (selection.empty() || !inspector.highlight.found) return;
  inspector.title = std::string(selection_kind_name(selection.kind)) + " " +
                    (selection.namespace_name.empty() ? "" : selection.namespace_name + "/") + selection.name;
  switch (selection.kind) {
    case SelectionKind::None: break;
    case SelectionKind::Pod: describe_pod(inspector, world, selection); break;
    case SelectionKind::Node: describe_node(inspector, world, selection); break;
    case SelectionKind::Service: describe_service(inspector, world, selection); break;
  }
  add_sections(inspector, session, inspector_commands(world, selection));
  // Each KUBE-SVC chain jumps to one KUBE-SEP chain per endpoint: list those after it.
  std::vector<std::string> endpoint_lines;
  for (const InspectorSection& section : inspector.sections) {
    const size_t chain = section.command.find(" -S KUBE-SVC-");
    if (chain == std::string::npos || !section.ok) continue;
    const std::string prefix = section.command.substr(0, chain + 4);
    for (const std::string& endpoint : endpoint_chains(section.output)) endpoint_lines.push_back(prefix + endpoint);
  }
  if (!endpoint_lines.empty()) add_sections(inspector, session, endpoint_lines);
}

}  // namespace podlab::web
