// Inputs once found to crash or hang the lab, kept under tests/fuzz/regressions/, and what a learner
// sees now: the line works as on a real cluster (SCTP Services, huge replica counts), or it is
// refused with a clear message and the lab stays as it was.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "core/k8s/api.h"
#include "core/k8s/coredns.h"
#include "core/k8s/services.h"
#include "core/lab/json_text.h"
#include "core/lab/lessons.h"
#include "core/lab/pattern_check.h"
#include "core/net/netfilter.h"
#include "core/sim/fingerprint.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

// The exact bytes of a regression input.
std::string regression(const std::string& target, const std::string& name) {
  std::ifstream file(std::string(PODLAB_SOURCE_DIR) + "/tests/fuzz/regressions/" + target + "/" + name, std::ios::binary);
  REQUIRE_MESSAGE(file.good(), "no regression input ", target, "/", name);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

size_t pods_in(const lab::Session& session, PodPhase phase) {
  size_t count = 0;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) { count += pod.phase == phase ? 1 : 0; });
  return count;
}

size_t pods_owned_by_deployment(const lab::Session& session, const std::string& deployment) {
  size_t count = 0;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    for (const auto& owner : pod.pod.metadata.owner_references)
      if (owner.name.rfind(deployment + "-", 0) == 0) ++count;
  });
  return count;
}

}  // namespace

// [SECTION] SCTP Services

TEST_CASE("an SCTP Service works: kubectl shows 3868/SCTP and kube-proxy writes -m sctp -p sctp rules") {
  lab::Session session(1);
  const lab::CommandResult created = session.run(regression("console-line", "sctp-service-port"));
  INFO(created.output);
  REQUIRE(created.ok);
  CHECK(created.output == "service/s created\n");
  CHECK(contains(run_ok(session, "kubectl get svc s").output, "3868/SCTP"));
  const std::string cluster_ip = k8s::find_service(session.world(), "default", "s")->cluster_ip.to_string();

  // No endpoints yet: kube-proxy rejects in the filter table, as upstream writes it.
  const std::string filter = run_ok(session, "node node-2 -- iptables-save -t filter").output;
  CHECK(contains(filter, "-A KUBE-SERVICES -m comment --comment \"default/s has no endpoints\" -m sctp -p sctp -d " +
                             cluster_ip + " --dport 3868 -j REJECT"));

  // With an endpoint: the cluster IP rule, the KUBE-SVC chain and the endpoint's DNAT, all SCTP.
  run_ok(session, "kubectl run x --image=nginx --labels=app=x");
  const std::string pod_address = pod_ip(session, "x");
  const std::string nat = run_ok(session, "node node-2 -- iptables-save -t nat").output;
  const std::regex service_rule("-A KUBE-SERVICES -m comment --comment \"default/s cluster IP\" -m sctp -p sctp -d " +
                                std::regex_replace(cluster_ip, std::regex("\\."), "\\.") + " --dport 3868 -j (KUBE-SVC-[A-Z2-7]{16})");
  std::smatch match;
  REQUIRE(std::regex_search(nat, match, service_rule));
  CHECK(contains(nat, "-A " + match[1].str() + " -m comment --comment \"default/s cluster IP\" -m sctp -p sctp -d " + cluster_ip +
                          " --dport 3868 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ"));
  CHECK(contains(nat, "-m sctp -p sctp -j DNAT --to-destination " + pod_address + ":3868"));
}

TEST_CASE("netfilter reads -p sctp and -m sctp --dport, and matches only SCTP packets") {
  const auto rules = net::parse_iptables_save(
      "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      "-A INPUT -m sctp -p sctp --dport 3868 -j REJECT\n-A INPUT -p sctp -j DROP\nCOMMIT\n");
  REQUIRE(rules.ok());
  Rng rng(1);
  net::RecentLists recent;
  net::NetfilterContext context{rng, SimTime{}, recent, nullptr};
  net::NetfilterPacket tcp;
  tcp.ip.protocol = net::IpProtocol::Tcp;
  tcp.transport = net::TcpHeader{.source_port = 40000, .destination_port = 3868};
  CHECK(net::evaluate_hook(*rules, net::Hook::Input, tcp, context).disposition == net::Disposition::Accept);
  // The lab has no SCTP header: an SCTP packet matches -p sctp, never a port it cannot see.
  net::NetfilterPacket sctp;
  sctp.ip.protocol = static_cast<net::IpProtocol>(132);  // IPPROTO_SCTP
  CHECK(net::evaluate_hook(*rules, net::Hook::Input, sctp, context).disposition == net::Disposition::Drop);
}

// [SECTION] Corefile nesting

TEST_CASE("a Corefile nesting blocks 4,000 deep is refused at the fourth '{' with its line and column") {
  const auto parsed = k8s::parse_corefile(regression("corefile", "corefile-deep-nesting"));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == "corefile.syntax");
  CHECK(parsed.error().to_string().starts_with("Corefile:1:8: blocks nest too deep"));
  // Three levels nest: a server block, a plugin's block, one inside it (refused only because the
  // lab does not model forward's `policy`, not for its depth).
  const auto three = k8s::parse_corefile(".:53 {\n  forward . 10.0.0.53 {\n    policy sequential {\n    }\n  }\n}\n");
  REQUIRE_FALSE(three.ok());
  CHECK(three.error().to_string().find("nest too deep") == std::string::npos);
  CHECK(three.error().to_string().find("policy") != std::string::npos);
  CHECK(k8s::parse_corefile(k8s::kubeadm_corefile()).ok());
}

TEST_CASE("the coredns ConfigMap with that Corefile is stored, CoreDNS keeps its last good configuration") {
  lab::Session session(1);
  const lab::CommandResult applied = session.run("kubectl apply -f -\n" + regression("manifest", "configmap-corefile-deep-nesting"));
  INFO(applied.output);
  CHECK(applied.ok);
  CHECK(contains(applied.output, "configmap/coredns configured"));
  CHECK(contains(applied.output, "Warning: CoreDNS did not reload the Corefile, it keeps serving its last good configuration: "
                                 "Corefile:1:8: blocks nest too deep"));
  run_ok(session, "kubectl run client --image=busybox");
  CHECK(contains(run_ok(session, "kubectl exec client -- nslookup kubernetes.default").output, "Address: 10.96.0.1"));
}

// [SECTION] Huge replica counts

TEST_CASE("--replicas=2147483647: the nodes fill to max-pods, the rest is Pending, the lab stops at its pod limit") {
  lab::Session session(1);
  const lab::CommandResult created = session.run(regression("console-line", "replicas-huge-console"));
  INFO(created.output);
  REQUIRE(created.ok);
  CHECK(created.output.starts_with("deployment.apps/web created\nWarning: the lab holds at most 830 pods (110 per node and 500 Pending): replicaset.apps/web-"));
  CHECK(contains(created.output, " replicas (a real cluster keeps creating the rest, and they stay Pending while no node has room)\n"));
  CHECK(session.world().pods.size() == k8s::lab_pod_limit(session.world()));
  // Two schedulable workers, 110 pods each at most (their DaemonSet pods count too).
  CHECK(pods_in(session, PodPhase::Running) <= 3 * k8s::kubelet_max_pods);
  size_t per_node_max = 0;
  session.world().nodes.for_each([&](NodeId id, const Node&) {
    size_t count = 0;
    session.world().pods.for_each([&](PodId, const PodRecord& pod) { count += pod.node == id ? 1 : 0; });
    per_node_max = std::max(per_node_max, count);
  });
  CHECK(per_node_max == k8s::kubelet_max_pods);
  std::string pending_message;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (!pod.node.valid() && pending_message.empty()) pending_message = pod.status_message;
  });
  CHECK(pending_message ==
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Too many pods.");
  CHECK(contains(run_ok(session, "kubectl get deployment web").output, "/2147483647"));

  // Scaling down and up again stays bounded too.
  run_ok(session, "kubectl scale deployment web --replicas=3");
  CHECK(pods_owned_by_deployment(session, "web") == 3);
  const lab::CommandResult up = run_ok(session, "kubectl scale deployment web --replicas=2147483647");
  CHECK(up.output.starts_with("deployment.apps/web scaled\nWarning: the lab holds at most 830 pods (110 per node and 500 Pending)"));
  CHECK(session.world().pods.size() == k8s::lab_pod_limit(session.world()));
}

TEST_CASE("numbers kubectl or the API server refuse (replicas, ports) are refused the same way; the lab is unchanged") {
  lab::Session session(1);
  run_ok(session, "kubectl create deployment web --image=nginx --replicas=2");
  const uint64_t before = fingerprint(session.world());
  const size_t history = session.history().size();
  const lab::CommandResult huge = session.run("kubectl scale deployment web --replicas=99999999999");
  CHECK_FALSE(huge.ok);
  CHECK(huge.output == "error: invalid argument \"99999999999\" for \"--replicas\" flag: strconv.ParseInt: parsing "
                       "\"99999999999\": value out of range\n");
  const lab::CommandResult words = session.run("kubectl create deployment api --image=nginx --replicas=three");
  CHECK_FALSE(words.ok);
  CHECK(words.output == "error: invalid argument \"three\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"three\": "
                        "invalid syntax\n");
  const lab::CommandResult port = session.run("kubectl create deployment api --image=nginx --port=70000");
  CHECK_FALSE(port.ok);
  CHECK(contains(port.output, "containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"));
  const lab::CommandResult target = session.run("kubectl expose deployment web --port=80 --target-port=99999999999");
  CHECK_FALSE(target.ok);
  CHECK(target.output == "The Service \"web\" is invalid: spec.ports[0].targetPort: Invalid value: 99999999999: must be "
                         "between 1 and 65535, inclusive\n");
  CHECK_FALSE(session.run("kubectl expose deployment web --port=4294967376").ok);  // 2^32 + 80 once wrapped to 80
  CHECK(fingerprint(session.world()) == before);
  CHECK(session.history().size() == history + 5);
  CHECK(session.history_ok().back() == false);
}

TEST_CASE("a Deployment manifest with replicas: 2147483647 applies, bounded the same way") {
  lab::Session session(1);
  const lab::CommandResult applied = session.run("kubectl apply -f -\n" + regression("manifest", "replicas-huge-manifest"));
  INFO(applied.output);
  REQUIRE(applied.ok);
  CHECK(applied.output.starts_with("deployment.apps/web created\nWarning: the lab holds at most 830 pods (110 per node and 500 Pending)"));
  CHECK(session.world().pods.size() == k8s::lab_pod_limit(session.world()));
}

// [SECTION] Many ports over many endpoints

TEST_CASE("a Service with 200 ports over 1,000 replicas: every port of every endpoint gets its rules on every node") {
  lab::Session session(1);
  run_ok(session, "kubectl apply -f -\n" + regression("manifest", "service-ports-times-endpoints"));
  size_t endpoints = 0;
  for (const auto& slice : k8s::find_service(session.world(), "default", "web")->slices) endpoints += slice.endpoints.size();
  size_t running_web_pods = 0;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    running_web_pods += pod.phase == PodPhase::Running && pod.pod.metadata.labels.count("app") &&
                        pod.pod.metadata.labels.at("app") == "web";
  });
  CHECK(running_web_pods > 100);
  CHECK(endpoints == running_web_pods);
  for (const char* node : {"node-1", "node-2", "node-3"}) {
    const std::string nat = run_ok(session, std::string("node ") + node + " -- iptables-save -t nat").output;
    size_t cluster_ip_rules = 0, dnat_rules = 0;
    std::istringstream lines(nat);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("-A KUBE-SERVICES -m comment --comment \"default/web:p") && contains(line, " cluster IP\"")) ++cluster_ip_rules;
      if (line.starts_with("-A KUBE-SEP-") && contains(line, "--comment default/web:p") &&
          contains(line, " -m tcp -p tcp -j DNAT --to-destination 10.244."))
        ++dnat_rules;
    }
    CHECK(cluster_ip_rules == 200);
    CHECK(dnat_rules == 200 * endpoints);
  }
}

// [SECTION] Text that is not UTF-8

TEST_CASE("a console line that is not UTF-8 gives JSON with U+FFFD in its place") {
  lab::Session session(1);
  const std::string line = regression("json-output", "json-output-invalid-utf8");
  const lab::CommandResult result = session.run(line);
  CHECK_FALSE(result.ok);
  const std::string text = lab::json_text(result.to_json(session.world()));
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  REQUIRE_FALSE(parsed.is_discarded());
  CHECK(parsed["command"].get<std::string>() == "kubectl get pod \xEF\xBF\xBD");
  CHECK(lab::valid_utf8("tru\xC3") == "tru\xEF\xBF\xBD");
  // The same bytes as an image: the pod-template-hash is computed over them without aborting.
  CHECK(session.run(regression("console-line", "image-invalid-utf8")).ok);  // found while sweeping: it aborted too
  CHECK(session.run("kubectl get deployment odd").ok);
  CHECK(lab::valid_utf8("Tiêu đề") == "Tiêu đề");
}

// [SECTION] Lesson regular expressions

TEST_CASE("a lesson whose regex std::regex would refuse is refused when loaded, with file, line and column") {
  const auto lesson = lab::load_lesson("fuzz", {{"lesson.yaml", regression("lesson", "lesson-regex-bad-range")}});
  REQUIRE_FALSE(lesson.ok());
  const Diagnostic& problem = lesson.error();
  CHECK(problem.code == "lesson.bad-regex");
  CHECK(problem.to_string() == "fuzz/lesson.yaml:16:49: spec.steps[0].goals[0].check.output[0].matches: \"[z-a]\" is not a "
                               "regular expression: the range z-a is reversed (write a-z)");
}

TEST_CASE("the lesson pattern check refuses what std::regex may throw on, and accepts the shipped lessons' patterns") {
  for (const char* bad : {"[z-a]", "a{2,1}", "[[:foo:]]", "(?<n>x)", "(?=a)*", "x{99999999999}", "(10\\.244", "a)", "*a", "a**",
                          "[a", "\\", "\\1", "\\q", "[\\d-z]", "a{", "]", "((((((((((((((((((a))))))))))))))))))", "(a{1000}){1000}",
                          "[]", "^*", "\\b+"}) {
    INFO(std::string(bad));
    CHECK(lab::pattern_problem(bad).has_value());
  }
  const char* good[] = {"PodCIDR:\\s+10\\.244\\.2\\.0/24", "^[0-9a-f:]{17} dev veth[0-9a-f]+ master cni0$",
                        "web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+(?!10\\.244\\.2\\.2\\s)10\\.244\\.\\d+\\.\\d+\\s",
                        "src=10\\.244\\.(1\\.3|2\\.2) dst", "^api-[0-9a-f]+-[a-z0-9]{5}", "[1-9]\\d*", "a{2,}?", "[-a]", "[a-]",
                        "-A KUBE-SVC-X -m comment --comment \"default/web -> 10\\.244\\.\\d\\.\\d:80\"", "(?:a|b|)c", "[\\]\\-]"};
  for (const char* pattern : good) {
    INFO(std::string(pattern));
    CHECK_FALSE(lab::pattern_problem(pattern).has_value());
#if defined(__cpp_exceptions)
    CHECK_NOTHROW(std::regex(pattern, std::regex::ECMAScript));  // what the check promises, on this build's library
#endif
  }
}
