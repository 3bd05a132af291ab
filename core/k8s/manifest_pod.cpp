// Metadata and the pod spec: the parts of a manifest a Pod shares with the templates of
// ReplicaSets and Deployments, read strictly and validated as the API server validates them.
#include <set>

#include "core/k8s/manifest_parts.h"
#include "core/k8s/validation.h"

namespace podlab::k8s {

namespace {

void check_name(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, const std::string& value,
                NameRule rule) {
  auto problem = rule == NameRule::Dns1123Label ? check_dns1123_label(value) : check_dns1123_subdomain(value);
  if (problem) decoder.invalid_value(node, path, *problem);
}

void decode_container_port(ManifestDecoder& decoder, const YamlNode& node, const std::string& path,
                           ContainerPort& out) {
  if (!decoder.expect_fields(node, path, {"name", "containerPort", "protocol", "hostPort"}, {"hostIP"})) return;
  if (decoder.read(node, "name", path, out.name)) {
    if (auto problem = check_port_name(out.name)) decoder.invalid_value(*node.find("name"), path + ".name", *problem);
  }
  if (decoder.read(node, "containerPort", path, out.container_port)) {
    if (out.container_port < 1 || out.container_port > 65535) {
      decoder.invalid_value(*node.find("containerPort"), path + ".containerPort",
                            "must be between 1 and 65535, inclusive");
    }
  } else if (node.find("containerPort") == nullptr || node.find("containerPort")->is_null()) {
    decoder.required(node, path + ".containerPort");
  }
  if (decoder.read(node, "hostPort", path, out.host_port) && (out.host_port < 0 || out.host_port > 65535)) {
    decoder.invalid_value(*node.find("hostPort"), path + ".hostPort", "must be between 1 and 65535, inclusive");
  }
  std::string protocol;
  if (decoder.read(node, "protocol", path, protocol)) {
    if (protocol == "TCP")
      out.protocol = Protocol::TCP;
    else if (protocol == "UDP")
      out.protocol = Protocol::UDP;
    else if (protocol == "SCTP")
      out.protocol = Protocol::SCTP;
    else
      report_unsupported(decoder, *node.find("protocol"), path + ".protocol", {"SCTP", "TCP", "UDP"});
  }
}

void decode_container(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, Container& out) {
  if (!decoder.expect_fields(
          node, path, {"name", "image", "command", "args", "ports"},
          {"imagePullPolicy", "env", "envFrom", "resources", "volumeMounts", "volumeDevices", "livenessProbe",
           "readinessProbe", "startupProbe", "lifecycle", "workingDir", "securityContext", "terminationMessagePath",
           "terminationMessagePolicy", "stdin", "stdinOnce", "tty", "resizePolicy", "restartPolicy"})) {
    return;
  }
  if (decoder.read(node, "name", path, out.name)) {
    check_name(decoder, *node.find("name"), path + ".name", out.name, NameRule::Dns1123Label);
  } else if (node.find("name") == nullptr || node.find("name")->is_null()) {
    decoder.required(node, path + ".name");
  }
  if (!decoder.read(node, "image", path, out.image) &&
      (node.find("image") == nullptr || node.find("image")->is_null())) {
    decoder.required(node, path + ".image");
  }
  decoder.read(node, "command", path, out.command);
  decoder.read(node, "args", path, out.args);
  const YamlNode* ports = decoder.list(node, "ports", path);
  if (ports == nullptr) return;
  std::set<std::string> port_names;
  for (size_t i = 0; i < ports->children.size(); ++i) {
    ContainerPort port;
    const std::string port_path = item_path(path + ".ports", i);
    decode_container_port(decoder, ports->children[i], port_path, port);
    if (!port.name.empty() && !port_names.insert(port.name).second) {
      decoder.report_at(*ports->children[i].find("name"), "manifest.duplicate-value",
                        port_path + ".name: Duplicate value: " + quoted(port.name));
    }
    out.ports.push_back(std::move(port));
  }
}

void decode_dns_config(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, PodDnsConfig& out) {
  if (!decoder.expect_fields(node, path, {"nameservers", "searches", "options"})) return;
  if (decoder.read(node, "nameservers", path, out.nameservers)) {
    const YamlNode& list = *node.find("nameservers");
    for (size_t i = 0; i < out.nameservers.size(); ++i) {
      if (!Ipv4Address::parse(out.nameservers[i])) {
        decoder.invalid_value(list.children[i], item_path(path + ".nameservers", i), "must be a valid IP address");
      }
    }
    if (out.nameservers.size() > 3) {
      decoder.invalid_value(list, path + ".nameservers", "must not have more than 3 nameservers");
    }
  }
  decoder.read(node, "searches", path, out.searches);
  const YamlNode* options = decoder.list(node, "options", path);
  if (options == nullptr) return;
  for (size_t i = 0; i < options->children.size(); ++i) {
    const YamlNode& option_node = options->children[i];
    const std::string option_path = item_path(path + ".options", i);
    if (!decoder.expect_fields(option_node, option_path, {"name", "value"})) continue;
    PodDnsOption option;
    if (!decoder.read(option_node, "name", option_path, option.name) && option_node.find("name") == nullptr) {
      decoder.required(option_node, option_path + ".name");
    }
    std::string value;
    if (decoder.read(option_node, "value", option_path, value)) option.value = value;
    out.options.push_back(std::move(option));
  }
}

void decode_dns_policy(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, PodSpec& out) {
  std::string policy;
  if (!decoder.read(node, "dnsPolicy", path, policy)) return;
  for (DnsPolicy candidate :
       {DnsPolicy::ClusterFirstWithHostNet, DnsPolicy::ClusterFirst, DnsPolicy::Default, DnsPolicy::None}) {
    if (policy == dns_policy_name(candidate)) {
      out.dns_policy = candidate;
      return;
    }
  }
  report_unsupported(decoder, *node.find("dnsPolicy"), path + ".dnsPolicy",
                     {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"});
}

void decode_toleration(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, Toleration& out) {
  if (!decoder.expect_fields(node, path, {"key", "operator", "value", "effect"}, {"tolerationSeconds"})) return;
  decoder.read(node, "key", path, out.key);
  std::string op;
  if (decoder.read(node, "operator", path, op)) {
    if (op == "Exists") out.op = TolerationOperator::Exists;
    else if (op == "Equal") out.op = TolerationOperator::Equal;
    else report_unsupported(decoder, *node.find("operator"), path + ".operator", {"Equal", "Exists"});
  }
  decoder.read(node, "value", path, out.value);
  if (out.op == TolerationOperator::Exists && !out.value.empty())
    decoder.invalid_value(*node.find("value"), path + ".operator", "value must be empty when `operator` is 'Exists'");
  if (out.key.empty() && out.op != TolerationOperator::Exists && node.find("operator"))
    decoder.invalid_value(*node.find("operator"), path + ".operator",
                          "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
  if (decoder.read(node, "effect", path, out.effect) && out.effect != "NoSchedule" &&
      out.effect != "PreferNoSchedule" && out.effect != "NoExecute")
    report_unsupported(decoder, *node.find("effect"), path + ".effect", {"NoExecute", "NoSchedule", "PreferNoSchedule"});
}

void decode_affinity_term(ManifestDecoder& decoder, const YamlNode& node, const std::string& path,
                          PodAffinityTerm& out) {
  if (!decoder.expect_fields(node, path, {"labelSelector", "namespaces", "topologyKey"},
                             {"namespaceSelector", "matchLabelKeys", "mismatchLabelKeys"}))
    return;
  decode_label_selector(decoder, node, "labelSelector", path, out.label_selector);
  decoder.read(node, "namespaces", path, out.namespaces);
  if (!decoder.read(node, "topologyKey", path, out.topology_key) || out.topology_key.empty())
    decoder.required(node, path + ".topologyKey", "can not be empty");
}

void decode_affinity(ManifestDecoder& decoder, const YamlNode& node, const std::string& path, Affinity& out) {
  // nodeAffinity and podAffinity are accepted and not simulated.
  if (!decoder.expect_fields(node, path, {"podAntiAffinity"}, {"nodeAffinity", "podAffinity"})) return;
  const YamlNode* anti = decoder.mapping(node, "podAntiAffinity", path);
  if (anti == nullptr) return;
  const std::string anti_path = path + ".podAntiAffinity";
  if (!decoder.expect_fields(*anti, anti_path,
                             {"requiredDuringSchedulingIgnoredDuringExecution",
                              "preferredDuringSchedulingIgnoredDuringExecution"}))
    return;
  PodAntiAffinity result;
  const std::string required_path = anti_path + ".requiredDuringSchedulingIgnoredDuringExecution";
  if (const YamlNode* required = decoder.list(*anti, "requiredDuringSchedulingIgnoredDuringExecution", anti_path)) {
    for (size_t i = 0; i < required->children.size(); ++i) {
      PodAffinityTerm term;
      decode_affinity_term(decoder, required->children[i], item_path(required_path, i), term);
      result.required.push_back(std::move(term));
    }
  }
  const std::string preferred_path = anti_path + ".preferredDuringSchedulingIgnoredDuringExecution";
  if (const YamlNode* preferred = decoder.list(*anti, "preferredDuringSchedulingIgnoredDuringExecution", anti_path)) {
    for (size_t i = 0; i < preferred->children.size(); ++i) {
      const YamlNode& item = preferred->children[i];
      const std::string item_at = item_path(preferred_path, i);
      if (!decoder.expect_fields(item, item_at, {"weight", "podAffinityTerm"})) continue;
      WeightedPodAffinityTerm term;
      if (!decoder.read(item, "weight", item_at, term.weight)) decoder.required(item, item_at + ".weight");
      else if (term.weight < 1 || term.weight > 100)
        decoder.invalid_value(*item.find("weight"), item_at + ".weight", "must be in the range 1-100");
      if (const YamlNode* inner = decoder.mapping(item, "podAffinityTerm", item_at))
        decode_affinity_term(decoder, *inner, item_at + ".podAffinityTerm", term.pod_affinity_term);
      else
        decoder.required(item, item_at + ".podAffinityTerm");
      result.preferred.push_back(std::move(term));
    }
  }
  out.pod_anti_affinity = std::move(result);
}

}  // namespace

void report_unsupported(ManifestDecoder& decoder, const YamlNode& node, const std::string& path,
                        std::initializer_list<const char*> supported) {
  std::string list;
  for (const char* value : supported) list += std::string(list.empty() ? "" : ", ") + quoted(value);
  decoder.report_at(node, "manifest.unsupported-value",
                    path + ": Unsupported value: " + describe_node(node) + ": supported values: " + list);
}

void decode_labels(ManifestDecoder& decoder, const YamlNode& parent, std::string_view key, const std::string& path,
                   Labels& out) {
  decoder.read(parent, key, path, out);
  const YamlNode* labels = parent.find(key);
  if (labels == nullptr || !labels->is_mapping()) return;
  const std::string labels_path = field_path(path, key);
  for (const YamlNode& entry : labels->children) {
    if (auto problem = check_qualified_name(entry.key)) {
      decoder.report("manifest.invalid-value", entry.key_line, entry.key_column,
                     labels_path + ": Invalid value: " + quoted(entry.key) + ": " + *problem);
    }
    if (!entry.is_scalar() || entry.scalar_type() != ScalarType::String) continue;
    if (auto problem = check_label_value(entry.value)) decoder.invalid_value(entry, labels_path, *problem);
  }
}

void decode_object_meta(ManifestDecoder& decoder, const YamlNode* node, const YamlNode& document,
                        const std::string& path, NameRule rule, NameRequirement requirement, ObjectMeta& out) {
  if (node != nullptr &&
      decoder.expect_fields(*node, path, {"name", "generateName", "namespace", "labels", "annotations"},
                            {"uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "finalizers",
                             "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"})) {
    if (decoder.read(*node, "name", path, out.name)) {
      check_name(decoder, *node->find("name"), path + ".name", out.name, rule);
    }
    if (decoder.read(*node, "generateName", path, out.generate_name)) {
      // The server appends five random characters, so only the prefix (without its dash) is checked.
      std::string prefix = out.generate_name;
      if (!prefix.empty() && prefix.back() == '-') prefix.pop_back();
      check_name(decoder, *node->find("generateName"), path + ".generateName", prefix, rule);
    }
    if (decoder.read(*node, "namespace", path, out.namespace_name)) {
      check_name(decoder, *node->find("namespace"), path + ".namespace", out.namespace_name, NameRule::Dns1123Label);
    }
    decode_labels(decoder, *node, "labels", path, out.labels);
    decoder.read(*node, "annotations", path, out.annotations);
    if (const YamlNode* annotations = node->find("annotations"); annotations && annotations->is_mapping()) {
      for (const YamlNode& entry : annotations->children) {
        if (auto problem = check_qualified_name(entry.key)) {
          decoder.report("manifest.invalid-value", entry.key_line, entry.key_column,
                         path + ".annotations: Invalid value: " + quoted(entry.key) + ": " + *problem);
        }
      }
    }
  }
  if (requirement == NameRequirement::Required && out.name.empty() && out.generate_name.empty()) {
    // A name of the wrong type, or metadata that is not a mapping, has been reported already.
    const YamlNode* written = document.find("metadata");
    const bool metadata_broken = node == nullptr && written != nullptr && !written->is_null();
    const bool name_present = node != nullptr && node->find("name") != nullptr && !node->find("name")->is_null();
    if (!name_present && !metadata_broken) {
      decoder.required(node ? *node : document, path + ".name", "name or generateName is required");
    }
  }
}

void decode_pod_spec(ManifestDecoder& decoder, const YamlNode* node, const YamlNode& parent, const std::string& path,
                     PodSpec& out) {
  if (node == nullptr) {
    decoder.required(parent, path);
    return;
  }
  if (!decoder.expect_fields(*node, path,
                             {"containers", "nodeName", "nodeSelector", "hostNetwork", "dnsPolicy", "dnsConfig",
                              "hostname", "subdomain", "restartPolicy", "tolerations", "affinity", "priorityClassName"},
                             {"volumes",
                              "initContainers",
                              "serviceAccountName",
                              "serviceAccount",
                              "automountServiceAccountToken",
                              "terminationGracePeriodSeconds",
                              "securityContext",
                              "imagePullSecrets",
                              "priority",
                              "schedulerName",
                              "enableServiceLinks",
                              "hostPID",
                              "hostIPC",
                              "shareProcessNamespace",
                              "activeDeadlineSeconds",
                              "topologySpreadConstraints",
                              "runtimeClassName",
                              "preemptionPolicy",
                              "readinessGates",
                              "hostAliases",
                              "setHostnameAsFQDN",
                              "overhead",
                              "os"})) {
    return;
  }
  const std::string containers_path = path + ".containers";
  const YamlNode* containers = decoder.list(*node, "containers", path);
  if (containers != nullptr) {
    std::set<std::string> names;
    for (size_t i = 0; i < containers->children.size(); ++i) {
      Container container;
      const std::string container_path = item_path(containers_path, i);
      decode_container(decoder, containers->children[i], container_path, container);
      if (!container.name.empty() && !names.insert(container.name).second) {
        decoder.report_at(*containers->children[i].find("name"), "manifest.duplicate-value",
                          container_path + ".name: Duplicate value: " + quoted(container.name));
      }
      out.containers.push_back(std::move(container));
    }
  }
  const YamlNode* containers_field = node->find("containers");
  if (out.containers.empty() &&
      (containers_field == nullptr || containers_field->is_sequence() || containers_field->is_null())) {
    decoder.required(containers_field && containers_field->is_sequence() ? *containers_field : *node, containers_path,
                     "a Pod needs at least one container");
  }
  if (decoder.read(*node, "nodeName", path, out.node_name)) {
    check_name(decoder, *node->find("nodeName"), path + ".nodeName", out.node_name, NameRule::Dns1123Subdomain);
  }
  decode_labels(decoder, *node, "nodeSelector", path, out.node_selector);
  decoder.read(*node, "hostNetwork", path, out.host_network);
  decode_dns_policy(decoder, *node, path, out);
  if (const YamlNode* dns_config = decoder.mapping(*node, "dnsConfig", path)) {
    out.dns_config.emplace();
    decode_dns_config(decoder, *dns_config, path + ".dnsConfig", *out.dns_config);
  }
  if (out.dns_policy == DnsPolicy::None && (!out.dns_config || out.dns_config->nameservers.empty())) {
    decoder.required(node->find("dnsPolicy") ? *node->find("dnsPolicy") : *node, path + ".dnsConfig.nameservers",
                     "must provide at least one DNS nameserver when dnsPolicy is None");
  }
  if (decoder.read(*node, "hostname", path, out.hostname)) {
    check_name(decoder, *node->find("hostname"), path + ".hostname", out.hostname, NameRule::Dns1123Label);
  }
  if (decoder.read(*node, "subdomain", path, out.subdomain)) {
    check_name(decoder, *node->find("subdomain"), path + ".subdomain", out.subdomain, NameRule::Dns1123Label);
  }
  if (const YamlNode* tolerations = decoder.list(*node, "tolerations", path)) {
    for (size_t i = 0; i < tolerations->children.size(); ++i) {
      Toleration toleration;
      decode_toleration(decoder, tolerations->children[i], item_path(path + ".tolerations", i), toleration);
      out.tolerations.push_back(std::move(toleration));
    }
  }
  if (const YamlNode* affinity = decoder.mapping(*node, "affinity", path)) {
    out.affinity.emplace();
    decode_affinity(decoder, *affinity, path + ".affinity", *out.affinity);
  }
  decoder.read(*node, "priorityClassName", path, out.priority_class_name);
  if (decoder.read(*node, "restartPolicy", path, out.restart_policy) && out.restart_policy != "Always" &&
      out.restart_policy != "OnFailure" && out.restart_policy != "Never") {
    report_unsupported(decoder, *node->find("restartPolicy"), path + ".restartPolicy",
                       {"Always", "OnFailure", "Never"});
  }
}

}  // namespace podlab::k8s
