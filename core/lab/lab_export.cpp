// `lab export`: every object of the lab as `kubectl get … -o yaml` prints it, in one multi-document
// manifest that `kubectl apply -f` takes back: first the podlab.dev/v1 Cluster document (networks,
// datapath, the nodes as they are now), then Namespaces, ConfigMaps, Deployments, ReplicaSets and
// Pods that no controller owns, and Services. What controllers make (a Deployment's ReplicaSets and
// pods, EndpointSlices) is left to them, as a real export would.
#include <algorithm>

#include "core/k8s/object_json.h"
#include "core/k8s/yaml_emit.h"
#include "core/lab/commands.h"

namespace podlab::lab {

namespace {

// The labels the kubelet and kubeadm put on every node; the Cluster document names only the others.
bool is_kubeadm_node_label(const std::string& key) {
  return key == "kubernetes.io/hostname" || key == "kubernetes.io/os" || key == "kubernetes.io/arch" ||
         key == "node-role.kubernetes.io/control-plane";
}

k8s::ClusterSpec current_cluster(const World& world) {
  k8s::ClusterSpec spec = world.cluster;
  spec.nodes.clear();
  for (NodeId id : world.nodes.ids()) {
    const Node& node = world.nodes.at(id);
    k8s::ClusterNodeSpec entry{node.name, node.role, node.internal_ip, {}};
    for (const auto& [key, value] : node.labels)
      if (!is_kubeadm_node_label(key)) entry.labels[key] = value;
    spec.nodes.push_back(std::move(entry));
  }
  return spec;
}

}  // namespace

std::string export_manifests(const World& world) {
  std::vector<nlohmann::json> documents;
  documents.push_back(k8s::to_json(current_cluster(world)));
  for (const NamespaceRecord& record : world.namespaces) documents.push_back(namespace_json(world, record));
  for (const ConfigMapRecord& record : world.config_maps) documents.push_back(config_map_json(record));
  for (const WorkloadRecord& record : world.workloads)
    if (record.kind == WorkloadRecord::Kind::Deployment) documents.push_back(workload_json(record));
  for (const WorkloadRecord& record : world.workloads)
    if (record.kind == WorkloadRecord::Kind::ReplicaSet && record.owner.empty()) documents.push_back(workload_json(record));
  std::vector<PodId> pods;
  world.pods.for_each([&](PodId id, const PodRecord& record) {
    if (record.pod.metadata.owner_references.empty()) pods.push_back(id);
  });
  std::sort(pods.begin(), pods.end(),
            [&](PodId a, PodId b) { return world.pods.at(a).created < world.pods.at(b).created; });
  for (PodId id : pods) documents.push_back(pod_json(world, id));
  for (const ServiceRecord& record : world.services) documents.push_back(service_json(record));

  std::string text;
  for (const nlohmann::json& document : documents) {
    if (!text.empty()) text += "---\n";
    text += k8s::to_yaml(document);
  }
  return text;
}

}  // namespace podlab::lab
