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
// configured", "namespace/prod unchanged", with the API server's warnings for each object sent
// (api_warnings.h) as the Result's warnings. A Cluster document rebuilds the lab from it first.
Result<std::vector<std::string>> apply_objects(World& world, const std::vector<ManifestObject>& objects,
                                               const std::string& default_namespace);

// kubectl delete KIND NAME: returns `pod "web" deleted`.
Result<std::string> delete_object(World& world, const std::string& kind, const std::string& name,
                                  const std::string& namespace_name);

// Runs the controllers until nothing changes: ReplicaSets for Deployments, pods for ReplicaSets.
void reconcile(World& world);

// The scheduler: places pods on the least loaded node that fits (nodeSelector, the control-plane
// taint), honouring nodeName. Counts each node's pods once, then keeps the counts as it places.
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
