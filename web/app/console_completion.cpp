#include "web/app/console_completion.h"

#include <algorithm>
#include <optional>

namespace podlab::web {

namespace {

using Words = std::vector<std::string>;

const Words kubectl_verbs = {"apply", "create", "delete", "describe", "edit", "exec", "expose", "get", "run", "scale", "version"};
const Words kinds = {"configmaps", "deployments", "endpoints", "endpointslices", "namespaces",
                     "nodes", "pods", "replicasets", "services"};
const Words tools = {"bridge", "cat", "conntrack", "curl", "dig", "getent", "host", "hostname", "ip",
                     "iptables", "iptables-save", "ls", "nslookup", "ping", "traceroute"};
const Words lab_verbs = {"cluster", "cni", "container", "datapath", "external", "fingerprint",
                         "node", "reset", "route", "run", "step", "tunnel"};

// The canonical kind a kubectl resource word names, as core/lab/kubectl.cpp accepts them.
std::string kind_of(const std::string& word) {
  static const std::vector<std::pair<Words, std::string>> names = {
      {{"pod", "pods", "po"}, "pods"},
      {{"node", "nodes", "no"}, "nodes"},
      {{"namespace", "namespaces", "ns"}, "namespaces"},
      {{"deployment", "deployments", "deploy"}, "deployments"},
      {{"replicaset", "replicasets", "rs"}, "replicasets"},
      {{"service", "services", "svc"}, "services"},
      {{"configmap", "configmaps", "cm"}, "configmaps"},
      {{"endpoints", "ep"}, "endpoints"},
      {{"endpointslice", "endpointslices"}, "endpointslices"},
  };
  for (const auto& [aliases, kind] : names)
    if (std::find(aliases.begin(), aliases.end(), word) != aliases.end()) return kind;
  return "";
}

// Names of the objects of `kind` in `namespace_name` (nodes and namespaces have none).
Words object_names(const World& world, const std::string& kind, const std::string& namespace_name) {
  Words names;
  if (kind == "pods")
    world.pods.for_each([&](PodId, const PodRecord& pod) {
      if (pod.pod.metadata.namespace_name == namespace_name) names.push_back(pod.pod.metadata.name);
    });
  if (kind == "nodes") world.nodes.for_each([&](NodeId, const Node& node) { names.push_back(node.name); });
  if (kind == "namespaces")
    for (const NamespaceRecord& record : world.namespaces) names.push_back(record.name);
  for (const ServiceRecord& record : world.services) {
    if (record.service.metadata.namespace_name != namespace_name) continue;
    if (kind == "services" || kind == "endpoints") names.push_back(record.service.metadata.name);
    if (kind == "endpointslices")
      for (const EndpointSliceRecord& slice : record.slices) names.push_back(slice.name);
  }
  if (kind == "configmaps")
    for (const ConfigMapRecord& record : world.config_maps)
      if (record.config_map.metadata.namespace_name == namespace_name) names.push_back(record.config_map.metadata.name);
  for (const WorkloadRecord& record : world.workloads) {
    if (record.namespace_name != namespace_name) continue;
    if ((kind == "deployments" && record.kind == WorkloadRecord::Kind::Deployment) ||
        (kind == "replicasets" && record.kind == WorkloadRecord::Kind::ReplicaSet))
      names.push_back(record.name);
  }
  return names;
}

Words split(const std::string& text) {
  Words words;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string namespace_of(const Words& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    if ((words[i] == "-n" || words[i] == "--namespace") && i + 1 < words.size()) return words[i + 1];
    if (words[i].starts_with("--namespace=")) return words[i].substr(12);
  }
  return "default";
}

// The words that are not flags or flag values, after words[from].
Words positionals(const Words& words, size_t from) {
  Words found;
  for (size_t i = from; i < words.size(); ++i) {
    if (words[i] == "--") break;
    if (words[i] == "-n" || words[i] == "--namespace" || words[i] == "-o" || words[i] == "--output" ||
        words[i] == "-c" || words[i] == "--container" || words[i] == "-l" || words[i] == "--selector") {
      ++i;
      continue;
    }
    if (words[i].starts_with("-")) continue;
    found.push_back(words[i]);
  }
  return found;
}

// After `-- `: a tool, then its own words.
Words after_dashes(const Words& command) {
  if (command.empty()) return tools;
  if (command.size() > 1) return {};
  if (command[0] == "ip") return {"addr", "link", "neigh", "route"};
  if (command[0] == "bridge") return {"fdb"};
  if (command[0] == "cat") return {"/etc/hostname", "/etc/hosts", "/etc/resolv.conf"};
  if (command[0] == "iptables-save" || command[0] == "iptables") return {"-t"};
  return {};
}

std::optional<Words> tool_words(const Words& words) {
  const auto dashes = std::find(words.begin(), words.end(), "--");
  if (dashes == words.end()) return std::nullopt;
  return after_dashes(Words(dashes + 1, words.end()));
}

Words kubectl_candidates(const World& world, const Words& words) {
  const std::string& previous = words.back();
  const std::string ns = namespace_of(words);
  if (previous == "-n" || previous == "--namespace") return object_names(world, "namespaces", "");
  if (previous == "-o" || previous == "--output") return {"json", "wide", "yaml"};
  if (auto tool = tool_words(words)) return *tool;
  const Words given = positionals(words, 1);
  if (given.empty()) return kubectl_verbs;
  const std::string& verb = given[0];
  if (verb == "exec") return given.size() == 1 ? object_names(world, "pods", ns) : Words{"--"};
  if (verb == "create" && given.size() == 1) return {"deployment", "namespace"};
  if (verb == "get" || verb == "describe" || verb == "delete" || verb == "edit" || verb == "scale" || verb == "expose") {
    if (given.size() == 1) return kinds;
    if (given.size() == 2 && given[1].find('/') == std::string::npos) return object_names(world, kind_of(given[1]), ns);
  }
  return {};
}

Words node_candidates(const World& world, const Words& words) {
  if (auto tool = tool_words(words)) return *tool;
  if (words.size() == 1) return object_names(world, "nodes", "");
  if (words.size() == 2) return {"--"};
  return {};
}

Words lab_candidates(const World& world, const Words& words) {
  if (auto tool = tool_words(words)) return *tool;
  const Words given = positionals(words, 1);
  const std::string ns = namespace_of(words);
  if (given.empty()) return lab_verbs;
  const std::string& verb = given[0];
  if (given.size() == 1) {
    if (verb == "node" || verb == "tunnel" || verb == "route") return {"add", "delete"};
    if (verb == "datapath") return {"calico-ipip", "flannel-vxlan", "manual", "routed"};
    if (verb == "container") return {"restart"};
    if (verb == "cni") return {"check", "result"};
    if (verb == "cluster") return {"init"};
    if (verb == "external") return {"--"};
    return {};
  }
  if (given.size() == 2) {
    if (verb == "container" || verb == "cni") return object_names(world, "pods", ns);
    if ((verb == "node" && given[1] == "delete") || verb == "route") return object_names(world, "nodes", "");
  }
  return {};
}

std::string common_prefix(const Words& words) {
  std::string prefix = words.front();
  for (const std::string& word : words) {
    size_t length = 0;
    while (length < prefix.size() && length < word.size() && prefix[length] == word[length]) ++length;
    prefix.resize(length);
  }
  return prefix;
}

}  // namespace

Completion complete_console_line(const World& world, const std::string& before_cursor) {
  Completion completion{before_cursor, {}};
  const size_t word_start = before_cursor.find_last_of(' ') == std::string::npos ? 0 : before_cursor.find_last_of(' ') + 1;
  const std::string word = before_cursor.substr(word_start);
  const Words words = split(before_cursor.substr(0, word_start));
  Words options;
  if (words.empty()) options = {"help", "kubectl", "lab", "node"};
  else if (words[0] == "kubectl" || words[0] == "k") options = kubectl_candidates(world, words);
  else if (words[0] == "node") options = node_candidates(world, words);
  else if (words[0] == "lab") options = lab_candidates(world, words);

  // "pod/we" completes the names after the kind's slash, as kubectl's own completion does.
  std::string kind_prefix;
  if (const size_t slash = word.find('/'); slash != std::string::npos && !word.starts_with("/") && !words.empty() &&
                                           (words[0] == "kubectl" || words[0] == "k")) {
    kind_prefix = word.substr(0, slash + 1);
    options = object_names(world, kind_of(word.substr(0, slash)), namespace_of(words));
  }
  const std::string partial = word.substr(kind_prefix.size());
  Words fitting;
  for (const std::string& option : options)
    if (option.starts_with(partial)) fitting.push_back(kind_prefix + option);
  std::sort(fitting.begin(), fitting.end());
  fitting.erase(std::unique(fitting.begin(), fitting.end()), fitting.end());
  if (fitting.empty()) return completion;
  const std::string head = before_cursor.substr(0, word_start);
  if (fitting.size() == 1) {
    completion.text = head + fitting.front() + " ";
    return completion;
  }
  completion.text = head + common_prefix(fitting);
  completion.candidates = std::move(fitting);
  return completion;
}

std::string candidates_line(const std::vector<std::string>& candidates) {
  std::string line;
  for (const std::string& candidate : candidates) line += (line.empty() ? "" : "  ") + candidate;
  return line;
}

}  // namespace podlab::web
