// The Kubernetes side of the World: nodes, namespaces, workloads and pods with what the cluster made
// of them (placement, sandbox, IP, container restarts). The network objects they own are in
// network.h and referred to by id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/sim_time.h"
#include "core/k8s/objects.h"
#include "core/model/network.h"

namespace podlab {

struct NodeAgent {
  std::string name;  // "kubelet", "kube-proxy"
  int pid = 0;
};

// host-local IPAM's state for one node's range (/var/lib/cni/networks/<network>/).
struct HostLocalRange {
  Ipv4Cidr subnet;
  Ipv4Address gateway;
  Ipv4Address range_start;
  Ipv4Address range_end;
  Ipv4Address last_reserved;          // round-robin resumes after it
  std::vector<Ipv4Address> allocated;  // sorted
  std::vector<std::string> owners;    // container id of each allocated address (same order)
};

struct Node {
  std::string name;
  k8s::NodeRole role = k8s::NodeRole::Worker;
  k8s::Labels labels;
  Ipv4Address internal_ip;
  Ipv4Cidr pod_cidr;
  NetnsId host_netns;
  DeviceId eth0;
  DeviceId bridge;  // cni0, when the datapath uses one
  DeviceId tunnel;  // flannel.1 or tunl0, when the datapath has one
  HostLocalRange ipam;
  std::vector<NodeAgent> agents;
  uint64_t created = 0;  // creation order, for stable listings
  SimTime created_at;
};

struct NamespaceRecord {
  std::string name;
  k8s::Labels labels;
  std::string uid;
  uint64_t created = 0;
  SimTime created_at;
};

enum class PodPhase { Pending, Running, Succeeded, Failed };
const char* pod_phase_name(PodPhase phase);

struct ContainerStatus {
  std::string name;
  std::string image;
  std::string container_id;  // "containerd://<64 hex>"
  int restart_count = 0;
  bool running = true;
  std::string reason;   // "CrashLoopBackOff" when it cannot run
  std::string message;  // why, in the container's own words
  // When it first failed to start and has failed since: the kubelet keeps restarting it with
  // back-off (k8s::restart_count counts those restarts from here).
  std::optional<SimTime> failing_since;
  std::optional<SimTime> last_terminated;  // when an earlier instance ended (restarted by hand)
};

struct PodRecord {
  k8s::Pod pod;  // as applied (metadata.namespace filled in)
  std::string uid;
  NodeId node;
  NetnsId netns;    // the sandbox's namespace (the node's for hostNetwork pods)
  DeviceId eth0;    // inside the pod; invalid for hostNetwork pods
  DeviceId host_veth;
  Ipv4Address ip;
  PodPhase phase = PodPhase::Pending;
  std::string sandbox_id;  // the pause container's id: CNI_CONTAINERID
  std::vector<ContainerStatus> containers;
  nlohmann::json cni_result;  // the ADD result, as the plugin chain returned it
  std::string status_message;  // why it is Pending, when it is
  uint64_t created = 0;
  SimTime created_at;
};

// An EndpointSlice (discovery.k8s.io/v1) as the EndpointSlice controller keeps it for a Service.
struct EndpointRecord {
  Ipv4Address address;
  bool ready = true;
  std::string node_name;
  std::string pod_name;  // targetRef
  std::string hostname;  // spec.hostname of the pod, for headless Services with a subdomain
};

struct EndpointSlicePort {
  std::string name;
  k8s::Protocol protocol = k8s::Protocol::TCP;
  int port = 0;
};

struct EndpointSliceRecord {
  std::string name;  // <service>-<5 characters>, or the Service's name for default/kubernetes
  std::vector<EndpointRecord> endpoints;
  std::vector<EndpointSlicePort> ports;
};

struct ServiceRecord {
  k8s::Service service;  // as applied, with clusterIP and nodePorts filled in by the API server
  Ipv4Address cluster_ip;  // unspecified for headless and ExternalName Services
  std::string uid;
  std::vector<EndpointSliceRecord> slices;
  uint64_t created = 0;
  SimTime created_at;

  bool headless() const { return service.spec.cluster_ip == "None"; }
};

// A ConfigMap as the API server stores it.
struct ConfigMapRecord {
  k8s::ConfigMap config_map;  // metadata.namespace filled in
  std::string uid;
  uint64_t created = 0;
  SimTime created_at;
};

// What the CoreDNS processes have loaded. The reload plugin re-reads the Corefile when the
// coredns ConfigMap changes and keeps the last text that parsed when a new one does not.
struct CoreDnsState {
  std::string corefile;  // the loaded Corefile; empty until the ConfigMap first exists
};

struct WorkloadRecord {
  enum class Kind { Deployment, ReplicaSet } kind = Kind::Deployment;
  std::string namespace_name;
  std::string name;
  std::string uid;
  int replicas = 1;
  k8s::LabelSelector selector;
  k8s::PodTemplateSpec pod_template;
  std::string owner;  // a ReplicaSet's Deployment
  std::string pod_template_hash;
  uint64_t created = 0;
  SimTime created_at;
};

}  // namespace podlab
