// The pieces parse_manifests() is made of, one per part of the API shared between kinds:
// metadata, the pod spec (Pods and the templates of ReplicaSets and Deployments), label
// selectors, and Podlab's Cluster document. Each reads its part of a YAML tree strictly and
// validates it as the API server would, reporting through the ManifestDecoder.
#pragma once

#include <string>

#include "core/k8s/manifest_decoder.h"
#include "core/k8s/objects.h"

namespace podlab::k8s {

enum class NameRule {
  Dns1123Subdomain,  // pods, deployments, replica sets
  Dns1123Label,      // namespaces
};

enum class NameRequirement {
  Required,  // a top-level object: metadata.name or metadata.generateName must be set
  Optional,  // a pod template's metadata
};

// `node` is the metadata mapping (absent metadata is handled by the caller via `document`).
void decode_object_meta(ManifestDecoder& decoder, const YamlNode* node, const YamlNode& document,
                        const std::string& path, NameRule rule, NameRequirement requirement, ObjectMeta& out);

// Label maps (metadata.labels, nodeSelector, matchLabels) with keys and values checked.
void decode_labels(ManifestDecoder& decoder, const YamlNode& parent, std::string_view key, const std::string& path,
                   Labels& out);

void decode_pod_spec(ManifestDecoder& decoder, const YamlNode* node, const YamlNode& parent, const std::string& path,
                     PodSpec& out);

// Returns false when the selector field is absent.
bool decode_label_selector(ManifestDecoder& decoder, const YamlNode& parent, std::string_view key,
                           const std::string& path, LabelSelector& out);

void decode_cluster(ManifestDecoder& decoder, const YamlNode& document, ClusterSpec& out);

// A Service's spec, checked as the API server's validation does (ports, names, types, nodePorts).
void decode_service_spec(ManifestDecoder& decoder, const YamlNode* node, const YamlNode& document,
                         const std::string& path, ServiceSpec& out);

// "Unsupported value: "X": supported values: "A", "B"" at the node, as the API server says it.
void report_unsupported(ManifestDecoder& decoder, const YamlNode& node, const std::string& path,
                        std::initializer_list<const char*> supported);

}  // namespace podlab::k8s
