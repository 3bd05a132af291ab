#include "core/k8s/pod_dns.h"

#include <algorithm>

namespace podlab::k8s {

namespace {

void append_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

std::string ResolvConf::to_text() const {
  std::string text;
  if (!searches.empty()) {
    text += "search";
    for (const std::string& search : searches) text += " " + search;
    text += "\n";
  }
  for (const std::string& nameserver : nameservers) text += "nameserver " + nameserver + "\n";
  if (!options.empty()) {
    text += "options";
    for (const PodDnsOption& option : options) text += " " + option.name + (option.value ? ":" + *option.value : "");
    text += "\n";
  }
  return text;
}

Ipv4Address cluster_dns_address(const World& world) { return world.cluster.service_network.at(10); }

ResolvConf node_resolv_conf(const World& world) {
  ResolvConf conf;
  // The node network's gateway also serves DNS for the nodes, as a lab router does.
  conf.nameservers.push_back(world.cluster.node_network.at(1).to_string());
  return conf;
}

ResolvConf pod_resolv_conf(const World& world, const PodRecord& pod) {
  return pod_resolv_conf(pod.pod.spec, pod.pod.metadata.namespace_name, cluster_dns_address(world).to_string(),
                         world.cluster.cluster_domain, node_resolv_conf(world));
}

ResolvConf pod_resolv_conf(const PodSpec& spec, const std::string& namespace_name, const std::string& cluster_dns,
                           const std::string& cluster_domain, const ResolvConf& host) {
  DnsPolicy policy = spec.dns_policy;
  // "ClusterFirst" on a hostNetwork pod silently behaves like "Default".
  if (policy == DnsPolicy::ClusterFirst && spec.host_network) policy = DnsPolicy::Default;
  if (policy == DnsPolicy::ClusterFirstWithHostNet) policy = DnsPolicy::ClusterFirst;

  ResolvConf conf;
  switch (policy) {
    case DnsPolicy::ClusterFirst: {
      conf.nameservers.push_back(cluster_dns);
      const std::string& domain = cluster_domain;
      for (const std::string& search : {namespace_name + ".svc." + domain, "svc." + domain, domain})
        append_unique(conf.searches, search);
      for (const std::string& search : host.searches) append_unique(conf.searches, search);
      conf.options.push_back(PodDnsOption{"ndots", "5"});
      break;
    }
    case DnsPolicy::Default:
      conf = host;
      break;
    case DnsPolicy::None:
    case DnsPolicy::ClusterFirstWithHostNet:
      break;
  }
  if (spec.dns_config) {
    for (const std::string& nameserver : spec.dns_config->nameservers) append_unique(conf.nameservers, nameserver);
    for (const std::string& search : spec.dns_config->searches) append_unique(conf.searches, search);
    for (const PodDnsOption& option : spec.dns_config->options) {
      auto existing = std::find_if(conf.options.begin(), conf.options.end(),
                                   [&](const PodDnsOption& o) { return o.name == option.name; });
      if (existing != conf.options.end()) *existing = option;  // the pod's value wins
      else conf.options.push_back(option);
    }
  }
  if (conf.nameservers.size() > max_dns_nameservers) {
    conf.warnings.push_back("Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: " +
                            conf.nameservers[0] + " " + conf.nameservers[1] + " " + conf.nameservers[2]);
    conf.nameservers.resize(max_dns_nameservers);
  }
  size_t characters = 0;
  for (size_t i = 0; i < conf.searches.size(); ++i) {
    characters += conf.searches[i].size() + (i ? 1 : 0);
    if (i >= max_dns_search_paths || characters > max_dns_search_list_chars) {
      conf.warnings.push_back("Search Line limits were exceeded, some search paths have been omitted");
      conf.searches.resize(i);
      break;
    }
  }
  return conf;
}

}  // namespace podlab::k8s
