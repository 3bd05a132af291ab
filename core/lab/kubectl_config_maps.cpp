// kubectl get|describe configmap, and kubectl edit with the edited object given on stdin (the lab
// cannot open an editor): the object must keep its kind and name, and is applied as kubectl edit
// applies it.
#include <algorithm>

#include "core/k8s/api.h"
#include "core/k8s/config_maps.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/object_json.h"
#include "core/k8s/yaml_emit.h"
#include "core/lab/commands.h"
#include "core/lab/json_text.h"
#include "core/lab/text.h"

namespace podlab::lab {

namespace {

using nlohmann::json;

}  // namespace

json config_map_json(const ConfigMapRecord& record) {
  json object = k8s::to_json(record.config_map);
  object["metadata"]["uid"] = record.uid;
  object["metadata"]["creationTimestamp"] = rfc3339_timestamp(record.created_at);
  return object;
}

namespace {

std::string labels_block(const std::map<std::string, std::string>& values, const std::string& indent) {
  if (values.empty()) return "<none>\n";
  std::string text;
  bool first = true;
  for (const auto& [key, value] : values) {
    text += (first ? "" : indent) + key + "=" + value + "\n";
    first = false;
  }
  return text;
}

}  // namespace

bool get_config_maps(Context& context, const std::string& name, const std::string& namespace_name,
                     bool all_namespaces, const std::string& format, const k8s::LabelSelector& selector) {
  std::vector<const ConfigMapRecord*> records;
  for (const ConfigMapRecord& record : context.world.config_maps) {
    const k8s::ObjectMeta& metadata = record.config_map.metadata;
    if (!all_namespaces && metadata.namespace_name != namespace_name) continue;
    if (!name.empty() && metadata.name != name) continue;
    if (!selector.matches(metadata.labels)) continue;
    records.push_back(&record);
  }
  std::sort(records.begin(), records.end(), [](const ConfigMapRecord* a, const ConfigMapRecord* b) {
    return std::tie(a->config_map.metadata.namespace_name, a->config_map.metadata.name) <
           std::tie(b->config_map.metadata.namespace_name, b->config_map.metadata.name);
  });
  if (!name.empty() && records.empty())
    return context.fail("Error from server (NotFound): configmaps \"" + name + "\" not found");
  if (format == "yaml" || format == "json") {
    json items = json::array();
    for (const ConfigMapRecord* record : records) items.push_back(config_map_json(*record));
    const json object = name.empty() ? json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", items},
                                            {"metadata", {{"resourceVersion", ""}}}}
                                     : items[0];
    context.print(format == "json" ? json_text(object, 4) + "\n" : k8s::to_yaml(object));
    return true;
  }
  if (format == "name") {
    for (const ConfigMapRecord* record : records) context.print("configmap/" + record->config_map.metadata.name + "\n");
    return true;
  }
  if (records.empty()) {
    context.print(all_namespaces ? "No resources found\n" : "No resources found in " + namespace_name + " namespace.\n");
    return true;
  }
  std::vector<std::string> header = {"NAME", "DATA", "AGE"};
  if (all_namespaces) header.insert(header.begin(), "NAMESPACE");
  Table table(header);
  for (const ConfigMapRecord* record : records) {
    std::vector<std::string> row = {record->config_map.metadata.name, std::to_string(record->config_map.data.size()),
                                    format_age(context.world.now - record->created_at)};
    if (all_namespaces) row.insert(row.begin(), record->config_map.metadata.namespace_name);
    table.add(row);
  }
  context.print(table.to_string());
  return true;
}

bool describe_config_map(Context& context, const std::string& name, const std::string& namespace_name) {
  const ConfigMapRecord* record = k8s::find_config_map(context.world, namespace_name, name);
  if (!record) return context.fail("Error from server (NotFound): configmaps \"" + name + "\" not found");
  const k8s::ObjectMeta& metadata = record->config_map.metadata;
  std::string text = "Name:         " + metadata.name + "\nNamespace:    " + metadata.namespace_name +
                     "\nLabels:       " + labels_block(metadata.labels, "              ") +
                     "Annotations:  " + labels_block(metadata.annotations, "              ") + "\nData\n====\n";
  for (const auto& [key, value] : record->config_map.data) {
    text += key + ":\n----\n" + value;
    if (value.empty() || value.back() != '\n') text += "\n";
    text += "\n";
  }
  text += "\nBinaryData\n====\n\nEvents:  <none>\n";
  context.print(text);
  return true;
}

bool edit(Context& context, const std::string& kind, const std::string& name, const std::string& namespace_name) {
  if (kind.empty() || name.empty())
    return context.fail("error: usage: kubectl edit (configmap|deployment|service|...) NAME <<EOF (the edited object) EOF");
  if (context.stdin_text.empty())
    return context.fail("error: the lab cannot open an editor: give the edited object after the command line, "
                        "as with kubectl edit " + kind + " " + name + " <<EOF ... EOF");
  auto objects = k8s::parse_manifests(context.stdin_text, "STDIN");
  if (!objects) {
    std::string message = "error: the edited file had a syntax error:\n";
    for (const Diagnostic& diagnostic : objects.diagnostics()) message += "error: " + diagnostic.to_string() + "\n";
    return context.fail(message);
  }
  std::string wanted_kind = kind;
  if (wanted_kind == "configmap") wanted_kind = "ConfigMap";
  else if (wanted_kind == "deployment") wanted_kind = "Deployment";
  else if (wanted_kind == "replicaset") wanted_kind = "ReplicaSet";
  else if (wanted_kind == "service") wanted_kind = "Service";
  else if (wanted_kind == "pod") wanted_kind = "Pod";
  else if (wanted_kind == "namespace") wanted_kind = "Namespace";
  if (objects->size() != 1 || wanted_kind != k8s::kind_of(objects->front().object))
    return context.fail("error: At least one of apiVersion, kind and name was changed");
  const k8s::ObjectMeta* metadata = k8s::metadata_of(objects->front().object);
  if (!metadata || metadata->name != name ||
      (!metadata->namespace_name.empty() && metadata->namespace_name != namespace_name))
    return context.fail("error: At least one of apiVersion, kind and name was changed");
  // kubectl edit changes an object that exists; it never creates one.
  bool exists = false;
  if (wanted_kind == "ConfigMap") exists = k8s::find_config_map(context.world, namespace_name, name) != nullptr;
  else if (wanted_kind == "Service") {
    for (const ServiceRecord& record : context.world.services)
      exists |= record.service.metadata.namespace_name == namespace_name && record.service.metadata.name == name;
  } else if (wanted_kind == "Deployment" || wanted_kind == "ReplicaSet") {
    for (const WorkloadRecord& record : context.world.workloads)
      exists |= record.namespace_name == namespace_name && record.name == name &&
                (record.kind == WorkloadRecord::Kind::Deployment) == (wanted_kind == "Deployment");
  } else if (wanted_kind == "Pod") {
    exists = k8s::find_pod(context.world, namespace_name, name).valid();
  } else if (wanted_kind == "Namespace") {
    exists = k8s::namespace_exists(context.world, name);
  }
  if (!exists) {
    std::string plural = kind + "s";
    if (wanted_kind == "Deployment" || wanted_kind == "ReplicaSet") plural += ".apps";
    return context.fail("Error from server (NotFound): " + plural + " \"" + name + "\" not found");
  }
  auto applied = k8s::apply_objects(context.world, *objects, namespace_name);
  if (!applied) {
    std::string message = "error: " + kind + "s \"" + name + "\" is invalid\n";
    for (const Diagnostic& diagnostic : applied.diagnostics()) message += "error: " + diagnostic.to_string() + "\n";
    return context.fail(message);
  }
  context.print_warnings(applied.warnings());
  for (const std::string& line : *applied) {
    if (line.ends_with(" unchanged")) context.print("Edit cancelled, no changes made.\n");
    else if (line.ends_with(" configured")) context.print(line.substr(0, line.size() - 11) + " edited\n");
    else context.print(line + "\n");
  }
  return true;
}

}  // namespace podlab::lab
