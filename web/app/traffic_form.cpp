#include "web/app/traffic_form.h"

#include <algorithm>
#include <cstring>

namespace podlab::web {

bool refresh_traffic_choices(TrafficChoices& choices, const lab::Session& session) {
  if (choices.revision == session.revision()) return false;
  choices.revision = session.revision();
  choices.sources.clear();
  choices.targets.clear();
  const World& world = session.world();
  std::vector<PodId> pods = world.pods.ids();
  // Node by node in creation order, then by name: the order the canvas shows them in.
  std::sort(pods.begin(), pods.end(), [&](PodId a, PodId b) {
    const PodRecord& pa = world.pods.at(a);
    const PodRecord& pb = world.pods.at(b);
    const Node* na = world.nodes.get(pa.node);
    const Node* nb = world.nodes.get(pb.node);
    const uint64_t ca = na ? na->created : 0;
    const uint64_t cb = nb ? nb->created : 0;
    return std::tie(ca, pa.pod.metadata.namespace_name, pa.pod.metadata.name) <
           std::tie(cb, pb.pod.metadata.namespace_name, pb.pod.metadata.name);
  });
  for (PodId id : pods) {
    const PodRecord& pod = world.pods.at(id);
    if (pod.phase != PodPhase::Running || pod.ip.is_unspecified()) continue;
    const Node* node = world.nodes.get(pod.node);
    const std::string node_name = node ? node->name : std::string();
    const std::string name = pod.pod.metadata.namespace_name == "default"
                                 ? pod.pod.metadata.name
                                 : pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name;
    const std::string label = name + "  ·  " + pod.ip.to_string() + "  ·  " + node_name;
    // kube-system's pods (CoreDNS) run images without a shell or tools: nothing to send from.
    if (!pod.pod.spec.host_network && pod.pod.metadata.namespace_name != "kube-system")
      choices.sources.push_back(TrafficSource{pod.pod.metadata.namespace_name, pod.pod.metadata.name, label, node_name});
    int port = 80;
    if (const Netns* netns = world.namespaces_net.get(pod.netns); netns && !pod.pod.spec.host_network)
      for (const ListeningSocket& socket : netns->listeners)
        if (socket.protocol == 6) {
          port = socket.port;
          break;
        }
    choices.targets.push_back(TrafficTarget{pod.ip.to_string(), port, label, node_name});
  }
  for (const ServiceRecord& service : world.services) {
    if (service.cluster_ip.is_unspecified() || service.service.spec.ports.empty()) continue;
    const int port = service.service.spec.ports.front().port;
    const std::string& ns = service.service.metadata.namespace_name;
    choices.targets.push_back(TrafficTarget{
        service.cluster_ip.to_string(), port,
        "Service " + (ns == "default" ? std::string() : ns + "/") + service.service.metadata.name + "  ·  " +
            service.cluster_ip.to_string() + ":" + std::to_string(port),
        std::string()});
  }
  for (const ServiceRecord& service : world.services) {
    if (service.service.spec.ports.empty()) continue;
    const int port = service.service.spec.ports.front().port;
    const std::string& ns = service.service.metadata.namespace_name;
    const std::string& name = service.service.metadata.name;
    choices.targets.push_back(TrafficTarget{std::string(), port,
                                            "Service " + (ns == "default" ? std::string() : ns + "/") + name + "  ·  DNS " +
                                                name + "." + ns + (port != 80 ? ":" + std::to_string(port) : std::string()),
                                            std::string(), name, ns});
  }
  return true;
}

void settle_traffic_form(TrafficForm& form, const TrafficChoices& choices) {
  if (form.source >= choices.sources.size()) form.source = 0;
  if (form.target != SIZE_MAX && form.target > choices.targets.size()) form.target = SIZE_MAX;
  if (form.target == SIZE_MAX && !choices.sources.empty()) {
    const TrafficSource& source = choices.sources[form.source];
    size_t fallback = SIZE_MAX;
    for (size_t i = 0; i < choices.targets.size(); ++i) {
      const TrafficTarget& target = choices.targets[i];
      if (target.label == source.label) continue;  // not itself
      if (!target.node.empty() && target.node != source.node) {
        form.target = i;
        break;
      }
      if (fallback == SIZE_MAX) fallback = i;
    }
    if (form.target == SIZE_MAX) form.target = fallback;
  }
  form.command = traffic_command(choices, form);
}

std::string traffic_command(const TrafficChoices& choices, const TrafficForm& form) {
  if (form.source >= choices.sources.size()) return "";
  const TrafficSource& source = choices.sources[form.source];
  std::string host;
  int port = 0;
  if (form.target < choices.targets.size()) {
    const TrafficTarget& target = choices.targets[form.target];
    host = target.address;
    if (!target.service_name.empty())
      host = target.service_namespace == source.namespace_name ? target.service_name
                                                               : target.service_name + "." + target.service_namespace;
    port = target.port;
  } else if (form.target == choices.targets.size()) {
    const char* typed = form.other.data();
    while (*typed == ' ') ++typed;
    host.assign(typed, strnlen(typed, form.other.size() - static_cast<size_t>(typed - form.other.data())));
    while (!host.empty() && host.back() == ' ') host.pop_back();
    if (host.find(' ') != std::string::npos) return "";
  }
  if (host.empty()) return "";
  std::string line = "kubectl exec ";
  if (source.namespace_name != "default") line += "-n " + source.namespace_name + " ";
  line += source.name + " -- ";
  if (form.tool == TrafficTool::Ping) return line + "ping -c 1 " + host;
  std::string url = host;
  if (!url.starts_with("http://")) url = "http://" + url + (port > 0 && port != 80 ? ":" + std::to_string(port) : "") + "/";
  return line + "curl -s " + url;
}

}  // namespace podlab::web
