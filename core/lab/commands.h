// Internal to core/lab: the console's command handlers, one file per family (kubectl_*.cpp,
// tools.cpp for what runs inside a pod or on a node, lab_commands.cpp), sharing this context.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/session.h"

namespace podlab::lab {

struct Context {
  World& world;
  CommandResult& result;
  std::map<std::string, std::string>& files;
  std::vector<std::pair<SimTime, net::Packet>>& captured;
  uint64_t seed;
  std::string stdin_text;  // what followed the first line (a pasted manifest)

  void print(const std::string& text) { result.output += text; }
  // The API server's warnings, as kubectl prints them before the object's line.
  void print_warnings(const std::vector<Diagnostic>& warnings) {
    for (const Diagnostic& warning : warnings) result.output += "Warning: " + warning.message + "\n";
  }
  // Prints the message as the tool would and marks the line as failed. Returns false.
  bool fail(const std::string& message) {
    result.ok = false;
    result.output += message;
    if (!message.empty() && message.back() != '\n') result.output += "\n";
    return false;
  }
};

// Options in kubectl's style: "-n NS", "--namespace=NS", "--namespace NS", boolean "-A".
class Options {
 public:
  // `with_value` lists the options that take a value (both spellings, e.g. {"-n", "--namespace"}).
  static Result<Options> parse(const std::vector<std::string>& words,
                               const std::vector<std::vector<std::string>>& with_value,
                               const std::vector<std::vector<std::string>>& flags);
  std::optional<std::string> value(const std::string& name) const;
  bool flag(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  const std::vector<std::string>& after_dashes() const { return after_dashes_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> flags_;
  std::vector<std::string> positional_;
  std::vector<std::string> after_dashes_;
};

bool run_kubectl(Context& context, const std::vector<std::string>& words);
bool run_node_command(Context& context, const std::vector<std::string>& words);
bool run_lab_command(Context& context, const std::vector<std::string>& words, Session& session);
// `lab lesson …` and `lab exercise …` (lesson_commands.cpp, exercise_commands.cpp).
bool run_lesson_command(Context& context, const std::vector<std::string>& words, Session& session);
bool run_exercise_command(Context& context, const std::vector<std::string>& words, Session& session);
// Moves the running lesson to `step`: its goals start unmet, its action lines run.
void enter_lesson_step(Context& context, Session& session, size_t step);
// A command inside a network namespace: a pod's (`kubectl exec`) or a node's (`node NODE --`).
bool run_in_namespace(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& argv);
// iptables-save and conntrack, when argv names one of them (netfilter_tools.cpp).
std::optional<bool> run_netfilter_tool(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& argv);

// dig, nslookup, host and getent inside a namespace (dns_tools.cpp).
bool is_dns_tool(const std::string& program);
bool run_dns_tool(Context& context, NetnsId netns, PodId pod, const std::vector<std::string>& argv);

// kubectl get|describe for services, endpoints and endpointslices, and kubectl expose.
bool get_service_resources(Context& context, const std::string& kind, const std::string& name,
                           const std::string& namespace_name, bool all_namespaces, const std::string& format,
                           const k8s::LabelSelector& selector);
bool describe_service(Context& context, const std::string& name, const std::string& namespace_name);
bool expose(Context& context, const std::vector<std::string>& args);
nlohmann::json service_json(const ServiceRecord& record);

// kubectl label TYPE NAME... KEY=VALUE... (kubectl_label.cpp) and kubectl patch TYPE NAME -p PATCH
// (kubectl_patch.cpp).
bool label(Context& context, const std::vector<std::string>& args);
bool patch(Context& context, const std::vector<std::string>& args);

// kubectl get|describe configmap, and kubectl edit KIND NAME with the edited object on stdin.
bool get_config_maps(Context& context, const std::string& name, const std::string& namespace_name,
                     bool all_namespaces, const std::string& format, const k8s::LabelSelector& selector);
bool describe_config_map(Context& context, const std::string& name, const std::string& namespace_name);
bool edit(Context& context, const std::string& kind, const std::string& name, const std::string& namespace_name);

// [SECTION] Shared look-ups and views
std::string pod_display_name(const World& world, PodId pod);
// Kubernetes API JSON of objects with their status, for -o json|yaml.
nlohmann::json pod_json(const World& world, PodId pod);
nlohmann::json node_json(const World& world, NodeId node);
nlohmann::json namespace_json(const World& world, const NamespaceRecord& record);
nlohmann::json workload_json(const WorkloadRecord& record);
nlohmann::json service_json(const ServiceRecord& record);
nlohmann::json config_map_json(const ConfigMapRecord& record);

// `lab export`: the lab's objects as one multi-document manifest that applies back (lab_export.cpp).
std::string export_manifests(const World& world);

}  // namespace podlab::lab
