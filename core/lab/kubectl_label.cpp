// kubectl label (pods, nodes, namespaces, services): KEY=VALUE sets, KEY- removes, an existing value
// changes only with --overwrite. Labels are what Service selectors match, so endpoints follow at once.
#include <algorithm>

#include "core/k8s/api.h"
#include "core/k8s/validation.h"
#include "core/lab/commands.h"

namespace podlab::lab {

namespace {

struct LabelChange {
  std::string key;
  std::optional<std::string> value;  // none: remove the key ("KEY-")
};

// The objects named, or selected with -l / --all, as (kubectl name, labels) pairs.
struct Target {
  std::string name;
  k8s::Labels* labels;
};

}  // namespace

bool label(Context& context, const std::vector<std::string>& args) {
  auto parsed = Options::parse(args, {{"-n", "--namespace"}, {"-l", "--selector"}}, {{"--overwrite"}, {"--all"}});
  if (!parsed) return context.fail(parsed.error().message);
  const Options& options = *parsed;
  const std::string usage = "error: usage: kubectl label [--overwrite] TYPE NAME... KEY_1=VAL_1 ... KEY_N=VAL_N";
  if (options.positional().empty()) return context.fail(usage);

  std::string type = options.positional()[0];
  std::vector<std::string> names;
  std::vector<LabelChange> changes;
  for (size_t i = 1; i < options.positional().size(); ++i) {
    const std::string& word = options.positional()[i];
    const size_t equals = word.find('=');
    if (equals != std::string::npos) {
      LabelChange change{word.substr(0, equals), word.substr(equals + 1)};
      if (auto problem = k8s::check_qualified_name(change.key))
        return context.fail("error: invalid label spec: " + word + ": " + *problem);
      if (auto problem = k8s::check_label_value(*change.value))
        return context.fail("error: invalid label value: \"" + word + "\": " + *problem);
      changes.push_back(change);
    } else if (word.size() > 1 && word.back() == '-') {
      changes.push_back(LabelChange{word.substr(0, word.size() - 1), std::nullopt});
    } else if (changes.empty()) {
      names.push_back(word);
    } else {
      return context.fail("error: all resources must be specified before label changes: " + word);
    }
  }
  // "pod/web-1" names the type with the object.
  if (const size_t slash = type.find('/'); slash != std::string::npos) {
    names.insert(names.begin(), type.substr(slash + 1));
    type = type.substr(0, slash);
  }
  if (changes.empty()) return context.fail("error: at least one label update is required");
  const auto selector_text = options.value("--selector");
  const bool all = options.flag("--all");
  if (names.empty() && !selector_text && !all)
    return context.fail("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
  k8s::LabelSelector selector;
  if (selector_text) {
    auto parsed_selector = k8s::parse_label_selector(*selector_text);
    if (!parsed_selector) return context.fail("error: " + parsed_selector.error().message);
    selector = *parsed_selector;
  }

  World& world = context.world;
  const std::string ns = options.value("--namespace").value_or("default");
  std::string kind;
  std::vector<Target> targets;
  auto wanted = [&](const std::string& name, const k8s::Labels& labels) {
    if (!names.empty()) return std::find(names.begin(), names.end(), name) != names.end();
    return selector.matches(labels);
  };
  if (type == "pod" || type == "pods" || type == "po") {
    kind = "pod";
    world.pods.for_each([&](PodId, PodRecord& pod) {
      if (pod.pod.metadata.namespace_name == ns && wanted(pod.pod.metadata.name, pod.pod.metadata.labels))
        targets.push_back({pod.pod.metadata.name, &pod.pod.metadata.labels});
    });
  } else if (type == "node" || type == "nodes" || type == "no") {
    kind = "node";
    world.nodes.for_each([&](NodeId, Node& node) {
      if (wanted(node.name, node.labels)) targets.push_back({node.name, &node.labels});
    });
  } else if (type == "namespace" || type == "namespaces" || type == "ns") {
    kind = "namespace";
    for (NamespaceRecord& record : world.namespaces)
      if (wanted(record.name, record.labels)) targets.push_back({record.name, &record.labels});
  } else if (type == "service" || type == "services" || type == "svc") {
    kind = "service";
    for (ServiceRecord& record : world.services)
      if (record.service.metadata.namespace_name == ns && wanted(record.service.metadata.name, record.service.metadata.labels))
        targets.push_back({record.service.metadata.name, &record.service.metadata.labels});
  } else {
    return context.fail("error: the lab's kubectl label changes pods, nodes, namespaces and services, not \"" + type + "\"");
  }
  for (const std::string& name : names) {
    const bool found = std::any_of(targets.begin(), targets.end(), [&](const Target& target) { return target.name == name; });
    if (!found) return context.fail("Error from server (NotFound): " + kind + "s \"" + name + "\" not found");
  }
  if (targets.empty()) {
    context.print(kind == "node" || kind == "namespace" ? "No resources found\n" : "No resources found in " + ns + " namespace.\n");
    return true;
  }
  // All or nothing: a value that would need --overwrite stops the command before anything changes.
  if (!options.flag("--overwrite"))
    for (const Target& target : targets)
      for (const LabelChange& change : changes) {
        const auto existing = target.labels->find(change.key);
        if (change.value && existing != target.labels->end() && existing->second != *change.value)
          return context.fail("error: '" + change.key + "' already has a value (" + existing->second +
                              "), and --overwrite is false");
      }
  for (const Target& target : targets) {
    const k8s::Labels before = *target.labels;
    for (const LabelChange& change : changes) {
      if (change.value) (*target.labels)[change.key] = *change.value;
      else target.labels->erase(change.key);
    }
    const bool changed = *target.labels != before;
    // kubectl's wording: "unlabeled" when, without --overwrite, the object got shorter.
    const bool shorter = k8s::labels_text(*target.labels).size() < k8s::labels_text(before).size();
    const std::string verb =
        !changed ? "not labeled" : (!options.flag("--overwrite") && shorter ? "unlabeled" : "labeled");
    const bool namespaced = kind == "pod" || kind == "service";
    if (changed)
      world.log.add(world.now, "labels.changed", kind + "/" + (namespaced ? ns + "/" : "") + target.name,
                    k8s::labels_text(*target.labels));
    context.print(kind + "/" + target.name + " " + verb + "\n");
  }
  k8s::reconcile(world);
  return true;
}

}  // namespace podlab::lab
