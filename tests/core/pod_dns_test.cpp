// The pod's resolv.conf, checked against the kubelet's own test oracle (dns_test.go,
// TestGetPodDNSCustom): cluster DNS 10.0.0.10, domain kubernetes.io, namespace testNS, and a node
// whose resolv.conf is "nameserver 8.8.8.8 / search host.domain".
#include <doctest/doctest.h>

#include "core/k8s/pod_dns.h"
#include "core/lab/session.h"

using namespace podlab;
using namespace podlab::k8s;

namespace {

ResolvConf host_file() {
  ResolvConf host;
  host.nameservers = {"8.8.8.8"};
  host.searches = {"host.domain"};
  return host;
}

PodDnsConfig custom() {
  return PodDnsConfig{{"10.0.0.11"}, {"my.domain"}, {{"ndots", "3"}, {"debug", std::nullopt}}};
}

ResolvConf resolve(DnsPolicy policy, bool host_network, std::optional<PodDnsConfig> config) {
  PodSpec spec;
  spec.dns_policy = policy;
  spec.host_network = host_network;
  spec.dns_config = std::move(config);
  return pod_resolv_conf(spec, "testNS", "10.0.0.10", "kubernetes.io", host_file());
}

std::vector<std::string> option_texts(const ResolvConf& conf) {
  std::vector<std::string> texts;
  for (const auto& option : conf.options) texts.push_back(option.name + (option.value ? ":" + *option.value : ""));
  return texts;
}

}  // namespace

TEST_CASE("dnsPolicy None with no dnsConfig: an empty file") {
  const ResolvConf conf = resolve(DnsPolicy::None, false, std::nullopt);
  CHECK(conf.nameservers.empty());
  CHECK(conf.searches.empty());
  CHECK(conf.options.empty());
}

TEST_CASE("dnsPolicy None takes everything from dnsConfig") {
  const ResolvConf conf = resolve(DnsPolicy::None, false,
                                  PodDnsConfig{{"203.0.113.1"}, {"my.domain", "second.domain"}, {{"ndots", "3"}, {"debug", std::nullopt}}});
  CHECK(conf.nameservers == std::vector<std::string>{"203.0.113.1"});
  CHECK(conf.searches == std::vector<std::string>{"my.domain", "second.domain"});
  CHECK(option_texts(conf) == std::vector<std::string>{"ndots:3", "debug"});
}

TEST_CASE("ClusterFirst: the cluster's nameserver, its three domains, then the node's, and the pod's options win") {
  const ResolvConf conf = resolve(DnsPolicy::ClusterFirst, false, custom());
  CHECK(conf.nameservers == std::vector<std::string>{"10.0.0.10", "10.0.0.11"});
  CHECK(conf.searches == std::vector<std::string>{"testNS.svc.kubernetes.io", "svc.kubernetes.io", "kubernetes.io",
                                                  "host.domain", "my.domain"});
  CHECK(option_texts(conf) == std::vector<std::string>{"ndots:3", "debug"});
}

TEST_CASE("ClusterFirstWithHostNet on a hostNetwork pod is ClusterFirst; ClusterFirst on one is Default") {
  const ResolvConf with_host_net = resolve(DnsPolicy::ClusterFirstWithHostNet, true, custom());
  CHECK(with_host_net.nameservers == std::vector<std::string>{"10.0.0.10", "10.0.0.11"});
  const ResolvConf fallback = resolve(DnsPolicy::ClusterFirst, true, std::nullopt);
  CHECK(fallback.nameservers == std::vector<std::string>{"8.8.8.8"});
  CHECK(fallback.searches == std::vector<std::string>{"host.domain"});
}

TEST_CASE("Default: the node's file, with dnsConfig appended") {
  const ResolvConf conf = resolve(DnsPolicy::Default, false, custom());
  CHECK(conf.nameservers == std::vector<std::string>{"8.8.8.8", "10.0.0.11"});
  CHECK(conf.searches == std::vector<std::string>{"host.domain", "my.domain"});
  CHECK(option_texts(conf) == std::vector<std::string>{"ndots:3", "debug"});
}

TEST_CASE("limits: three nameservers and 32 search domains, the rest dropped with a warning") {
  PodDnsConfig many;
  many.nameservers = {"1.1.1.1", "2.2.2.2", "3.3.3.3"};
  for (int i = 0; i < 40; ++i) many.searches.push_back("d" + std::to_string(i) + ".example");
  const ResolvConf conf = resolve(DnsPolicy::ClusterFirst, false, many);
  CHECK(conf.nameservers == std::vector<std::string>{"10.0.0.10", "1.1.1.1", "2.2.2.2"});
  CHECK(conf.searches.size() == max_dns_search_paths);
  CHECK(conf.warnings.size() == 2);
}

TEST_CASE("a pod in the lab reads the resolv.conf the kubelet wrote for it") {
  lab::Session session(1);
  REQUIRE(session.run("kubectl create namespace shop").ok);
  REQUIRE(session.run("kubectl run web -n shop --image=nginx").ok);
  const auto result = session.run("kubectl exec -n shop web -- cat /etc/resolv.conf");
  CHECK(result.output ==
        "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
}
