#include "core/k8s/kubelet.h"

#include <algorithm>

#include "core/k8s/cni.h"

namespace podlab::k8s {

namespace {

std::string object_name(const PodRecord& pod) {
  return "pod/" + pod.pod.metadata.namespace_name + "/" + pod.pod.metadata.name;
}

// Starts the pod's containers (or only the one named `only`), binding their ports in the pod's
// namespace. Two containers of a pod share one namespace, so the second one to bind a port fails,
// as on Linux.
void start_containers(World& world, PodRecord& pod, const std::string* only = nullptr) {
  Netns& netns = world.namespaces_net.at(pod.netns);
  for (size_t i = 0; i < pod.pod.spec.containers.size(); ++i) {
    const Container& container = pod.pod.spec.containers[i];
    if (only && container.name != *only) continue;
    ContainerStatus& status = pod.containers[i];
    status.running = true;
    status.reason.clear();
    status.message.clear();
    for (const ContainerPort& port : listening_ports(container)) {
      const int protocol = port.protocol == Protocol::UDP ? 17 : 6;
      const auto taken = std::find_if(netns.listeners.begin(), netns.listeners.end(), [&](const ListeningSocket& s) {
        return s.protocol == protocol && s.port == port.container_port;
      });
      if (taken != netns.listeners.end()) {
        status.running = false;
        status.reason = "CrashLoopBackOff";
        status.message = "listen " + std::string(protocol == 6 ? "tcp" : "udp") + " :" +
                         std::to_string(port.container_port) + ": bind: address already in use (" + taken->owner +
                         " holds it)";
        if (!status.failing_since) status.failing_since = world.now;
        world.log.add(world.now, "container.failed", object_name(pod), container.name + ": " + status.message);
        break;
      }
      netns.listeners.push_back(ListeningSocket{protocol, static_cast<uint16_t>(port.container_port),
                                                container.name + " (" + container.image + ")"});
    }
    if (status.running) status.failing_since.reset();
  }
}

// The kubelet's restarts of a container failing since `elapsed` ago: one at once (no back-off
// yet), then one after each back-off of 10 s, 20 s, 40 s … capped at 300 s; and when the last was.
std::pair<int, SimTime> back_off_restarts(SimTime elapsed) {
  int restarts = 1;
  SimTime last{};
  SimTime delay = SimTime::from_seconds(10);
  for (SimTime next = delay; next <= elapsed; next += delay) {
    ++restarts;
    last = next;
    if (delay < SimTime::from_seconds(300)) delay = std::min(delay + delay, SimTime::from_seconds(300));
  }
  return {restarts, last};
}

void stop_container(World& world, PodRecord& pod, const std::string& name) {
  Netns* netns = world.namespaces_net.get(pod.netns);
  if (!netns) return;
  const std::string owner_prefix = name + " (";
  std::erase_if(netns->listeners, [&](const ListeningSocket& s) { return s.owner.rfind(owner_prefix, 0) == 0; });
}

}  // namespace

std::vector<ContainerPort> listening_ports(const Container& container) {
  if (!container.ports.empty()) return container.ports;
  const std::string image = container.image.substr(0, container.image.find(':'));
  const std::string base = image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
  if (base == "nginx" || base == "httpd" || base == "caddy") return {ContainerPort{"http", 80, Protocol::TCP, 0}};
  if (base == "redis") return {ContainerPort{"redis", 6379, Protocol::TCP, 0}};
  return {};
}

PodId find_pod(const World& world, const std::string& namespace_name, const std::string& name) {
  PodId found;
  world.pods.for_each([&](PodId id, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name == namespace_name && pod.pod.metadata.name == name) found = id;
  });
  return found;
}

PodId run_pod(World& world, Pod pod, NodeId node_id, std::optional<Ipv4Address> requested_ip) {
  PodRecord record;
  record.pod = std::move(pod);
  record.uid = random_uuid(world);
  record.node = node_id;
  record.created = world.next_creation++;
  record.created_at = world.now;
  for (const Container& container : record.pod.spec.containers)
    record.containers.push_back(ContainerStatus{container.name, container.image,
                                                "containerd://" + random_hex(world, 64), 0, false, "", ""});
  const PodId pod_id = world.pods.add(std::move(record));
  PodRecord& stored = world.pods.at(pod_id);
  Node* node = world.nodes.get(node_id);
  if (!node) {
    stored.status_message = "no node to run on";
    return pod_id;
  }
  world.log.add(world.now, "pod.scheduled", object_name(stored), "Successfully assigned " +
                stored.pod.metadata.namespace_name + "/" + stored.pod.metadata.name + " to " + node->name);

  // The sandbox: the pause container holds the pod's network namespace.
  stored.sandbox_id = random_hex(world, 64);
  if (stored.pod.spec.host_network) {
    stored.netns = node->host_netns;
    stored.ip = node->internal_ip;
  } else {
    Netns netns;
    netns.name = "cni-" + random_uuid(world);
    netns.node = node_id;
    netns.pod = pod_id;
    const NetnsId netns_id = world.namespaces_net.add(netns);
    world.pods.at(pod_id).netns = netns_id;
    add_loopback(world, netns_id);
    auto added = cni_add(world, pod_id, requested_ip);
    if (!added) {
      PodRecord& failed = world.pods.at(pod_id);
      failed.status_message = "Failed to create pod sandbox: plugin type=\"" +
                              std::string(world.cluster.datapath == Datapath::CalicoIpip ? "calico" : "bridge") +
                              "\" failed (add): " + added.error().message;
      world.log.add(world.now, "pod.sandbox-failed", object_name(failed), failed.status_message);
      return pod_id;
    }
  }
  PodRecord& running = world.pods.at(pod_id);
  start_containers(world, running);
  running.phase = PodPhase::Running;
  world.log.add(world.now, "pod.started", object_name(running),
                "sandbox " + running.sandbox_id.substr(0, 13) + " up, IP " + running.ip.to_string());
  return pod_id;
}

void delete_pod(World& world, PodId pod_id) {
  PodRecord* pod = world.pods.get(pod_id);
  if (!pod) return;
  const std::string name = object_name(*pod);
  for (const Container& container : pod->pod.spec.containers) stop_container(world, *pod, container.name);
  if (!pod->pod.spec.host_network) {
    cni_del(world, pod_id);
    if (Netns* netns = world.namespaces_net.get(pod->netns)) {
      for (DeviceId device : std::vector<DeviceId>(netns->devices)) remove_device(world, device);
      world.namespaces_net.remove(pod->netns);
    }
  }
  world.pods.remove(pod_id);
  world.log.add(world.now, "pod.deleted", name, "CNI DEL, sandbox removed, IP released");
}

Result<bool> restart_container(World& world, PodId pod_id, const std::string& name) {
  PodRecord* pod = world.pods.get(pod_id);
  if (!pod) return Diagnostic{"pod.not-found", "the pod no longer exists", {}};
  for (size_t i = 0; i < pod->containers.size(); ++i) {
    if (pod->containers[i].name != name) continue;
    stop_container(world, *pod, name);
    pod->containers[i].restart_count += 1;
    pod->containers[i].last_terminated = world.now;
    pod->containers[i].container_id = "containerd://" + random_hex(world, 64);
    start_containers(world, *pod, &name);
    world.log.add(world.now, "container.restarted", object_name(*pod),
                  "container " + name + " restarted; the sandbox and IP " + pod->ip.to_string() + " stay");
    return true;
  }
  std::string names;
  for (const ContainerStatus& status : pod->containers) names += (names.empty() ? "" : ", ") + status.name;
  return Diagnostic{"container.not-found", "container " + name + " is not valid for pod " + pod->pod.metadata.name +
                                               " (its containers: " + names + ")", {}};
}

int restart_count(const ContainerStatus& status, SimTime now) {
  if (!status.failing_since) return status.restart_count;
  return status.restart_count + back_off_restarts(now - *status.failing_since).first;
}

std::optional<SimTime> last_restart(const ContainerStatus& status, SimTime now) {
  if (status.failing_since) {
    const SimTime crash = *status.failing_since + back_off_restarts(now - *status.failing_since).second;
    return status.last_terminated ? std::max(crash, *status.last_terminated) : crash;
  }
  return status.last_terminated;
}

std::string pod_ready_text(const PodRecord& pod) {
  const auto ready = std::count_if(pod.containers.begin(), pod.containers.end(),
                                   [&](const ContainerStatus& status) { return status.running && pod.phase == PodPhase::Running; });
  return std::to_string(ready) + "/" + std::to_string(pod.containers.size());
}

std::string pod_status_text(const PodRecord& pod) {
  if (pod.phase == PodPhase::Pending) return pod.sandbox_id.empty() ? "Pending" : "ContainerCreating";
  for (const ContainerStatus& status : pod.containers)
    if (!status.reason.empty()) return status.reason;
  return pod_phase_name(pod.phase);
}

}  // namespace podlab::k8s
