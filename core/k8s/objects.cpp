#include "core/k8s/objects.h"

#include <algorithm>

namespace podlab::k8s {

namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool requirement_matches(const LabelSelectorRequirement& requirement, const Labels& labels) {
  const auto found = labels.find(requirement.key);
  const bool present = found != labels.end();
  switch (requirement.op) {
    case SelectorOperator::In: return present && contains(requirement.values, found->second);
    case SelectorOperator::NotIn:
      // As in Kubernetes: a pod without the label is "not in" any set of values.
      return !present || !contains(requirement.values, found->second);
    case SelectorOperator::Exists: return present;
    case SelectorOperator::DoesNotExist: return !present;
  }
  return false;
}

}  // namespace

bool LabelSelector::matches(const Labels& labels) const {
  for (const auto& [key, value] : match_labels) {
    const auto found = labels.find(key);
    if (found == labels.end() || found->second != value) return false;
  }
  for (const LabelSelectorRequirement& requirement : match_expressions) {
    if (!requirement_matches(requirement, labels)) return false;
  }
  return true;
}

const char* protocol_name(Protocol protocol) {
  switch (protocol) {
    case Protocol::TCP: return "TCP";
    case Protocol::UDP: return "UDP";
    case Protocol::SCTP: return "SCTP";
  }
  return "TCP";
}

const char* dns_policy_name(DnsPolicy policy) {
  switch (policy) {
    case DnsPolicy::ClusterFirst: return "ClusterFirst";
    case DnsPolicy::ClusterFirstWithHostNet: return "ClusterFirstWithHostNet";
    case DnsPolicy::Default: return "Default";
    case DnsPolicy::None: return "None";
  }
  return "ClusterFirst";
}

bool tolerates(const std::vector<Toleration>& tolerations, const std::string& key, const std::string& value,
               const std::string& effect) {
  return std::any_of(tolerations.begin(), tolerations.end(), [&](const Toleration& toleration) {
    if (!toleration.effect.empty() && toleration.effect != effect) return false;
    if (toleration.key.empty()) return toleration.op == TolerationOperator::Exists;
    if (toleration.key != key) return false;
    return toleration.op == TolerationOperator::Exists || toleration.value == value;
  });
}

const char* datapath_name(Datapath datapath) {
  switch (datapath) {
    case Datapath::FlannelVxlan: return "flannel-vxlan";
    case Datapath::CalicoIpip: return "calico-ipip";
    case Datapath::Routed: return "routed";
    case Datapath::Manual: return "manual";
  }
  return "flannel-vxlan";
}

std::optional<Datapath> datapath_from_name(const std::string& name) {
  for (Datapath datapath : {Datapath::FlannelVxlan, Datapath::CalicoIpip, Datapath::Routed, Datapath::Manual}) {
    if (name == datapath_name(datapath)) return datapath;
  }
  return std::nullopt;
}

const char* service_type_name(ServiceType type) {
  switch (type) {
    case ServiceType::ClusterIP: return "ClusterIP";
    case ServiceType::NodePort: return "NodePort";
    case ServiceType::LoadBalancer: return "LoadBalancer";
    case ServiceType::ExternalName: return "ExternalName";
  }
  return "ClusterIP";
}

const char* kind_of(const Object& object) {
  struct KindName {
    const char* operator()(const Namespace&) const { return "Namespace"; }
    const char* operator()(const Pod&) const { return "Pod"; }
    const char* operator()(const ReplicaSet&) const { return "ReplicaSet"; }
    const char* operator()(const Deployment&) const { return "Deployment"; }
    const char* operator()(const Service&) const { return "Service"; }
    const char* operator()(const ConfigMap&) const { return "ConfigMap"; }
    const char* operator()(const ClusterSpec&) const { return "Cluster"; }
  };
  return std::visit(KindName{}, object);
}

const ObjectMeta* metadata_of(const Object& object) {
  struct Metadata {
    const ObjectMeta* operator()(const Namespace& o) const { return &o.metadata; }
    const ObjectMeta* operator()(const Pod& o) const { return &o.metadata; }
    const ObjectMeta* operator()(const ReplicaSet& o) const { return &o.metadata; }
    const ObjectMeta* operator()(const Deployment& o) const { return &o.metadata; }
    const ObjectMeta* operator()(const Service& o) const { return &o.metadata; }
    const ObjectMeta* operator()(const ConfigMap& o) const { return &o.metadata; }
    const ObjectMeta* operator()(const ClusterSpec&) const { return nullptr; }
  };
  return std::visit(Metadata{}, object);
}

}  // namespace podlab::k8s
