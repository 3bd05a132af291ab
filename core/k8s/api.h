// The API server and controllers, as far as the lab needs them: applying manifests (create or
// configure, all or nothing), deleting objects, the Deployment and ReplicaSet controllers that keep
// pods at their replica count with Kubernetes' naming, and the scheduler that places pods.
#pragma once

#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/k8s/objects.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// Applies every object or none. Returns kubectl's lines: "pod/web created", "deployment.apps/web
// configured", "namespace/prod unchanged", and the lab's warning for an applied workload it left
// short of its replicas; the API server's warnings for each object sent (api_warnings.h) are the
// Result's warnings. A Cluster document rebuilds the lab from it first.
Result<std::vector<std::string>> apply_objects(World& world, const std::vector<ManifestObject>& objects,
                                               const std::string& default_namespace);

// kubectl delete KIND NAME: returns `pod "web" deleted`.
Result<std::string> delete_object(World& world, const std::string& kind, const std::string& name,
                                  const std::string& namespace_name);

// kubelet's --max-pods default: the scheduler places no more pods than this on a node, and the pods
// beyond every node's room stay Pending ("0/3 nodes are available: 3 Too many pods.").
inline constexpr size_t kubelet_max_pods = 110;
// The API server accepts replicas up to 2147483647 and a real ReplicaSet controller keeps creating
// pods that stay Pending; the lab stops at its nodes' room plus this many more, so that time and
// memory stay bounded, and says so (upstream's controller creates at most 500 pods per sync).
inline constexpr size_t lab_pending_pods = 500;
// The most pods the lab holds: kubelet_max_pods per node, and lab_pending_pods.
size_t lab_pod_limit(const World& world);

// A ReplicaSet the lab left short of its replicas because it holds at most lab_pod_limit() pods,
// with the line a command that set its replicas prints.
struct ShortReplicaSet {
  std::string namespace_name, name, owner;  // owner: its Deployment, or empty
  std::string warning;                      // "Warning: the lab holds at most …"
  bool concerns(const std::string& ns, const std::string& workload) const {
    return namespace_name == ns && (name == workload || owner == workload);
  }
};

// Runs the controllers until nothing changes: ReplicaSets for Deployments, pods for ReplicaSets.
std::vector<ShortReplicaSet> reconcile(World& world);

// The scheduler: places pods on the least loaded node that fits (nodeSelector, the control-plane
// taint, room under kubelet_max_pods), honouring nodeName. Counts each node's pods once, then keeps the counts as it places.
class Scheduler {
 public:
  explicit Scheduler(const World& world);
  // The node for `pod`, or an invalid id with the reason in `why_not` in the scheduler's words
  // ("0/3 nodes are available: …"). A placed pod counts towards its node's load.
  NodeId place(const Pod& pod, std::string* why_not);

 private:
  const World& world_;
  std::vector<std::pair<NodeId, size_t>> load_;  // every node with its pod count, in creation order
};

bool namespace_exists(const World& world, const std::string& name);

}  // namespace podlab::k8s
