// Kubernetes API objects as a learner writes them in manifests (the spec side), plus Podlab's own
// `podlab.dev/v1 Cluster` document. Field names follow the Kubernetes API (metadata.name,
// spec.nodeName, containerPort, dnsPolicy …). What the cluster makes of them (pod IPs, phases,
// restarts) lives in the World, not here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/base/ip.h"
#include "core/base/result.h"

namespace podlab::k8s {

using Labels = std::map<std::string, std::string>;

struct OwnerReference {
  std::string api_version;  // "apps/v1"
  std::string kind;         // "ReplicaSet"
  std::string name;
  std::string uid;
  bool controller = true;
};

struct ObjectMeta {
  std::string name;
  std::string generate_name;
  std::string namespace_name;  // empty in a manifest means the command's namespace ("default")
  Labels labels;
  std::map<std::string, std::string> annotations;
  std::vector<OwnerReference> owner_references;
};

enum class SelectorOperator { In, NotIn, Exists, DoesNotExist };

struct LabelSelectorRequirement {
  std::string key;
  SelectorOperator op = SelectorOperator::In;
  std::vector<std::string> values;
};

struct LabelSelector {
  Labels match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;

  bool empty() const { return match_labels.empty() && match_expressions.empty(); }
  // An empty selector matches everything, as in the Kubernetes API.
  bool matches(const Labels& labels) const;
};

// Parses kubectl's -l syntax: "app=web,tier!=db,env in (prod,staging),!legacy,debug".
Result<LabelSelector> parse_label_selector(const std::string& text);
// The selector and labels as kubectl prints them ("app=web,env in (prod,staging),!legacy"),
// requirements sorted by key like the API's String(); parse_label_selector reads it back.
std::string selector_text(const LabelSelector& selector);
std::string labels_text(const Labels& labels);  // "app=web,tier=db"

enum class Protocol { TCP, UDP, SCTP };
const char* protocol_name(Protocol protocol);

struct ContainerPort {
  std::string name;  // optional; a Service's targetPort may refer to it
  int container_port = 0;
  Protocol protocol = Protocol::TCP;
  int host_port = 0;
};

struct Container {
  std::string name;
  std::string image;
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::vector<ContainerPort> ports;
};

struct PodDnsOption {
  std::string name;
  std::optional<std::string> value;
};

struct PodDnsConfig {
  std::vector<std::string> nameservers;
  std::vector<std::string> searches;
  std::vector<PodDnsOption> options;
};

enum class DnsPolicy { ClusterFirst, ClusterFirstWithHostNet, Default, None };
const char* dns_policy_name(DnsPolicy policy);

// spec.tolerations[]: which node taints the pod accepts. An empty key with operator Exists
// tolerates every taint; an empty effect matches every effect.
enum class TolerationOperator { Equal, Exists };
struct Toleration {
  std::string key;
  TolerationOperator op = TolerationOperator::Equal;
  std::string value;
  std::string effect;  // NoSchedule, PreferNoSchedule, NoExecute, or "" for all
};
// Whether `tolerations` accept the taint key=value:effect (Kubernetes' ToleratesTaint).
bool tolerates(const std::vector<Toleration>& tolerations, const std::string& key, const std::string& value,
               const std::string& effect);

// spec.affinity.podAntiAffinity: keep away from nodes (topology domains) that run matching pods.
struct PodAffinityTerm {
  LabelSelector label_selector;
  std::vector<std::string> namespaces;  // empty: the pod's own namespace
  std::string topology_key;             // "kubernetes.io/hostname": one domain per node
};
struct WeightedPodAffinityTerm {
  int weight = 1;  // 1-100
  PodAffinityTerm pod_affinity_term;
};
struct PodAntiAffinity {
  std::vector<PodAffinityTerm> required;            // requiredDuringSchedulingIgnoredDuringExecution
  std::vector<WeightedPodAffinityTerm> preferred;   // preferredDuringSchedulingIgnoredDuringExecution
};
struct Affinity {
  std::optional<PodAntiAffinity> pod_anti_affinity;
};

struct PodSpec {
  std::vector<Container> containers;
  std::string node_name;
  Labels node_selector;
  bool host_network = false;
  DnsPolicy dns_policy = DnsPolicy::ClusterFirst;
  std::optional<PodDnsConfig> dns_config;
  std::string hostname;
  std::string subdomain;
  std::string restart_policy = "Always";
  std::vector<Toleration> tolerations;
  std::optional<Affinity> affinity;
  std::string priority_class_name;  // system-cluster-critical for CoreDNS; kept and shown, no preemption
};

struct PodTemplateSpec {
  ObjectMeta metadata;
  PodSpec spec;
};

struct Namespace {
  ObjectMeta metadata;
};

struct Pod {
  ObjectMeta metadata;
  PodSpec spec;
};

struct ReplicaSet {
  ObjectMeta metadata;
  int replicas = 1;
  LabelSelector selector;
  PodTemplateSpec pod_template;
};

struct Deployment {
  ObjectMeta metadata;
  int replicas = 1;
  LabelSelector selector;
  PodTemplateSpec pod_template;
};

enum class ServiceType { ClusterIP, NodePort, LoadBalancer, ExternalName };
const char* service_type_name(ServiceType type);

enum class TrafficPolicy { Cluster, Local };

// targetPort: a number, or the name of a container port (resolved per endpoint pod).
struct IntOrString {
  std::optional<int> number;
  std::string name;
};

struct ServicePort {
  std::string name;
  Protocol protocol = Protocol::TCP;
  int port = 0;
  IntOrString target_port;  // defaults to `port`
  int node_port = 0;        // 0: allocated for NodePort services
};

struct ServiceSpec {
  ServiceType type = ServiceType::ClusterIP;
  Labels selector;  // empty: no selector, the endpoints are managed by hand
  std::string cluster_ip;  // "" allocates one, "None" makes the Service headless
  std::vector<ServicePort> ports;
  std::string external_name;
  bool session_affinity_client_ip = false;
  int session_affinity_timeout_seconds = 10800;
  TrafficPolicy external_traffic_policy = TrafficPolicy::Cluster;
  TrafficPolicy internal_traffic_policy = TrafficPolicy::Cluster;
  bool publish_not_ready_addresses = false;
  // Accepted and kept, but not modelled (no load balancer, no external routing): the API server
  // warns about each one set (core/k8s/warnings.cpp).
  std::vector<std::string> external_ips;
  std::string load_balancer_ip;
  std::vector<std::string> load_balancer_source_ranges;
  int health_check_node_port = 0;
  std::string load_balancer_class;
  std::optional<bool> allocate_load_balancer_node_ports;
  std::string traffic_distribution;
};

struct Service {
  ObjectMeta metadata;
  ServiceSpec spec;
};

// A ConfigMap (v1): string data that pods read as files or variables. CoreDNS reads its Corefile
// from kube-system/coredns.
struct ConfigMap {
  ObjectMeta metadata;
  std::map<std::string, std::string> data;
};

// How packets cross between nodes; chosen per cluster and switchable at run time.
enum class Datapath { FlannelVxlan, CalicoIpip, Routed, Manual };
const char* datapath_name(Datapath datapath);  // "flannel-vxlan", "calico-ipip", "routed", "manual"
std::optional<Datapath> datapath_from_name(const std::string& name);

enum class NodeRole { ControlPlane, Worker };

struct ClusterNodeSpec {
  std::string name;
  NodeRole role = NodeRole::Worker;
  std::optional<Ipv4Address> address;  // on the node network; assigned in order when absent
  Labels labels;
};

// apiVersion: podlab.dev/v1, kind: Cluster. Every field has kubeadm's default.
struct ClusterSpec {
  std::string name = "podlab";
  Ipv4Cidr node_network = Ipv4Cidr{Ipv4Address::from_octets(192, 168, 56, 0), 24};
  Ipv4Cidr pod_network = Ipv4Cidr{Ipv4Address::from_octets(10, 244, 0, 0), 16};      // --pod-network-cidr
  Ipv4Cidr service_network = Ipv4Cidr{Ipv4Address::from_octets(10, 96, 0, 0), 12};   // --service-cidr
  int node_cidr_mask_size = 24;
  std::string cluster_domain = "cluster.local";
  Datapath datapath = Datapath::FlannelVxlan;
  int node_mtu = 1500;
  // Empty means kubeadm's three-node lab: node-1 (control plane), node-2, node-3.
  std::vector<ClusterNodeSpec> nodes;
};

using Object = std::variant<Namespace, Pod, ReplicaSet, Deployment, Service, ConfigMap, ClusterSpec>;

// One object of a manifest, with where its document starts (for messages about it later).
struct ManifestObject {
  Object object;
  SourceLocation where;
};

// Parses a multi-document YAML manifest (as `kubectl apply -f` takes it). Either every object
// parses, or the result holds diagnostics with file:line:column and nothing is returned.
// Unknown kinds, unknown fields (strict, like kubectl's --validate=strict), wrong types and
// missing required fields are diagnostics.
Result<std::vector<ManifestObject>> parse_manifests(const std::string& text, const std::string& file_name);

const char* kind_of(const Object& object);
const ObjectMeta* metadata_of(const Object& object);  // null for ClusterSpec

}  // namespace podlab::k8s
