// How the kubelet writes a pod's /etc/resolv.conf (pkg/kubelet/network/dns): from the pod's
// dnsPolicy (ClusterFirst, ClusterFirstWithHostNet, Default, None; ClusterFirst on a hostNetwork pod
// falls back to Default), merged with its dnsConfig, within Kubernetes' limits (3 nameservers, 32
// search domains, 2048 characters of search line; the excess is dropped with a warning event).
#pragma once

#include <string>
#include <vector>

#include "core/k8s/objects.h"
#include "core/sim/world.h"

namespace podlab::k8s {

inline constexpr size_t max_dns_nameservers = 3;
inline constexpr size_t max_dns_search_paths = 32;
inline constexpr size_t max_dns_search_list_chars = 2048;

struct ResolvConf {
  std::vector<std::string> nameservers;
  std::vector<std::string> searches;
  std::vector<PodDnsOption> options;
  std::vector<std::string> warnings;  // DNSConfigForming events: what was dropped

  // The file as the container runtime writes it: search, nameserver and options lines.
  std::string to_text() const;
};

// The kube-dns Service's address: the tenth address of the service network (kubeadm's clusterDNS).
Ipv4Address cluster_dns_address(const World& world);
// A node's own /etc/resolv.conf (the kubelet's --resolv-conf).
ResolvConf node_resolv_conf(const World& world);
ResolvConf pod_resolv_conf(const World& world, const PodRecord& pod);
// The same, from its inputs alone (the kubelet's clusterDNS and clusterDomain, the node's file).
ResolvConf pod_resolv_conf(const PodSpec& spec, const std::string& namespace_name, const std::string& cluster_dns,
                           const std::string& cluster_domain, const ResolvConf& host);

}  // namespace podlab::k8s
