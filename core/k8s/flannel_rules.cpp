#include "core/k8s/flannel_rules.h"

namespace podlab::k8s {

FlannelRules flannel_rules(const Ipv4Cidr& pod_network, const Ipv4Cidr& node_subnet) {
  const std::string network = pod_network.canonical().to_string();
  const std::string subnet = node_subnet.canonical().to_string();
  const std::string masq = " -m comment --comment \"flanneld masq\"";
  const std::string forward = " -m comment --comment \"flanneld forward\"";
  FlannelRules rules;
  rules.nat = "*nat\n:POSTROUTING ACCEPT [0:0]\n:FLANNEL-POSTRTG - [0:0]\n"
              "-A POSTROUTING" + masq + " -j FLANNEL-POSTRTG\n"
              "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000" + masq + " -j RETURN\n"
              "-A FLANNEL-POSTRTG -s " + subnet + " -d " + network + masq + " -j RETURN\n"
              "-A FLANNEL-POSTRTG -s " + network + " -d " + subnet + masq + " -j RETURN\n"
              "-A FLANNEL-POSTRTG ! -s " + network + " -d " + subnet + masq + " -j RETURN\n"
              "-A FLANNEL-POSTRTG -s " + network + " ! -d 224.0.0.0/4" + masq + " -j MASQUERADE --random-fully\n"
              "-A FLANNEL-POSTRTG ! -s " + network + " -d " + network + masq + " -j MASQUERADE --random-fully\n"
              "COMMIT\n";
  rules.filter = "*filter\n:FORWARD ACCEPT [0:0]\n:FLANNEL-FWD - [0:0]\n"
                 "-A FORWARD" + forward + " -j FLANNEL-FWD\n"
                 "-A FLANNEL-FWD -s " + network + forward + " -j ACCEPT\n"
                 "-A FLANNEL-FWD -d " + network + forward + " -j ACCEPT\n"
                 "COMMIT\n";
  return rules;
}

}  // namespace podlab::k8s
