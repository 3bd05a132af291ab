#include "web/app/build_forms.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <string_view>

#include "core/k8s/api.h"
#include "core/k8s/cluster.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/services.h"
#include "core/k8s/validation.h"

namespace podlab::web {

namespace {

std::string_view trimmed(const TextField& field) {
  std::string_view text(field.data(), strnlen(field.data(), field.size()));
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

void set_text(TextField& field, std::string_view text) {
  field.fill('\0');
  std::memcpy(field.data(), text.data(), std::min(text.size(), field.size() - 1));
}

std::string namespace_flag(const std::string& namespace_name) {
  return namespace_name == "default" ? std::string() : " -n " + namespace_name;
}

// A port number as typed: 1 to 65535, digits only.
std::optional<int> port_number(std::string_view text) {
  if (text.empty() || text.size() > 5 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int value = std::atoi(std::string(text).c_str());
  if (value < 1 || value > 65535) return std::nullopt;
  return value;
}

// A YAML scalar for a label value: quoted when YAML would read it as something other than text.
std::string yaml_value(const std::string& value) {
  static constexpr std::array<std::string_view, 11> special{"true", "false", "yes", "no", "on", "off",
                                                            "null", "True", "False", "Yes", "No"};
  const bool numeric = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
  if (value.empty() || numeric || std::find(special.begin(), special.end(), value) != special.end())
    return "\"" + value + "\"";
  return value;
}

std::string labels_yaml(const std::map<std::string, std::string>& labels, const char* indent) {
  std::string text;
  for (const auto& [key, value] : labels) text += std::string(indent) + key + ": " + yaml_value(value) + "\n";
  return text;
}

std::string here_document(const std::string& manifest) { return "kubectl apply -f - <<EOF\n" + manifest + "EOF"; }

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

class Checker {
 public:
  explicit Checker(FormCheck& check) : check_(check) {}
  void add(const char* field, Text text, std::string detail = {}) {
    check_.problems.push_back(FieldProblem{field, text, std::move(detail)});
  }
  // A name that must be present and follow `rule`; returns false (with the problem added) otherwise.
  bool name(const char* field, std::string_view text, std::optional<std::string> (*rule)(std::string_view)) {
    if (text.empty()) {
      add(field, Text::ProblemRequired);
      return false;
    }
    if (auto reason = rule(text)) {
      add(field, Text::ProblemInvalidName, *reason);
      return false;
    }
    return true;
  }
  std::optional<Ipv4Cidr> cidr(const char* field, std::string_view text) {
    auto value = Ipv4Cidr::parse(text);
    if (!value) add(field, text.empty() ? Text::ProblemRequired : Text::ProblemCidr);
    return value;
  }
  std::optional<int> port(const char* field, std::string_view text) {
    auto value = port_number(text);
    if (!value) add(field, text.empty() ? Text::ProblemRequired : Text::ProblemPort);
    return value;
  }
  void node(const char* field, const std::string& name, const BuildChoices& choices) {
    if (name.empty()) add(field, Text::ProblemRequired);
    else if (!contains(choices.nodes, name)) add(field, Text::ProblemNoNode, name);
  }
  bool clean() const { return check_.problems.empty(); }

 private:
  FormCheck& check_;
};

// [SECTION] One function per form

void check_cluster(const ClusterFields& fields, FormCheck& check) {
  Checker checker(check);
  if (fields.nodes < 1 || fields.nodes > 200) checker.add("nodes", Text::ProblemNodeCount);
  const auto pods = checker.cidr("pod-cidr", trimmed(fields.pod_cidr));
  const auto services = checker.cidr("service-cidr", trimmed(fields.service_cidr));
  if (pods && services && (pods->contains(*services) || services->contains(*pods)))
    checker.add("service-cidr", Text::ProblemCidrOverlap, pods->canonical().to_string());
  if (!checker.clean()) return;
  const size_t datapath = static_cast<size_t>(std::clamp(fields.datapath, 0, static_cast<int>(datapath_choices.size()) - 1));
  check.line = "lab cluster init --nodes " + std::to_string(fields.nodes) + " --datapath " +
               datapath_choices[datapath].name + " --pod-network-cidr " + pods->canonical().to_string() +
               " --service-cidr " + services->canonical().to_string();
}

void check_node(const NodeFields& fields, const BuildChoices& choices, FormCheck& check) {
  Checker checker(check);
  const std::string name(trimmed(fields.name));
  if (checker.name("name", name, k8s::check_dns1123_subdomain) && contains(choices.nodes, name))
    checker.add("name", Text::ProblemDuplicate, name);
  const std::string_view ip = trimmed(fields.ip);
  if (!ip.empty() && !Ipv4Address::parse(ip)) checker.add("ip", Text::ProblemIp);
  if (!checker.clean()) return;
  check.line = "lab node add " + name + (ip.empty() ? std::string() : " --ip " + std::string(ip));
}

void check_namespace(const NamespaceFields& fields, const BuildChoices& choices, FormCheck& check) {
  Checker checker(check);
  const std::string name(trimmed(fields.name));
  if (checker.name("name", name, k8s::check_dns1123_label) && contains(choices.namespaces, name))
    checker.add("name", Text::ProblemDuplicate, name);
  if (checker.clean()) check.line = "kubectl create namespace " + name;
}

// Field names for the rows of the container list, published as "image.0", "port.1" …
constexpr std::array<const char*, max_containers> container_name_fields{"container.0", "container.1", "container.2", "container.3"};
constexpr std::array<const char*, max_containers> image_fields{"image.0", "image.1", "image.2", "image.3"};
constexpr std::array<const char*, max_containers> port_fields{"port.0", "port.1", "port.2", "port.3"};

void check_pod(const PodFields& fields, const BuildChoices& choices, const World& world, FormCheck& check) {
  Checker checker(check);
  const std::string name(trimmed(fields.name));
  if (checker.name("name", name, k8s::check_dns1123_subdomain) && k8s::find_pod(world, fields.namespace_name, name).valid())
    checker.add("name", Text::ProblemDuplicate, name);
  if (!contains(choices.namespaces, fields.namespace_name)) checker.add("namespace", Text::ProblemNoNamespace, fields.namespace_name);
  if (!fields.node.empty() && !contains(choices.nodes, fields.node)) checker.add("node", Text::ProblemNoNode, fields.node);
  std::map<std::string, std::string> labels;
  const std::string_view label_text = trimmed(fields.labels);
  if (!label_text.empty())
    if (auto reason = k8s::parse_label_list(label_text, labels)) checker.add("labels", Text::ProblemLabels, *reason);
  struct Container {
    std::string name, image;
    std::optional<int> port;
  };
  std::vector<Container> containers;
  for (size_t i = 0; i < fields.containers.size() && i < max_containers; ++i) {
    const ContainerFields& row = fields.containers[i];
    Container container{std::string(trimmed(row.name)), std::string(trimmed(row.image)), std::nullopt};
    const bool named_after_pod = container.name.empty() && i == 0;
    if (named_after_pod) container.name = name;
    // A container named after a pod whose name is wrong already: the pod's name is the one thing to fix.
    const bool name_checked = !(named_after_pod && check.problem("name"));
    if (name_checked && container.name.empty()) {
      checker.add(container_name_fields[i], Text::ProblemRequired);
    } else if (name_checked) {
      if (auto reason = k8s::check_dns1123_label(container.name))
        checker.add(container_name_fields[i], Text::ProblemInvalidName, *reason);
      else if (std::any_of(containers.begin(), containers.end(), [&](const Container& c) { return c.name == container.name; }))
        checker.add(container_name_fields[i], Text::ProblemDuplicate, container.name);
    }
    if (container.image.empty()) checker.add(image_fields[i], Text::ProblemRequired);
    else if (container.image.find(' ') != std::string::npos) checker.add(image_fields[i], Text::ProblemImage);
    if (!trimmed(row.port).empty()) container.port = checker.port(port_fields[i], trimmed(row.port));
    containers.push_back(std::move(container));
  }
  if (!checker.clean()) return;
  // kubectl run makes one container named after the pod and lets the scheduler place it; anything
  // else is a manifest.
  if (fields.node.empty() && containers.size() == 1 && containers[0].name == name) {
    std::string line = "kubectl run " + name + " --image=" + containers[0].image;
    if (containers[0].port) line += " --port=" + std::to_string(*containers[0].port);
    if (!labels.empty()) {
      std::string joined;
      for (char c : label_text)
        if (c != ' ') joined += c;
      line += " --labels=" + joined;
    }
    check.line = line + namespace_flag(fields.namespace_name);
    return;
  }
  std::string manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n";
  if (fields.namespace_name != "default") manifest += "  namespace: " + fields.namespace_name + "\n";
  if (!labels.empty()) manifest += "  labels:\n" + labels_yaml(labels, "    ");
  manifest += "spec:\n";
  if (!fields.node.empty()) manifest += "  nodeName: " + fields.node + "\n";
  manifest += "  containers:\n";
  for (const Container& container : containers) {
    manifest += "  - name: " + container.name + "\n    image: " + container.image + "\n";
    if (container.port) manifest += "    ports:\n    - containerPort: " + std::to_string(*container.port) + "\n";
  }
  check.line = here_document(manifest);
}

void check_service(const ServiceFields& fields, const BuildChoices& choices, const World& world, FormCheck& check) {
  Checker checker(check);
  const std::string name(trimmed(fields.name));
  if (checker.name("name", name, k8s::check_dns1123_label) && k8s::find_service(world, fields.namespace_name, name))
    checker.add("name", Text::ProblemDuplicate, name);
  if (!contains(choices.namespaces, fields.namespace_name)) checker.add("namespace", Text::ProblemNoNamespace, fields.namespace_name);
  std::map<std::string, std::string> selector;
  const std::string_view selector_text = trimmed(fields.selector);
  if (selector_text.empty()) checker.add("selector", Text::ProblemRequired);
  else if (auto reason = k8s::parse_label_list(selector_text, selector)) checker.add("selector", Text::ProblemLabels, *reason);
  const auto port = checker.port("port", trimmed(fields.port));
  const std::string target(trimmed(fields.target_port));
  if (!target.empty() && !port_number(target)) {
    const bool digits = std::all_of(target.begin(), target.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) checker.add("target-port", Text::ProblemPort);
    else if (auto reason = k8s::check_port_name(target)) checker.add("target-port", Text::ProblemInvalidName, *reason);
  }
  if (!selector.empty()) {
    // Which pods it picks now, as the EndpointSlice controller will.
    world.pods.for_each([&](PodId, const PodRecord& pod) {
      if (pod.pod.metadata.namespace_name != fields.namespace_name) return;
      const bool matches = std::all_of(selector.begin(), selector.end(), [&](const auto& pair) {
        const auto found = pod.pod.metadata.labels.find(pair.first);
        return found != pod.pod.metadata.labels.end() && found->second == pair.second;
      });
      if (!matches) return;
      if (!check.selected.empty()) check.selected += ", ";
      check.selected += pod.pod.metadata.name;
    });
  }
  if (!checker.clean()) return;
  std::string manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n";
  if (fields.namespace_name != "default") manifest += "  namespace: " + fields.namespace_name + "\n";
  manifest += std::string("spec:\n  type: ") + (fields.node_port ? "NodePort" : "ClusterIP") + "\n  selector:\n" +
              labels_yaml(selector, "    ") + "  ports:\n  - port: " + std::to_string(*port) + "\n";
  if (!target.empty()) manifest += "    targetPort: " + (port_number(target) ? target : yaml_value(target)) + "\n";
  check.line = here_document(manifest);
}

void check_tunnel(const TunnelFields& fields, const BuildChoices& choices, FormCheck& check) {
  Checker checker(check);
  const std::string name(trimmed(fields.name));
  // IFNAMSIZ: 15 characters, and the kernel refuses spaces and '/'.
  if (name.empty()) checker.add("name", Text::ProblemRequired);
  else if (name.size() > 15 || name.find_first_of(" /:") != std::string::npos) checker.add("name", Text::ProblemDeviceName);
  checker.node("from", fields.from, choices);
  checker.node("to", fields.to, choices);
  if (!fields.from.empty() && fields.from == fields.to) checker.add("to", Text::ProblemSameNode);
  if (checker.clean()) check.line = "lab tunnel add " + name + " --from " + fields.from + " --to " + fields.to;
}

void check_route(const RouteFields& fields, const BuildChoices& choices, const World& world, FormCheck& check) {
  Checker checker(check);
  checker.node("node", fields.node, choices);
  const std::string destination(trimmed(fields.destination));
  if (destination != "default") checker.cidr("destination", destination);
  std::string next_hop;
  if (fields.via_gateway) {
    const std::string_view gateway = trimmed(fields.gateway);
    if (gateway.empty()) checker.add("gateway", Text::ProblemRequired);
    else if (!Ipv4Address::parse(gateway)) checker.add("gateway", Text::ProblemIp);
    next_hop = " via " + std::string(gateway);
  } else {
    const std::string device(trimmed(fields.device));
    const NodeId node = k8s::find_node(world, fields.node);
    if (device.empty()) checker.add("device", Text::ProblemRequired);
    else if (node.valid() && !find_device(world, world.nodes.at(node).host_netns, device).valid())
      checker.add("device", Text::ProblemNoDevice, device);
    next_hop = " dev " + device;
  }
  if (checker.clean()) check.line = "lab route add " + fields.node + " " + destination + next_hop;
}

void refresh_choices(BuildChoices& choices, const World& world) {
  choices.namespaces.clear();
  for (const NamespaceRecord& record : world.namespaces) choices.namespaces.push_back(record.name);
  choices.nodes.clear();
  for (NodeId id : world.nodes.ids()) choices.nodes.push_back(world.nodes.at(id).name);
}

}  // namespace

const FieldProblem* FormCheck::problem(const char* field) const {
  for (const FieldProblem& problem : problems)
    if (std::strcmp(problem.field, field) == 0) return &problem;
  return nullptr;
}

FormCheck check_build_form(const BuildForms& forms, const lab::Session& session) {
  FormCheck check;
  const World& world = session.world();
  switch (forms.open) {
    case BuildForm::None: break;
    case BuildForm::Cluster: check_cluster(forms.cluster, check); break;
    case BuildForm::Node: check_node(forms.node, forms.choices, check); break;
    case BuildForm::Namespace: check_namespace(forms.namespace_fields, forms.choices, check); break;
    case BuildForm::Pod: check_pod(forms.pod, forms.choices, world, check); break;
    case BuildForm::Service: check_service(forms.service, forms.choices, world, check); break;
    case BuildForm::Tunnel: check_tunnel(forms.tunnel, forms.choices, check); break;
    case BuildForm::Route: check_route(forms.route, forms.choices, world, check); break;
  }
  return check;
}

void open_build_form(BuildForms& forms, BuildForm form, const lab::Session& session, const std::string& node) {
  refresh_choices(forms.choices, session.world());
  const std::vector<std::string>& nodes = forms.choices.nodes;
  forms.open = form;
  forms.raise = true;
  forms.problem_slots.clear();
  forms.refused.clear();
  forms.awaiting_console = UINT64_MAX;
  forms.dirty = true;
  switch (form) {
    case BuildForm::None: break;
    case BuildForm::Cluster: forms.cluster = ClusterFields{}; break;
    case BuildForm::Node:
      forms.node = NodeFields{};
      set_text(forms.node.name, "node-" + std::to_string(nodes.size() + 1));
      break;
    case BuildForm::Namespace: forms.namespace_fields = NamespaceFields{}; break;
    case BuildForm::Pod:
      forms.pod = PodFields{};
      forms.pod.node = contains(nodes, node) ? node : std::string();
      break;
    case BuildForm::Service: forms.service = ServiceFields{}; break;
    case BuildForm::Tunnel:
      forms.tunnel = TunnelFields{};
      forms.tunnel.from = contains(nodes, node) ? node : (nodes.empty() ? std::string() : nodes[0]);
      for (const std::string& other : nodes)
        if (other != forms.tunnel.from) {
          forms.tunnel.to = other;
          break;
        }
      break;
    case BuildForm::Route:
      forms.route = RouteFields{};
      forms.route.node = contains(nodes, node) ? node : (nodes.empty() ? std::string() : nodes[0]);
      break;
  }
}

float reserve_problem_slot(BuildForms& forms, std::string_view field, float line_height, float problem_height) {
  const float needed = std::max(line_height, problem_height);
  for (auto& [name, height] : forms.problem_slots) {
    if (name != field) continue;
    height = std::max(height, needed);
    return height;
  }
  forms.problem_slots.emplace_back(std::string(field), needed);
  return needed;
}

void open_service_form_for_pod(BuildForms& forms, const lab::Session& session, const CanvasTarget& pod) {
  open_build_form(forms, BuildForm::Service, session);
  forms.service.namespace_name = pod.namespace_name;
  set_text(forms.service.name, pod.name);
  set_text(forms.service.selector, pod.labels);
  if (!pod.first_port.empty()) {
    set_text(forms.service.port, pod.first_port);
    set_text(forms.service.target_port, pod.first_port);
  }
}

void refresh_build_form(BuildForms& forms, const lab::Session& session) {
  if (forms.open == BuildForm::None) return;
  if (!forms.dirty && forms.checked_revision == session.revision()) return;
  if (forms.checked_revision != session.revision()) refresh_choices(forms.choices, session.world());
  forms.check = check_build_form(forms, session);
  forms.checked_revision = session.revision();
  forms.dirty = false;
}

void note_build_form_submitted(BuildForms& forms, const ConsoleModel& console) {
  forms.awaiting_console = console.revision() + 1;
  forms.submitted = forms.check.line;
  forms.refused.clear();
}

void settle_build_form(BuildForms& forms, const ConsoleModel& console) {
  if (forms.awaiting_console == UINT64_MAX || console.revision() < forms.awaiting_console) return;
  const bool ours = console.revision() == forms.awaiting_console && !console.entries().empty() &&
                    console.entries().back().command == forms.submitted;
  forms.awaiting_console = UINT64_MAX;
  if (!ours) return;
  if (console.entries().back().ok) {
    forms.open = BuildForm::None;
    return;
  }
  forms.refused = console.entries().back().output;
}

nlohmann::json build_form_json(const BuildForms& forms, Language language) {
  static constexpr std::array<const char*, 8> names{"none", "cluster", "node", "namespace", "pod", "service", "tunnel", "route"};
  if (forms.open == BuildForm::None) return nullptr;
  nlohmann::json problems = nlohmann::json::array();
  for (const FieldProblem& problem : forms.check.problems)
    problems.push_back({{"field", problem.field}, {"text", translate(language, problem.text)}, {"detail", problem.detail}});
  return {{"form", names[static_cast<size_t>(forms.open)]},
          {"line", forms.check.line},
          {"valid", forms.check.valid()},
          {"problems", problems},
          {"selected", forms.check.selected},
          {"refused", forms.refused}};
}

std::string delete_pod_line(const std::string& namespace_name, const std::string& name) {
  return "kubectl delete pod " + name + namespace_flag(namespace_name);
}

std::string delete_service_line(const std::string& namespace_name, const std::string& name) {
  return "kubectl delete service " + name + namespace_flag(namespace_name);
}

std::string delete_node_line(const std::string& name) { return "lab node delete " + name; }

std::string delete_namespace_line(const std::string& name) { return "kubectl delete namespace " + name; }

std::string restart_container_line(const std::string& namespace_name, const std::string& pod, const std::string& container) {
  return "lab container restart " + pod + " -c " + container + namespace_flag(namespace_name);
}

std::string datapath_line(size_t choice) {
  return std::string("lab datapath ") + datapath_choices[std::min(choice, datapath_choices.size() - 1)].name;
}

}  // namespace podlab::web
