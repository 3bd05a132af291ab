// parse_manifests(): a YAML stream becomes typed objects, or diagnostics and nothing. Each document
// (or each item of a `kind: List`) is checked for apiVersion and kind first, because the kind
// decides which fields exist; then its fields are read strictly.
#include <algorithm>
#include <cctype>

#include "core/k8s/manifest_parts.h"

namespace podlab::k8s {

namespace {

struct KindInfo {
  const char* kind;
  const char* api_version;
};

constexpr KindInfo kKinds[] = {
    {"Namespace", "v1"},          {"Pod", "v1"},  {"ReplicaSet", "apps/v1"}, {"Deployment", "apps/v1"},
    {"Service", "v1"},            {"ConfigMap", "v1"}, {"Cluster", "podlab.dev/v1"}, {"List", "v1"},
};

// Real Kubernetes kinds a learner may paste that Podlab does not model yet; "no matches" would
// wrongly suggest they do not exist.
constexpr const char* kUnmodelledKinds[] = {
    "Secret",
    "DaemonSet",
    "StatefulSet",
    "Job",
    "CronJob",
    "Ingress",
    "NetworkPolicy",
    "EndpointSlice",
    "Endpoints",
    "ServiceAccount",
    "PersistentVolumeClaim",
    "Node",
    "HorizontalPodAutoscaler",
};

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const bool same =
          std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

void decode_selector_requirement(ManifestDecoder& decoder, const YamlNode& node, const std::string& path,
                                 LabelSelectorRequirement& out) {
  if (!decoder.expect_fields(node, path, {"key", "operator", "values"})) return;
  if (!decoder.read(node, "key", path, out.key)) decoder.required(node, path + ".key");
  std::string op;
  if (!decoder.read(node, "operator", path, op)) {
    decoder.required(node, path + ".operator");
    return;
  }
  decoder.read(node, "values", path, out.values);
  const bool takes_values = op == "In" || op == "NotIn";
  if (op == "In")
    out.op = SelectorOperator::In;
  else if (op == "NotIn")
    out.op = SelectorOperator::NotIn;
  else if (op == "Exists")
    out.op = SelectorOperator::Exists;
  else if (op == "DoesNotExist")
    out.op = SelectorOperator::DoesNotExist;
  else {
    report_unsupported(decoder, *node.find("operator"), path + ".operator", {"In", "NotIn", "Exists", "DoesNotExist"});
    return;
  }
  if (takes_values && out.values.empty()) {
    decoder.required(node, path + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
  } else if (!takes_values && !out.values.empty()) {
    decoder.report_at(*node.find("values"), "manifest.forbidden",
                      path + ".values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
  }
}

// Deployments and ReplicaSets share everything Podlab models: replicas, selector and template.
template <typename Workload>
void decode_workload(ManifestDecoder& decoder, const YamlNode& document, Workload& out,
                     std::initializer_list<std::string_view> ignored_spec_fields) {
  const YamlNode* spec = decoder.mapping(document, "spec", "");
  if (spec == nullptr) {
    if (document.find("spec") == nullptr || document.find("spec")->is_null()) decoder.required(document, "spec");
    return;
  }
  if (!decoder.expect_fields(*spec, "spec", {"replicas", "selector", "template"}, ignored_spec_fields)) return;
  if (decoder.read(*spec, "replicas", "spec", out.replicas) && out.replicas < 0) {
    decoder.invalid_value(*spec->find("replicas"), "spec.replicas", "must be greater than or equal to 0");
  }
  const bool has_selector = decode_label_selector(decoder, *spec, "selector", "spec", out.selector);
  if (!has_selector && spec->find("selector") == nullptr) decoder.required(*spec, "spec.selector");
  if (has_selector && out.selector.empty()) {
    decoder.invalid_value(*spec->find("selector"), "spec.selector", "empty selector is invalid for this workload");
  }
  const YamlNode* pod_template = decoder.mapping(*spec, "template", "spec");
  if (pod_template == nullptr) {
    if (spec->find("template") == nullptr) decoder.required(*spec, "spec.template");
    return;
  }
  if (!decoder.expect_fields(*pod_template, "spec.template", {"metadata", "spec"})) return;
  const YamlNode* metadata = decoder.mapping(*pod_template, "metadata", "spec.template");
  decode_object_meta(decoder, metadata, *pod_template, "spec.template.metadata", NameRule::Dns1123Subdomain,
                     NameRequirement::Optional, out.pod_template.metadata);
  const YamlNode* pod_spec = decoder.mapping(*pod_template, "spec", "spec.template");
  decode_pod_spec(decoder, pod_spec, *pod_template, "spec.template.spec", out.pod_template.spec);
  if (pod_spec != nullptr && out.pod_template.spec.restart_policy != "Always") {
    if (const YamlNode* policy = pod_spec->find("restartPolicy")) {
      report_unsupported(decoder, *policy, "spec.template.spec.restartPolicy", {"Always"});
    }
  }
  if (!out.selector.empty() && !out.selector.matches(out.pod_template.metadata.labels)) {
    const YamlNode* labels = metadata ? metadata->find("labels") : nullptr;
    const YamlNode& at = labels ? *labels : (metadata ? *metadata : *pod_template);
    decoder.report_at(
        at, "manifest.selector-mismatch",
        "spec.template.metadata.labels: Invalid value: " + quoted(labels_text(out.pod_template.metadata.labels)) +
            ": selector does not match template labels (spec.selector is " + quoted(selector_text(out.selector)) + ")");
  }
}

class DocumentReader {
 public:
  DocumentReader(ManifestDecoder& decoder, std::vector<ManifestObject>& objects)
      : decoder_(decoder), objects_(objects) {}

  void read(const YamlNode& document) {
    if (!document.is_mapping()) {
      decoder_.report_at(
          document, "manifest.not-an-object",
          "a manifest document must be a mapping with apiVersion and kind, got " + describe_node(document));
      return;
    }
    std::string api_version;
    std::string kind;
    const bool has_api_version = decoder_.read(document, "apiVersion", "", api_version);
    const bool has_kind = decoder_.read(document, "kind", "", kind);
    if (!has_api_version && document.find("apiVersion") == nullptr) {
      decoder_.report_at(document, "manifest.missing-api-version", "apiVersion not set");
    }
    if (!has_kind && document.find("kind") == nullptr)
      decoder_.report_at(document, "manifest.missing-kind", "kind not set");
    if (!has_api_version || !has_kind || !check_kind(document, api_version, kind)) return;
    const SourceLocation where = decoder_.where(document);
    if (kind == "List") return read_list(document);
    if (kind == "Namespace") {
      if (!decoder_.expect_fields(document, "", {"apiVersion", "kind", "metadata"}, {"spec", "status"})) return;
      Namespace object;
      decode_object_meta(decoder_, decoder_.mapping(document, "metadata", ""), document, "metadata",
                         NameRule::Dns1123Label, NameRequirement::Required, object.metadata);
      return objects_.push_back(ManifestObject{std::move(object), where});
    }
    if (kind == "ConfigMap") return read_config_map(document, where);
    if (!decoder_.expect_fields(document, "", {"apiVersion", "kind", "metadata", "spec"}, {"status"})) return;
    if (kind == "Cluster") {
      ClusterSpec cluster;
      decode_cluster(decoder_, document, cluster);
      return objects_.push_back(ManifestObject{std::move(cluster), where});
    }
    ObjectMeta metadata;
    decode_object_meta(decoder_, decoder_.mapping(document, "metadata", ""), document, "metadata",
                       NameRule::Dns1123Subdomain, NameRequirement::Required, metadata);
    if (kind == "Pod") {
      Pod pod{std::move(metadata), {}};
      const YamlNode* spec = decoder_.mapping(document, "spec", "");
      if (spec != nullptr || document.find("spec") == nullptr || document.find("spec")->is_null()) {
        decode_pod_spec(decoder_, spec, document, "spec", pod.spec);
      }
      return objects_.push_back(ManifestObject{std::move(pod), where});
    }
    if (kind == "Service") {
      // Service names are DNS-1035 labels: they become DNS names, which may not start with a digit.
      const YamlNode* meta = decoder_.mapping(document, "metadata", "");
      if (!metadata.name.empty() && ((metadata.name[0] >= '0' && metadata.name[0] <= '9') || metadata.name.size() > 63 ||
                                     metadata.name.find('.') != std::string::npos) && meta && meta->find("name"))
        decoder_.invalid_value(*meta->find("name"), "metadata.name",
                               "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                               "with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', "
                               "or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
      Service service{std::move(metadata), {}};
      decode_service_spec(decoder_, decoder_.mapping(document, "spec", ""), document, "spec", service.spec);
      return objects_.push_back(ManifestObject{std::move(service), where});
    }
    if (kind == "ReplicaSet") {
      ReplicaSet replica_set;
      replica_set.metadata = std::move(metadata);
      decode_workload(decoder_, document, replica_set, {"minReadySeconds"});
      return objects_.push_back(ManifestObject{std::move(replica_set), where});
    }
    Deployment deployment;
    deployment.metadata = std::move(metadata);
    decode_workload(decoder_, document, deployment,
                    {"strategy", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds", "paused"});
    objects_.push_back(ManifestObject{std::move(deployment), where});
  }

 private:
  // Whether Podlab knows this kind in this apiVersion; says what is wrong when it does not.
  bool check_kind(const YamlNode& document, const std::string& api_version, const std::string& kind) {
    const std::string no_matches = "no matches for kind " + quoted(kind) + " in version " + quoted(api_version);
    const YamlNode& kind_node = *document.find("kind");
    for (const KindInfo& info : kKinds) {
      if (kind != info.kind) continue;
      if (api_version == info.api_version) return true;
      decoder_.report_at(*document.find("apiVersion"), "manifest.wrong-api-version",
                         no_matches + " (" + kind + " is in apiVersion " + quoted(info.api_version) + ")");
      return false;
    }
    for (const char* unmodelled : kUnmodelledKinds) {
      if (kind != unmodelled) continue;
      decoder_.report_at(kind_node, "manifest.unsupported-kind",
                         "kind " + quoted(kind) +
                             " is not simulated by Podlab yet; it knows Namespace, Pod, "
                             "ReplicaSet, Deployment, Service, ConfigMap and Cluster");
      return false;
    }
    std::string message = no_matches;
    for (const KindInfo& info : kKinds) {
      if (edit_distance(kind, info.kind) <= 2) {
        message += " (did you mean " + quoted(info.kind) + "?)";
        break;
      }
    }
    decoder_.report_at(kind_node, "manifest.unknown-kind", message);
    return false;
  }

  // data: string keys of [-._a-zA-Z0-9]+ (the API's IsConfigMapKey), string values, 1 MiB in all.
  void read_config_map(const YamlNode& document, const SourceLocation& where) {
    if (!decoder_.expect_fields(document, "", {"apiVersion", "kind", "metadata", "data"}, {"binaryData", "immutable"}))
      return;
    ConfigMap config_map;
    decode_object_meta(decoder_, decoder_.mapping(document, "metadata", ""), document, "metadata",
                       NameRule::Dns1123Subdomain, NameRequirement::Required, config_map.metadata);
    decoder_.read(document, "data", "", config_map.data);
    size_t total = 0;
    if (const YamlNode* data = document.find("data"); data && data->is_mapping()) {
      for (const YamlNode& entry : data->children) {
        total += entry.key.size() + entry.value.size();
        const bool valid = !entry.key.empty() && entry.key.size() <= 253 &&
                           std::all_of(entry.key.begin(), entry.key.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                           });
        if (!valid)
          decoder_.report("manifest.invalid-value", entry.key_line, entry.key_column,
                          "data[" + entry.key + "]: Invalid value: " + quoted(entry.key) +
                              ": a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                              "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
                              "'[-._a-zA-Z0-9]+')");
      }
    }
    if (total > 1024 * 1024)
      decoder_.report_at(document, "manifest.too-long", "data: Too long: must have at most 1048576 bytes");
    objects_.push_back(ManifestObject{std::move(config_map), where});
  }

  void read_list(const YamlNode& document) {
    if (!decoder_.expect_fields(document, "", {"apiVersion", "kind", "items"}, {"metadata"})) return;
    const YamlNode* items = decoder_.list(document, "items", "");
    if (items == nullptr) return;
    for (const YamlNode& item : items->children) read(item);
  }

  ManifestDecoder& decoder_;
  std::vector<ManifestObject>& objects_;
};

}  // namespace

bool decode_label_selector(ManifestDecoder& decoder, const YamlNode& parent, std::string_view key,
                           const std::string& path, LabelSelector& out) {
  const YamlNode* node = decoder.mapping(parent, key, path);
  if (node == nullptr) return false;
  const std::string selector_path = field_path(path, key);
  if (!decoder.expect_fields(*node, selector_path, {"matchLabels", "matchExpressions"})) return false;
  decode_labels(decoder, *node, "matchLabels", selector_path, out.match_labels);
  if (const YamlNode* expressions = decoder.list(*node, "matchExpressions", selector_path)) {
    for (size_t i = 0; i < expressions->children.size(); ++i) {
      LabelSelectorRequirement requirement;
      decode_selector_requirement(decoder, expressions->children[i], item_path(selector_path + ".matchExpressions", i),
                                  requirement);
      out.match_expressions.push_back(std::move(requirement));
    }
  }
  return true;
}

Result<std::vector<ManifestObject>> parse_manifests(const std::string& text, const std::string& file_name) {
  auto documents = parse_yaml(text, file_name);
  if (!documents) return documents.diagnostics();
  std::vector<Diagnostic> diagnostics;
  ManifestDecoder decoder(file_name, diagnostics);
  std::vector<ManifestObject> objects;
  DocumentReader reader(decoder, objects);
  for (const YamlDocument& document : *documents) reader.read(document.root);
  const ManifestObject* first_cluster = nullptr;
  for (const ManifestObject& object : objects) {
    if (!std::holds_alternative<ClusterSpec>(object.object)) continue;
    if (first_cluster == nullptr) {
      first_cluster = &object;
      continue;
    }
    decoder.report("manifest.duplicate-cluster", object.where.line, object.where.column,
                   "a second Cluster document; a lab has one cluster (the first is at line " +
                       std::to_string(first_cluster->where.line) + ")");
  }
  if (diagnostics.empty()) return objects;
  // Fields are checked in the API's order, not the file's; sort so messages read top to bottom.
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  return diagnostics;
}

}  // namespace podlab::k8s
