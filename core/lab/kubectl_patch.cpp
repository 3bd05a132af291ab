// kubectl patch TYPE NAME -p PATCH [--type strategic|merge]: the object as the API serves it, the
// patch merged in, and the result applied as `kubectl apply` would, with the same checks.
// A strategic merge patch merges lists of objects by their merge key (a Service's ports by `port`,
// containers by `name`, container ports by `containerPort`); a JSON merge patch (RFC 7386) replaces
// lists whole.
#include <algorithm>

#include "core/k8s/api.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/yaml_emit.h"
#include "core/lab/commands.h"

namespace podlab::lab {

namespace {

using nlohmann::json;

// The merge key of a list field, as the API's strategic-merge-patch tags declare it.
std::string merge_key(const std::string& field, const json& items) {
  if (field == "ports")
    return !items.empty() && items[0].is_object() && items[0].contains("containerPort") ? "containerPort" : "port";
  if (field == "containers" || field == "initContainers" || field == "env" || field == "volumes" ||
      field == "volumeMounts")
    return field == "volumeMounts" ? "mountPath" : "name";
  return "";
}

void strategic_merge(json& target, const json& patch) {
  if (!patch.is_object() || !target.is_object()) {
    target = patch;
    return;
  }
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      target.erase(key);
      continue;
    }
    const std::string list_key = value.is_array() ? merge_key(key, value) : "";
    if (!list_key.empty() && target.contains(key) && target[key].is_array()) {
      json& items = target[key];
      for (const json& item : value) {
        if (!item.is_object() || !item.contains(list_key)) {
          items = value;
          break;
        }
        auto same = std::find_if(items.begin(), items.end(), [&](const json& existing) {
          return existing.is_object() && existing.contains(list_key) && existing[list_key] == item[list_key];
        });
        if (same != items.end()) strategic_merge(*same, item);
        else items.push_back(item);
      }
    } else if (value.is_object() && target.contains(key) && target[key].is_object()) {
      strategic_merge(target[key], value);
    } else {
      target[key] = value;
    }
  }
}

}  // namespace

bool patch(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"-p", "--patch"}, {"--type"}}, {});
  if (!parsed) return context.fail(parsed.error().message);
  std::string type = parsed->positional().empty() ? "" : parsed->positional()[0];
  std::string name = parsed->positional().size() > 1 ? parsed->positional()[1] : "";
  if (const size_t slash = type.find('/'); slash != std::string::npos) {
    name = type.substr(slash + 1);
    type = type.substr(0, slash);
  }
  const auto patch_text = parsed->value("--patch");
  if (type.empty() || name.empty() || !patch_text)
    return context.fail("error: usage: kubectl patch (service|deployment|pod) NAME -p PATCH [--type strategic|merge]");
  const std::string patch_type = parsed->value("--type").value_or("strategic");
  if (patch_type != "strategic" && patch_type != "merge")
    return context.fail("error: --type " + patch_type + ": the lab's kubectl patch takes --type strategic or merge");
  const json change = json::parse(*patch_text, nullptr, false);
  if (change.is_discarded() || !change.is_object())
    return context.fail("error: unable to parse \"" + *patch_text + "\": the patch must be a JSON object such as '{\"spec\":{...}}'");

  World& world = context.world;
  const std::string ns = parsed->value("--namespace").value_or("default");
  json object;
  std::string kind;
  if (type == "service" || type == "services" || type == "svc") {
    kind = "service";
    for (const ServiceRecord& record : world.services)
      if (record.service.metadata.namespace_name == ns && record.service.metadata.name == name) object = service_json(record);
  } else if (type == "deployment" || type == "deployments" || type == "deploy") {
    kind = "deployment.apps";
    for (const WorkloadRecord& record : world.workloads)
      if (record.kind == WorkloadRecord::Kind::Deployment && record.namespace_name == ns && record.name == name)
        object = workload_json(record);
  } else if (type == "pod" || type == "pods" || type == "po") {
    kind = "pod";
    if (const PodId id = k8s::find_pod(world, ns, name); id.valid()) object = pod_json(world, id);
  } else {
    return context.fail("error: the lab's kubectl patch changes services, deployments and pods, not \"" + type + "\"");
  }
  if (object.is_null()) {
    const std::string plural = kind == "deployment.apps" ? "deployments.apps" : kind + "s";
    return context.fail("Error from server (NotFound): " + plural + " \"" + name + "\" not found");
  }
  json patched = object;
  if (patch_type == "merge") patched.merge_patch(change);
  else strategic_merge(patched, change);
  if (patched == object) {
    context.print(kind + "/" + name + " patched (no change)\n");
    return true;
  }
  const json& metadata = patched["metadata"];
  if (patched["kind"] != object["kind"] || !metadata.is_object() || metadata.value("name", "") != name ||
      metadata.value("namespace", ns) != ns)
    return context.fail("Error from server (BadRequest): the patch may not change the object's kind, name or namespace");

  auto objects = k8s::parse_manifests(k8s::to_yaml(patched), "patch");
  if (!objects) {
    std::string message = "Error from server (BadRequest): the patched object is not valid:\n";
    for (const Diagnostic& diagnostic : objects.diagnostics()) message += "error: " + diagnostic.to_string() + "\n";
    return context.fail(message);
  }
  auto applied = k8s::apply_objects(world, *objects, ns);
  if (!applied) {
    std::string message;
    for (const Diagnostic& diagnostic : applied.diagnostics()) message += diagnostic.message + "\n";
    return context.fail(message);
  }
  const bool changed = std::any_of(applied->begin(), applied->end(), [](const std::string& line) { return !line.ends_with(" unchanged"); });
  context.print_warnings(applied.warnings());
  context.print(kind + "/" + name + (changed ? " patched\n" : " patched (no change)\n"));
  return true;
}

}  // namespace podlab::lab
