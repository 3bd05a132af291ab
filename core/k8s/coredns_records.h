// The kubernetes plugin's record lookup for a name inside one of its zones, separate from the
// server-block routing in coredns.cpp. Private to core/k8s.
#pragma once

#include <string>
#include <vector>

#include "core/k8s/coredns.h"

namespace podlab::k8s {

struct LookupResult {
  net::DnsRcode rcode = net::DnsRcode::NoError;
  bool authoritative = true;
  std::vector<net::DnsRecord> answers;
  std::vector<net::DnsRecord> authority;
  std::vector<net::DnsRecord> additional;
};

// Both lower-case without the final dot; the zone "." holds every name.
bool name_in_zone(const std::string& name, const std::string& zone);

// `zone` is the kubernetes zone that holds `name` (a cluster domain or a reverse zone).
LookupResult lookup_kubernetes(const ClusterDnsView& view, const CorefileConfig& config, const std::string& zone,
                               const std::string& name, net::DnsType type);

}  // namespace podlab::k8s
