#include "core/k8s/object_json.h"

namespace podlab::k8s {

namespace {

using nlohmann::json;

json string_map(const std::map<std::string, std::string>& values) {
  json out = json::object();
  for (const auto& [key, value] : values) out[key] = value;
  return out;
}

void set_if_not_empty(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

void set_if_not_empty(json& out, const char* key, const std::map<std::string, std::string>& values) {
  if (!values.empty()) out[key] = string_map(values);
}

void set_if_not_empty(json& out, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) out[key] = values;
}

const char* operator_name(SelectorOperator op) {
  switch (op) {
    case SelectorOperator::In: return "In";
    case SelectorOperator::NotIn: return "NotIn";
    case SelectorOperator::Exists: return "Exists";
    case SelectorOperator::DoesNotExist: return "DoesNotExist";
  }
  return "In";
}

json container_json(const Container& container) {
  json out = {{"name", container.name}, {"image", container.image}};
  set_if_not_empty(out, "command", container.command);
  set_if_not_empty(out, "args", container.args);
  if (container.ports.empty()) return out;
  json ports = json::array();
  for (const ContainerPort& port : container.ports) {
    json entry = {{"containerPort", port.container_port}, {"protocol", protocol_name(port.protocol)}};
    set_if_not_empty(entry, "name", port.name);
    if (port.host_port != 0) entry["hostPort"] = port.host_port;
    ports.push_back(std::move(entry));
  }
  out["ports"] = std::move(ports);
  return out;
}

json dns_config_json(const PodDnsConfig& config) {
  json out = json::object();
  set_if_not_empty(out, "nameservers", config.nameservers);
  set_if_not_empty(out, "searches", config.searches);
  if (config.options.empty()) return out;
  json options = json::array();
  for (const PodDnsOption& option : config.options) {
    json entry = {{"name", option.name}};
    if (option.value) entry["value"] = *option.value;
    options.push_back(std::move(entry));
  }
  out["options"] = std::move(options);
  return out;
}

json toleration_json(const Toleration& toleration) {
  json out = json::object();
  set_if_not_empty(out, "key", toleration.key);
  if (toleration.op == TolerationOperator::Exists) out["operator"] = "Exists";  // Equal is the unwritten default
  set_if_not_empty(out, "value", toleration.value);
  set_if_not_empty(out, "effect", toleration.effect);
  return out;
}

json affinity_term_json(const PodAffinityTerm& term) {
  json out = {{"labelSelector", to_json(term.label_selector)}, {"topologyKey", term.topology_key}};
  set_if_not_empty(out, "namespaces", term.namespaces);
  return out;
}

json affinity_json(const Affinity& affinity) {
  json out = json::object();
  if (!affinity.pod_anti_affinity) return out;
  json anti = json::object();
  if (!affinity.pod_anti_affinity->required.empty()) {
    json terms = json::array();
    for (const PodAffinityTerm& term : affinity.pod_anti_affinity->required) terms.push_back(affinity_term_json(term));
    anti["requiredDuringSchedulingIgnoredDuringExecution"] = std::move(terms);
  }
  if (!affinity.pod_anti_affinity->preferred.empty()) {
    json terms = json::array();
    for (const WeightedPodAffinityTerm& term : affinity.pod_anti_affinity->preferred)
      terms.push_back({{"weight", term.weight}, {"podAffinityTerm", affinity_term_json(term.pod_affinity_term)}});
    anti["preferredDuringSchedulingIgnoredDuringExecution"] = std::move(terms);
  }
  out["podAntiAffinity"] = std::move(anti);
  return out;
}

json object_head(const char* api_version, const char* kind, const ObjectMeta& metadata) {
  return {{"apiVersion", api_version}, {"kind", kind}, {"metadata", to_json(metadata)}};
}

template <typename Workload>
json workload_json(const char* kind, const Workload& workload) {
  json out = object_head("apps/v1", kind, workload.metadata);
  out["spec"] = {
      {"replicas", workload.replicas},
      {"selector", to_json(workload.selector)},
      {"template",
       {{"metadata", to_json(workload.pod_template.metadata)}, {"spec", to_json(workload.pod_template.spec)}}}};
  return out;
}

}  // namespace

json to_json(const ObjectMeta& metadata) {
  json out = json::object();
  set_if_not_empty(out, "name", metadata.name);
  set_if_not_empty(out, "generateName", metadata.generate_name);
  set_if_not_empty(out, "namespace", metadata.namespace_name);
  set_if_not_empty(out, "labels", metadata.labels);
  set_if_not_empty(out, "annotations", metadata.annotations);
  if (!metadata.owner_references.empty()) {
    json owners = json::array();
    for (const OwnerReference& owner : metadata.owner_references) {
      owners.push_back({{"apiVersion", owner.api_version},
                        {"kind", owner.kind},
                        {"name", owner.name},
                        {"uid", owner.uid},
                        {"controller", owner.controller}});
    }
    out["ownerReferences"] = std::move(owners);
  }
  return out;
}

json to_json(const LabelSelector& selector) {
  json out = json::object();
  set_if_not_empty(out, "matchLabels", selector.match_labels);
  if (selector.match_expressions.empty()) return out;
  json expressions = json::array();
  for (const LabelSelectorRequirement& requirement : selector.match_expressions) {
    json entry = {{"key", requirement.key}, {"operator", operator_name(requirement.op)}};
    set_if_not_empty(entry, "values", requirement.values);
    expressions.push_back(std::move(entry));
  }
  out["matchExpressions"] = std::move(expressions);
  return out;
}

json to_json(const PodSpec& spec) {
  json containers = json::array();
  for (const Container& container : spec.containers) containers.push_back(container_json(container));
  json out = {{"containers", std::move(containers)},
              {"dnsPolicy", dns_policy_name(spec.dns_policy)},
              {"restartPolicy", spec.restart_policy}};
  set_if_not_empty(out, "nodeName", spec.node_name);
  set_if_not_empty(out, "nodeSelector", spec.node_selector);
  if (spec.host_network) out["hostNetwork"] = true;
  if (spec.dns_config) out["dnsConfig"] = dns_config_json(*spec.dns_config);
  set_if_not_empty(out, "hostname", spec.hostname);
  set_if_not_empty(out, "subdomain", spec.subdomain);
  if (!spec.tolerations.empty()) {
    json tolerations = json::array();
    for (const Toleration& toleration : spec.tolerations) tolerations.push_back(toleration_json(toleration));
    out["tolerations"] = std::move(tolerations);
  }
  if (spec.affinity) out["affinity"] = affinity_json(*spec.affinity);
  set_if_not_empty(out, "priorityClassName", spec.priority_class_name);
  return out;
}

json to_json(const Namespace& object) { return object_head("v1", "Namespace", object.metadata); }

json to_json(const Pod& object) {
  json out = object_head("v1", "Pod", object.metadata);
  out["spec"] = to_json(object.spec);
  return out;
}

json to_json(const ReplicaSet& object) { return workload_json("ReplicaSet", object); }
json to_json(const Deployment& object) { return workload_json("Deployment", object); }

json to_json(const Service& object) {
  json out = object_head("v1", "Service", object.metadata);
  json spec = {{"type", service_type_name(object.spec.type)}};
  set_if_not_empty(spec, "selector", object.spec.selector);
  set_if_not_empty(spec, "clusterIP", object.spec.cluster_ip);
  set_if_not_empty(spec, "externalName", object.spec.external_name);
  json ports = json::array();
  for (const ServicePort& port : object.spec.ports) {
    json entry = {{"port", port.port}, {"protocol", protocol_name(port.protocol)}};
    set_if_not_empty(entry, "name", port.name);
    if (port.target_port.number) entry["targetPort"] = *port.target_port.number;
    else if (!port.target_port.name.empty()) entry["targetPort"] = port.target_port.name;
    if (port.node_port != 0) entry["nodePort"] = port.node_port;
    ports.push_back(std::move(entry));
  }
  if (!ports.empty()) spec["ports"] = std::move(ports);
  out["spec"] = std::move(spec);
  return out;
}

json to_json(const ConfigMap& object) {
  json out = object_head("v1", "ConfigMap", object.metadata);
  out["data"] = string_map(object.data);
  return out;
}

json to_json(const ClusterSpec& cluster) {
  json spec = {{"nodeNetwork", cluster.node_network.to_string()},
               {"podNetworkCIDR", cluster.pod_network.to_string()},
               {"serviceCIDR", cluster.service_network.to_string()},
               {"nodeCIDRMaskSize", cluster.node_cidr_mask_size},
               {"clusterDomain", cluster.cluster_domain},
               {"datapath", datapath_name(cluster.datapath)},
               {"nodeMTU", cluster.node_mtu}};
  if (!cluster.nodes.empty()) {
    json nodes = json::array();
    for (const ClusterNodeSpec& node : cluster.nodes) {
      json entry = {{"name", node.name}, {"role", node.role == NodeRole::ControlPlane ? "control-plane" : "worker"}};
      if (node.address) entry["address"] = node.address->to_string();
      set_if_not_empty(entry, "labels", node.labels);
      nodes.push_back(std::move(entry));
    }
    spec["nodes"] = std::move(nodes);
  }
  return {{"apiVersion", "podlab.dev/v1"},
          {"kind", "Cluster"},
          {"metadata", {{"name", cluster.name}}},
          {"spec", std::move(spec)}};
}

json to_json(const Object& object) {
  return std::visit([](const auto& value) { return to_json(value); }, object);
}

}  // namespace podlab::k8s
