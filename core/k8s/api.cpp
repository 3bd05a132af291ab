#include "core/k8s/api.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/k8s/api_warnings.h"
#include "core/k8s/cluster.h"
#include "core/k8s/config_maps.h"
#include "core/k8s/dns_server.h"
#include "core/k8s/kubelet.h"
#include "core/k8s/services.h"

namespace podlab::k8s {

namespace {

// pod-template-hash: FNV-32a of the template, written in the safe alphabet (as rand.SafeEncodeString).
std::string template_hash(const PodTemplateSpec& pod_template) {
  nlohmann::json text = {{"labels", pod_template.metadata.labels}};
  nlohmann::json containers = nlohmann::json::array();
  for (const Container& container : pod_template.spec.containers) {
    nlohmann::json ports = nlohmann::json::array();
    for (const ContainerPort& port : container.ports) ports.push_back({port.name, port.container_port});
    containers.push_back({container.name, container.image, container.command, container.args, ports});
  }
  text["containers"] = containers;
  text["nodeName"] = pod_template.spec.node_name;
  text["hostNetwork"] = pod_template.spec.host_network;
  uint32_t hash = 2166136261u;
  // An image name typed at the console may be any bytes: invalid UTF-8 is hashed as U+FFFD rather
  // than refused by dump(), which aborts without exceptions.
  for (char c : text.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 16777619u;
  }
  std::string encoded;
  for (char digit : std::to_string(hash)) encoded += generated_name_alphabet[static_cast<uint8_t>(digit) % (sizeof generated_name_alphabet - 1)];
  return encoded;
}

// kubeadm taints control-plane nodes node-role.kubernetes.io/control-plane:NoSchedule.
bool repels(const Node& node, const Pod& pod) {
  return node.role == NodeRole::ControlPlane &&
         !tolerates(pod.spec.tolerations, "node-role.kubernetes.io/control-plane", "", "NoSchedule");
}

// Whether a pod the term selects runs in `node`'s topology domain (the nodes that share its value
// of the term's topologyKey; kubernetes.io/hostname makes each node its own domain).
bool domain_has_match(const World& world, const Node& node, const PodAffinityTerm& term, const std::string& pod_namespace) {
  const auto domain = node.labels.find(term.topology_key);
  if (domain == node.labels.end()) return false;
  bool found = false;
  world.pods.for_each([&](PodId, const PodRecord& other) {
    if (found) return;
    const Node* other_node = world.nodes.get(other.node);
    if (!other_node) return;
    const auto other_domain = other_node->labels.find(term.topology_key);
    if (other_domain == other_node->labels.end() || other_domain->second != domain->second) return;
    const std::string& ns = other.pod.metadata.namespace_name;
    const bool in_namespace = term.namespaces.empty()
                                  ? ns == pod_namespace
                                  : std::find(term.namespaces.begin(), term.namespaces.end(), ns) != term.namespaces.end();
    found = in_namespace && term.label_selector.matches(other.pod.metadata.labels);
  });
  return found;
}


std::string resource_name(const Object& object) {
  if (std::holds_alternative<Namespace>(object)) return "namespace/";
  if (std::holds_alternative<Pod>(object)) return "pod/";
  if (std::holds_alternative<ReplicaSet>(object)) return "replicaset.apps/";
  if (std::holds_alternative<Deployment>(object)) return "deployment.apps/";
  if (std::holds_alternative<Service>(object)) return "service/";
  if (std::holds_alternative<ConfigMap>(object)) return "configmap/";
  return "cluster.podlab.dev/";
}

WorkloadRecord* find_workload(World& world, WorkloadRecord::Kind kind, const std::string& ns, const std::string& name) {
  for (WorkloadRecord& workload : world.workloads)
    if (workload.kind == kind && workload.namespace_name == ns && workload.name == name) return &workload;
  return nullptr;
}

std::string apply_workload(World& world, WorkloadRecord::Kind kind, const ObjectMeta& metadata, int replicas,
                           const LabelSelector& selector, const PodTemplateSpec& pod_template) {
  WorkloadRecord* existing = find_workload(world, kind, metadata.namespace_name, metadata.name);
  if (!existing) {
    WorkloadRecord record;
    record.kind = kind;
    record.namespace_name = metadata.namespace_name;
    record.name = metadata.name;
    record.replicas = replicas;
    record.selector = selector;
    record.pod_template = pod_template;
    record.created = world.next_creation++;
    record.created_at = world.now;
    world.workloads.push_back(record);
    return "created";
  }
  const bool same = existing->replicas == replicas && template_hash(existing->pod_template) == template_hash(pod_template);
  existing->replicas = replicas;
  existing->selector = selector;
  existing->pod_template = pod_template;
  return same ? "unchanged" : "configured";
}

std::vector<PodId> owned_pods(const World& world, const std::string& ns, const std::string& owner) {
  std::vector<PodId> pods;
  world.pods.for_each([&](PodId id, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name != ns) return;
    for (const OwnerReference& reference : pod.pod.metadata.owner_references)
      if (reference.name == owner && reference.kind == "ReplicaSet") pods.push_back(id);
  });
  return pods;
}

}  // namespace

bool namespace_exists(const World& world, const std::string& name) {
  return std::any_of(world.namespaces.begin(), world.namespaces.end(),
                     [&](const NamespaceRecord& record) { return record.name == name; });
}

Scheduler::Scheduler(const World& world) : world_(world) {
  std::vector<NodeId> nodes = world.nodes.ids();
  std::sort(nodes.begin(), nodes.end(),
            [&](NodeId a, NodeId b) { return world.nodes.at(a).created < world.nodes.at(b).created; });
  for (NodeId node : nodes) load_.emplace_back(node, 0);
  world.pods.for_each([&](PodId, const PodRecord& pod) {
    for (auto& [node, count] : load_)
      if (node == pod.node) ++count;
  });
}

NodeId Scheduler::place(const Pod& pod, std::string* why_not) {
  if (!pod.spec.node_name.empty()) {
    const NodeId node = find_node(world_, pod.spec.node_name);
    if (!node.valid() && why_not) *why_not = "node \"" + pod.spec.node_name + "\" not found";
    for (auto& [id, count] : load_)
      if (id == node) ++count;
    return node;
  }
  const PodAntiAffinity* anti = pod.spec.affinity && pod.spec.affinity->pod_anti_affinity
                                    ? &*pod.spec.affinity->pod_anti_affinity
                                    : nullptr;
  const std::string& ns = pod.metadata.namespace_name;
  // Filter (nodeSelector, taints, required anti-affinity), then score: the fewest preferred
  // anti-affinity weights matched, then the fewest pods, then the oldest node.
  std::pair<NodeId, size_t>* best = nullptr;
  int best_penalty = 0;
  size_t tainted = 0, selector_mismatch = 0, anti_affinity = 0, full = 0;
  for (auto& entry : load_) {
    const Node& node = world_.nodes.at(entry.first);
    if (entry.second >= kubelet_max_pods) {  // NodeResourcesFit: the node's allocatable pods are used up
      ++full;
      continue;
    }
    const bool selected = std::all_of(pod.spec.node_selector.begin(), pod.spec.node_selector.end(), [&](const auto& term) {
      const auto label = node.labels.find(term.first);
      return label != node.labels.end() && label->second == term.second;
    });
    if (!selected) {
      ++selector_mismatch;
      continue;
    }
    if (repels(node, pod)) {
      ++tainted;
      continue;
    }
    int penalty = 0;
    if (anti) {
      const bool blocked = std::any_of(anti->required.begin(), anti->required.end(), [&](const PodAffinityTerm& term) {
        return domain_has_match(world_, node, term, ns);
      });
      if (blocked) {
        ++anti_affinity;
        continue;
      }
      for (const WeightedPodAffinityTerm& term : anti->preferred)
        if (domain_has_match(world_, node, term.pod_affinity_term, ns)) penalty += term.weight;
    }
    if (!best || penalty < best_penalty || (penalty == best_penalty && entry.second < best->second)) {
      best = &entry;
      best_penalty = penalty;
    }
  }
  if (best) {
    ++best->second;
    return best->first;
  }
  if (why_not) {
    // As the scheduler's FitError prints it: "<count> <reason>" per reason, sorted as strings.
    std::vector<std::string> reasons;
    if (anti_affinity) reasons.push_back(std::to_string(anti_affinity) + " node(s) didn't match pod anti-affinity rules");
    if (tainted) reasons.push_back(std::to_string(tainted) + " node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
    if (selector_mismatch) reasons.push_back(std::to_string(selector_mismatch) + " node(s) didn't match Pod's node affinity/selector");
    if (full) reasons.push_back(std::to_string(full) + " Too many pods");
    std::sort(reasons.begin(), reasons.end());
    std::string text = "0/" + std::to_string(load_.size()) + " nodes are available:";
    for (size_t i = 0; i < reasons.size(); ++i) text += (i == 0 ? " " : ", ") + reasons[i];
    *why_not = text + ".";
  }
  return {};
}

size_t lab_pod_limit(const World& world) { return world.nodes.size() * kubelet_max_pods + lab_pending_pods; }

std::vector<ShortReplicaSet> reconcile(World& world) {
  std::vector<ShortReplicaSet> short_sets;
  const size_t pod_limit = lab_pod_limit(world);
  // Deployments own one ReplicaSet per pod template, named <deployment>-<pod-template-hash>.
  for (size_t i = 0; i < world.workloads.size(); ++i) {
    const WorkloadRecord deployment = world.workloads[i];
    if (deployment.kind != WorkloadRecord::Kind::Deployment) continue;
    const std::string hash = template_hash(deployment.pod_template);
    const std::string rs_name = deployment.name + "-" + hash;
    for (WorkloadRecord& other : world.workloads)
      if (other.kind == WorkloadRecord::Kind::ReplicaSet && other.owner == deployment.name &&
          other.namespace_name == deployment.namespace_name && other.name != rs_name)
        other.replicas = 0;
    if (!find_workload(world, WorkloadRecord::Kind::ReplicaSet, deployment.namespace_name, rs_name)) {
      WorkloadRecord rs = deployment;
      rs.kind = WorkloadRecord::Kind::ReplicaSet;
      rs.name = rs_name;
      rs.owner = deployment.name;
      rs.pod_template_hash = hash;
      rs.pod_template.metadata.labels["pod-template-hash"] = hash;
      rs.selector.match_labels["pod-template-hash"] = hash;
      rs.created = world.next_creation++;
      rs.created_at = world.now;
      world.workloads.push_back(rs);
    } else {
      find_workload(world, WorkloadRecord::Kind::ReplicaSet, deployment.namespace_name, rs_name)->replicas =
          deployment.replicas;
    }
  }
  // ReplicaSets keep their replica count of pods named <replicaset>-<5 characters>.
  for (size_t i = 0; i < world.workloads.size(); ++i) {
    const WorkloadRecord rs = world.workloads[i];
    if (rs.kind != WorkloadRecord::Kind::ReplicaSet) continue;
    std::vector<PodId> pods = owned_pods(world, rs.namespace_name, rs.name);
    while (static_cast<int>(pods.size()) > rs.replicas) {
      delete_pod(world, pods.back());
      pods.pop_back();
    }
    Scheduler scheduler(world);
    std::set<std::string> taken;
    if (static_cast<int>(pods.size()) < rs.replicas)
      world.pods.for_each([&](PodId, const PodRecord& pod) {
        if (pod.pod.metadata.namespace_name == rs.namespace_name) taken.insert(pod.pod.metadata.name);
      });
    for (int n = static_cast<int>(pods.size()); n < rs.replicas; ++n) {
      if (world.pods.size() >= pod_limit) {
        short_sets.push_back({rs.namespace_name, rs.name, rs.owner,
                              "Warning: the lab holds at most " + std::to_string(pod_limit) + " pods (" +
                                  std::to_string(kubelet_max_pods) + " per node and " + std::to_string(lab_pending_pods) +
                                  " Pending): replicaset.apps/" + rs.name + " has " + std::to_string(n) + " of its " +
                                  std::to_string(rs.replicas) +
                                  " replicas (a real cluster keeps creating the rest, and they stay Pending while no node has room)"});
        break;
      }
      Pod pod;
      pod.metadata = rs.pod_template.metadata;
      pod.metadata.namespace_name = rs.namespace_name;
      // generateName: the API server draws again when a name is taken. The lab's pods fill a tiny
      // part of the 27^5 names, so a few draws find a free one.
      bool named = false;
      for (int attempt = 0; attempt < 8 && !named; ++attempt) {
        pod.metadata.name = rs.name + "-" + generated_name_suffix(world);
        named = taken.insert(pod.metadata.name).second;
      }
      if (!named) break;  // as when the API server answers AlreadyExists: the next sync tries again
      pod.metadata.owner_references = {OwnerReference{"apps/v1", "ReplicaSet", rs.name, "", true}};
      pod.spec = rs.pod_template.spec;
      std::string why_not;
      const NodeId node = scheduler.place(pod, &why_not);
      const PodId id = run_pod(world, pod, node);
      if (!node.valid()) world.pods.at(id).status_message = why_not;
    }
  }
  // Garbage collection: ReplicaSets whose Deployment is gone, then their pods.
  std::erase_if(world.workloads, [&](const WorkloadRecord& rs) {
    return rs.kind == WorkloadRecord::Kind::ReplicaSet && !rs.owner.empty() &&
           !find_workload(world, WorkloadRecord::Kind::Deployment, rs.namespace_name, rs.owner);
  });
  std::vector<PodId> orphans;
  world.pods.for_each([&](PodId id, const PodRecord& pod) {
    for (const OwnerReference& reference : pod.pod.metadata.owner_references)
      if (reference.kind == "ReplicaSet" &&
          !find_workload(world, WorkloadRecord::Kind::ReplicaSet, pod.pod.metadata.namespace_name, reference.name))
        orphans.push_back(id);
  });
  for (PodId pod : orphans) delete_pod(world, pod);
  sync_endpoint_slices(world);
  return short_sets;
}

Result<std::vector<std::string>> apply_objects(World& world, const std::vector<ManifestObject>& objects,
                                               const std::string& default_namespace) {
  // Check everything first, so nothing is half-applied.
  std::vector<Diagnostic> problems;
  std::vector<std::string> new_namespaces;
  for (const ManifestObject& item : objects)
    if (const auto* ns = std::get_if<Namespace>(&item.object)) new_namespaces.push_back(ns->metadata.name);
  bool rebuilds = false;
  for (const ManifestObject& item : objects) {
    if (std::holds_alternative<ClusterSpec>(item.object)) rebuilds = true;
    const ObjectMeta* metadata = metadata_of(item.object);
    if (!metadata || std::holds_alternative<Namespace>(item.object)) continue;
    const std::string ns = metadata->namespace_name.empty() ? default_namespace : metadata->namespace_name;
    if (!namespace_exists(world, ns) && std::find(new_namespaces.begin(), new_namespaces.end(), ns) == new_namespaces.end() &&
        !(rebuilds && (ns == "default" || ns == "kube-system")))
      problems.push_back(Diagnostic{"apply.namespace-not-found",
                                    "namespaces \"" + ns + "\" not found (create it first: kubectl create namespace " + ns + ")",
                                    item.where});
    if (const auto* service = std::get_if<Service>(&item.object)) {
      Service copy = *service;
      copy.metadata.namespace_name = ns;
      if (auto problem = check_service(world, copy)) {
        problem->where = item.where;
        problems.push_back(*problem);
      }
    }
    if (const auto* pod = std::get_if<Pod>(&item.object)) {
      const PodId existing = find_pod(world, ns, pod->metadata.name);
      if (existing.valid()) {
        const PodRecord& record = world.pods.at(existing);
        if (record.pod.spec.containers.size() != pod->spec.containers.size() ||
            record.pod.spec.node_name != pod->spec.node_name || record.pod.spec.host_network != pod->spec.host_network ||
            record.pod.spec.dns_policy != pod->spec.dns_policy)
          problems.push_back(Diagnostic{"apply.pod-immutable",
                                        "The Pod \"" + pod->metadata.name +
                                            "\" is invalid: spec: Forbidden: pod updates may not change fields other than "
                                            "`spec.containers[*].image`, `spec.initContainers[*].image`, "
                                            "`spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing "
                                            "tolerations) or `spec.terminationGracePeriodSeconds`",
                                        item.where});
      }
    }
  }
  if (!problems.empty()) return problems;

  std::vector<std::string> lines;
  std::vector<Diagnostic> warnings;
  for (const ManifestObject& item : objects) {
    if (const auto* cluster = std::get_if<ClusterSpec>(&item.object)) {
      auto rebuilt = make_world(*cluster, world.seed);
      if (!rebuilt) {
        std::vector<Diagnostic> located = rebuilt.diagnostics();
        for (Diagnostic& d : located) d.where = item.where;
        return located;
      }
      world = std::move(*rebuilt);
      lines.push_back("cluster.podlab.dev/" + cluster->name + " configured");
    }
  }
  for (const ManifestObject& item : objects) {
    const Object& object = item.object;
    if (std::holds_alternative<ClusterSpec>(object)) continue;
    ObjectMeta metadata = *metadata_of(object);
    if (metadata.namespace_name.empty() && !std::holds_alternative<Namespace>(object))
      metadata.namespace_name = default_namespace;
    std::string outcome;
    if (const auto* ns = std::get_if<Namespace>(&object)) {
      if (namespace_exists(world, ns->metadata.name)) {
        outcome = "unchanged";
      } else {
        Labels labels = ns->metadata.labels;
        labels["kubernetes.io/metadata.name"] = ns->metadata.name;
        world.namespaces.push_back(NamespaceRecord{ns->metadata.name, labels, "", world.next_creation++, world.now});
        outcome = "created";
      }
    } else if (const auto* pod = std::get_if<Pod>(&object)) {
      Pod copy = *pod;
      copy.metadata = metadata;
      const PodId existing = find_pod(world, metadata.namespace_name, metadata.name);
      if (existing.valid()) {
        PodRecord& record = world.pods.at(existing);
        bool changed = record.pod.metadata.labels != copy.metadata.labels;
        for (size_t i = 0; i < copy.spec.containers.size(); ++i) {
          if (record.pod.spec.containers[i].image != copy.spec.containers[i].image) {
            changed = true;
            record.pod.spec.containers[i].image = copy.spec.containers[i].image;
            record.containers[i].image = copy.spec.containers[i].image;
            auto restarted = restart_container(world, existing, copy.spec.containers[i].name);
            PODLAB_ASSERT(restarted.ok());
          }
        }
        world.pods.at(existing).pod.metadata.labels = copy.metadata.labels;
        outcome = changed ? "configured" : "unchanged";
      } else {
        std::string why_not;
        const NodeId node = Scheduler(world).place(copy, &why_not);
        const PodId id = run_pod(world, copy, node);
        if (!node.valid()) world.pods.at(id).status_message = why_not;
        outcome = "created";
      }
    } else if (const auto* service = std::get_if<Service>(&object)) {
      Service copy = *service;
      copy.metadata = metadata;
      auto applied = apply_service(world, copy);
      PODLAB_ASSERT(applied.ok() || applied.error().code == "service.ip-exhausted" ||
                    applied.error().code == "service.node-port-exhausted");
      if (!applied) return applied.diagnostics();
      outcome = *applied;
    } else if (const auto* config_map = std::get_if<ConfigMap>(&object)) {
      ConfigMap copy = *config_map;
      copy.metadata = metadata;
      outcome = apply_config_map(world, copy);
      // CoreDNS's reload plugin picks up a changed Corefile; one that does not parse is refused.
      if (outcome != "unchanged" && metadata.namespace_name == "kube-system" && metadata.name == "coredns")
        if (auto problem = reload_coredns(world))
          lines.push_back("Warning: CoreDNS did not reload the Corefile, it keeps serving its last good configuration: " +
                          problem->to_string());
    } else if (const auto* rs = std::get_if<ReplicaSet>(&object)) {
      outcome = apply_workload(world, WorkloadRecord::Kind::ReplicaSet, metadata, rs->replicas, rs->selector,
                               rs->pod_template);
    } else if (const auto* deployment = std::get_if<Deployment>(&object)) {
      outcome = apply_workload(world, WorkloadRecord::Kind::Deployment, metadata, deployment->replicas,
                               deployment->selector, deployment->pod_template);
    }
    lines.push_back(resource_name(object) + metadata.name + " " + outcome);
    // An unchanged object is not sent (kubectl apply has no patch to make), so it draws no warning.
    if (outcome != "unchanged") {
      std::vector<Diagnostic> more = object_warnings(object);
      warnings.insert(warnings.end(), more.begin(), more.end());
    }
  }
  const std::vector<ShortReplicaSet> short_sets = reconcile(world);
  for (const ManifestObject& item : objects) {
    if (!std::holds_alternative<Deployment>(item.object) && !std::holds_alternative<ReplicaSet>(item.object)) continue;
    const ObjectMeta& metadata = *metadata_of(item.object);
    const std::string ns = metadata.namespace_name.empty() ? default_namespace : metadata.namespace_name;
    for (const ShortReplicaSet& set : short_sets)
      if (set.concerns(ns, metadata.name)) lines.push_back(set.warning);
  }
  Result<std::vector<std::string>> applied(std::move(lines));
  applied.add_warnings(warnings);
  return applied;
}

Result<std::string> delete_object(World& world, const std::string& kind, const std::string& name,
                                  const std::string& ns) {
  if (kind == "pod") {
    const PodId pod = find_pod(world, ns, name);
    if (!pod.valid()) return Diagnostic{"delete.not-found", "pods \"" + name + "\" not found", {}};
    delete_pod(world, pod);
    reconcile(world);
    return "pod \"" + name + "\" deleted";
  }
  if (kind == "deployment" || kind == "replicaset") {
    const auto workload_kind = kind == "deployment" ? WorkloadRecord::Kind::Deployment : WorkloadRecord::Kind::ReplicaSet;
    const size_t before = world.workloads.size();
    std::erase_if(world.workloads, [&](const WorkloadRecord& w) {
      return w.kind == workload_kind && w.namespace_name == ns && w.name == name;
    });
    if (world.workloads.size() == before)
      return Diagnostic{"delete.not-found", kind + "s.apps \"" + name + "\" not found", {}};
    reconcile(world);
    return kind + ".apps \"" + name + "\" deleted";
  }
  if (kind == "service") {
    if (!delete_service(world, ns, name)) return Diagnostic{"delete.not-found", "services \"" + name + "\" not found", {}};
    reconcile(world);
    return "service \"" + name + "\" deleted";
  }
  if (kind == "configmap") {
    if (!delete_config_map(world, ns, name)) return Diagnostic{"delete.not-found", "configmaps \"" + name + "\" not found", {}};
    return "configmap \"" + name + "\" deleted";
  }
  if (kind == "namespace") {
    if (name == "default" || name == "kube-system" || name == "kube-public" || name == "kube-node-lease")
      return Diagnostic{"delete.forbidden", "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted", {}};
    if (!namespace_exists(world, name)) return Diagnostic{"delete.not-found", "namespaces \"" + name + "\" not found", {}};
    std::erase_if(world.workloads, [&](const WorkloadRecord& w) { return w.namespace_name == name; });
    std::erase_if(world.services, [&](const ServiceRecord& s) { return s.service.metadata.namespace_name == name; });
    std::erase_if(world.config_maps, [&](const ConfigMapRecord& c) { return c.config_map.metadata.namespace_name == name; });
    std::vector<PodId> pods;
    world.pods.for_each([&](PodId id, const PodRecord& pod) {
      if (pod.pod.metadata.namespace_name == name) pods.push_back(id);
    });
    for (PodId pod : pods) delete_pod(world, pod);
    std::erase_if(world.namespaces, [&](const NamespaceRecord& record) { return record.name == name; });
    return "namespace \"" + name + "\" deleted";
  }
  return Diagnostic{"delete.unknown-kind", "the server doesn't have a resource type \"" + kind + "\"", {}};
}

}  // namespace podlab::k8s
