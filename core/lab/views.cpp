// Objects as the Kubernetes API returns them (spec and status), for `kubectl get -o yaml|json`.
#include "core/k8s/kubelet.h"
#include "core/k8s/object_json.h"
#include "core/k8s/yaml_emit.h"
#include "core/lab/commands.h"
#include "core/lab/text.h"

namespace podlab::lab {

namespace {

using nlohmann::json;

}  // namespace

json pod_json(const World& world, PodId id) {
  const PodRecord& pod = world.pods.at(id);
  json object = k8s::to_json(pod.pod);
  object["metadata"]["uid"] = pod.uid;
  object["metadata"]["namespace"] = pod.pod.metadata.namespace_name;
  object["metadata"]["creationTimestamp"] = rfc3339_timestamp(pod.created_at);
  if (const Node* node = world.nodes.get(pod.node)) object["spec"]["nodeName"] = node->name;
  json statuses = json::array();
  for (const ContainerStatus& status : pod.containers) {
    json state = status.running ? json{{"running", {{"startedAt", rfc3339_timestamp(pod.created_at)}}}}
                                : json{{"waiting", {{"reason", status.reason}, {"message", status.message}}}};
    statuses.push_back({{"name", status.name},
                        {"image", status.image},
                        {"containerID", status.container_id},
                        {"ready", status.running},
                        {"restartCount", k8s::restart_count(status, world.now)},
                        {"started", status.running},
                        {"state", state}});
  }
  json status = {{"phase", pod_phase_name(pod.phase)}, {"containerStatuses", statuses}, {"qosClass", "BestEffort"}};
  if (!pod.ip.is_unspecified()) {
    status["podIP"] = pod.ip.to_string();
    status["podIPs"] = json::array({{{"ip", pod.ip.to_string()}}});
  }
  if (const Node* node = world.nodes.get(pod.node)) {
    status["hostIP"] = node->internal_ip.to_string();
    status["hostIPs"] = json::array({{{"ip", node->internal_ip.to_string()}}});
  }
  if (!pod.status_message.empty()) status["message"] = pod.status_message;
  object["status"] = status;
  return object;
}

json node_json(const World& world, NodeId id) {
  const Node& node = world.nodes.at(id);
  json spec = {{"podCIDR", node.pod_cidr.to_string()}, {"podCIDRs", json::array({node.pod_cidr.to_string()})}};
  if (node.role == k8s::NodeRole::ControlPlane)
    spec["taints"] = json::array({{{"effect", "NoSchedule"}, {"key", "node-role.kubernetes.io/control-plane"}}});
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata", {{"name", node.name}, {"labels", node.labels}, {"creationTimestamp", rfc3339_timestamp(node.created_at)}}},
          {"spec", spec},
          {"status",
           {{"addresses",
             json::array({{{"type", "InternalIP"}, {"address", node.internal_ip.to_string()}},
                          {{"type", "Hostname"}, {"address", node.name}}})},
            {"conditions", json::array({{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"},
                                         {"message", "kubelet is posting ready status"}}})},
            {"nodeInfo",
             {{"kubeletVersion", "v1.31.2"},
              {"containerRuntimeVersion", "containerd://1.7.24"},
              {"osImage", "Debian GNU/Linux 12 (bookworm)"},
              {"kernelVersion", "6.1.0-28-amd64"},
              {"architecture", "amd64"},
              {"operatingSystem", "linux"}}}}}};
}

json namespace_json(const World&, const NamespaceRecord& record) {
  return {{"apiVersion", "v1"},
          {"kind", "Namespace"},
          {"metadata", {{"name", record.name}, {"labels", record.labels}, {"creationTimestamp", rfc3339_timestamp(record.created_at)}}},
          {"spec", {{"finalizers", json::array({"kubernetes"})}}},
          {"status", {{"phase", "Active"}}}};
}

json workload_json(const WorkloadRecord& record) {
  k8s::Deployment shape;
  shape.metadata.name = record.name;
  shape.metadata.namespace_name = record.namespace_name;
  shape.replicas = record.replicas;
  shape.selector = record.selector;
  shape.pod_template = record.pod_template;
  json object;
  if (record.kind == WorkloadRecord::Kind::Deployment) {
    object = k8s::to_json(shape);
  } else {
    k8s::ReplicaSet rs;
    rs.metadata = shape.metadata;
    rs.replicas = shape.replicas;
    rs.selector = shape.selector;
    rs.pod_template = shape.pod_template;
    if (!record.owner.empty())
      rs.metadata.owner_references = {k8s::OwnerReference{"apps/v1", "Deployment", record.owner, "", true}};
    object = k8s::to_json(rs);
  }
  object["metadata"]["creationTimestamp"] = rfc3339_timestamp(record.created_at);
  object["status"] = {{"replicas", record.replicas}};
  return object;
}

}  // namespace podlab::lab
