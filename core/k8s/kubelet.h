// What the kubelet and the container runtime do on a node: create a pod's sandbox (the pause
// container and its network namespace), run CNI ADD for it, start the app containers in that
// namespace, restart them (the sandbox and its IP stay), and tear everything down on delete
// (CNI DEL frees the IP). hostNetwork pods share the node's namespace and get no CNI call.
#pragma once

#include <string>

#include "core/base/result.h"
#include "core/k8s/objects.h"
#include "core/sim/world.h"

namespace podlab::k8s {

// Places `pod` on `node` and starts it. The pod is stored even if it cannot start (its phase and
// status message say why, as `kubectl get pods` would show).
PodId run_pod(World& world, Pod pod, NodeId node, std::optional<Ipv4Address> requested_ip = std::nullopt);
void delete_pod(World& world, PodId pod);
Result<bool> restart_container(World& world, PodId pod, const std::string& container);

// The ports an app container listens on: its declared containerPorts, or its image's usual port.
std::vector<ContainerPort> listening_ports(const Container& container);

// restartCount as the kubelet reports it at `now`: the restarts so far, plus, for a container that
// keeps failing, the kubelet's own: one at once, then after a back-off of 10 s doubling up to 5 min.
int restart_count(const ContainerStatus& status, SimTime now);
// When the container's last instance ended (kubectl's RESTARTS "2 (40s ago)"), if one did.
std::optional<SimTime> last_restart(const ContainerStatus& status, SimTime now);

// "READY" and "STATUS" as `kubectl get pods` prints them: "1/1", "Running", "CrashLoopBackOff".
std::string pod_ready_text(const PodRecord& pod);
std::string pod_status_text(const PodRecord& pod);

PodId find_pod(const World& world, const std::string& namespace_name, const std::string& name);

}  // namespace podlab::k8s
