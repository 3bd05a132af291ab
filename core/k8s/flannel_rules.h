// The iptables rules flanneld (--ip-masq, as kube-flannel.yml runs it) adds on every node: pod
// traffic leaving the pod network is masqueraded, pod-to-pod traffic is not, and the FORWARD
// chain accepts the pod network (pkg/trafficmngr/iptables in flannel-io/flannel).
#pragma once

#include <string>

#include "core/base/ip.h"

namespace podlab::k8s {

struct FlannelRules {
  std::string filter, nat;  // each one table's iptables-save text
};

FlannelRules flannel_rules(const Ipv4Cidr& pod_network, const Ipv4Cidr& node_subnet);

}  // namespace podlab::k8s
