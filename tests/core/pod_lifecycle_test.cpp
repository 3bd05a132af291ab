// The pod sandbox (facts sheet §1): containers restart inside the same network namespace and keep
// the IP; delete frees it; containers of one pod share one namespace, its ports and localhost.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

const char* two_nginx =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pair\nspec:\n  nodeName: node-2\n  containers:\n"
    "  - name: first\n    image: nginx\n    ports:\n    - containerPort: 80\n"
    "  - name: second\n    image: nginx\n    ports:\n    - containerPort: 80\n";

const char* web_and_sidecar =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  nodeName: node-3\n  containers:\n"
    "  - name: nginx\n    image: nginx\n    ports:\n    - containerPort: 80\n"
    "  - name: second\n    image: busybox\n";

}  // namespace

TEST_CASE("a container restart keeps the sandbox: same IP, same netns, restartCount goes up") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-2", "nginx"));
  const PodRecord& before = pod_record(session, "a");
  const std::string ip = before.ip.to_string();
  const NetnsId netns = before.netns;
  const std::string netns_name = session.world().namespaces_net.at(netns).name;
  const std::string sandbox = before.sandbox_id;
  const std::string container_id = before.containers[0].container_id;

  const lab::CommandResult restarted = run_ok(session, "lab container restart a");
  CHECK(contains(restarted.output, "restart count 1"));
  CHECK(contains(restarted.output, "IP " + ip));
  run_ok(session, "lab container restart a -c main");
  const PodRecord& after = pod_record(session, "a");
  CHECK(after.ip.to_string() == ip);
  CHECK(after.netns == netns);
  CHECK(session.world().namespaces_net.at(after.netns).name == netns_name);
  CHECK(after.sandbox_id == sandbox);
  CHECK(after.containers[0].container_id != container_id);  // a new container, the old sandbox
  CHECK(after.containers[0].restart_count == 2);

  const nlohmann::json json = nlohmann::json::parse(run_ok(session, "kubectl get pod a -o json").output);
  CHECK(json["status"]["containerStatuses"][0]["restartCount"] == 2);
  CHECK(json["status"]["podIP"] == ip);
  CHECK(contains(run_ok(session, "kubectl get pods").output, "Running   2"));
  // It still serves.
  apply_manifest(session, pod_manifest("client", "node-3"));
  CHECK(contains(run_ok(session, "kubectl exec client -- curl -s " + ip).output, "Welcome to nginx!"));

  const lab::CommandResult unknown = session.run("lab container restart a -c nope");
  CHECK_FALSE(unknown.ok);
  CHECK(contains(unknown.output, "container nope is not valid for pod a"));
}

TEST_CASE("deleting a pod removes its namespace and host veth and frees its IP") {
  lab::Session session;
  apply_manifest(session, pod_manifest("a", "node-2"));
  const PodRecord& pod = pod_record(session, "a");
  const NetnsId netns = pod.netns;
  const DeviceId veth = pod.host_veth;
  const std::string veth_name = session.world().devices.at(veth).name;
  const std::string ip = pod.ip.to_string();
  CHECK(run_ok(session, "kubectl delete pod a").output == "pod \"a\" deleted\n");
  CHECK_FALSE(session.world().namespaces_net.get(netns));
  CHECK_FALSE(session.world().devices.get(veth));
  CHECK_FALSE(contains(run_ok(session, "node node-2 -- ip link").output, veth_name));
  bool held = false;
  session.world().nodes.for_each([&](NodeId, const Node& node) {
    for (const auto& address : node.ipam.allocated) held |= address.to_string() == ip;
  });
  CHECK_FALSE(held);
  // Nothing answers on that IP any more.
  CHECK_FALSE(session.run("node node-2 -- ping -c 1 " + ip).ok);
  CHECK_FALSE(session.run("kubectl delete pod a").ok);
}

TEST_CASE("two containers of one pod on the same port: the second cannot bind (CrashLoopBackOff)") {
  lab::Session session;
  apply_manifest(session, two_nginx);
  const PodRecord& pod = pod_record(session, "pair");
  REQUIRE(pod.containers.size() == 2);
  CHECK(pod.containers[0].running);
  CHECK_FALSE(pod.containers[1].running);
  CHECK(pod.containers[1].reason == "CrashLoopBackOff");
  CHECK(contains(pod.containers[1].message, "address already in use"));
  CHECK(contains(pod.containers[1].message, ":80"));
  const std::string listing = run_ok(session, "kubectl get pods").output;
  CHECK(contains(listing, "1/2"));
  CHECK(contains(listing, "CrashLoopBackOff"));
  CHECK(contains(run_ok(session, "kubectl describe pod pair").output, "address already in use"));
  // The first one still serves on the pod's IP.
  apply_manifest(session, pod_manifest("client", "node-3"));
  CHECK(contains(run_ok(session, "kubectl exec client -- curl -s " + pod_ip(session, "pair")).output, "Welcome to nginx!"));
  // Restarting the crashed container does not help: the port is still taken.
  run_ok(session, "lab container restart pair -c second");
  CHECK(pod_record(session, "pair").containers[1].reason == "CrashLoopBackOff");
}

TEST_CASE("two containers declaring one port: the API server warns, and the second crash-loops with restarts counting") {
  lab::Session session;
  const lab::CommandResult applied = run_ok(session, std::string("kubectl apply -f -\n") + two_nginx);
  CHECK(applied.output ==
        "Warning: spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]\n"
        "pod/pair created\n");
  // The kubelet restarted it at once, then backs off 10 s, 20 s, 40 s … between tries.
  CHECK(contains(run_ok(session, "kubectl get pods").output, "pair   1/2     CrashLoopBackOff   1 (0s ago)   0s\n"));
  session.world().now += SimTime::from_seconds(35);
  CHECK(contains(run_ok(session, "kubectl get pods").output, "pair   1/2     CrashLoopBackOff   3 (5s ago)   35s\n"));
  const nlohmann::json json = nlohmann::json::parse(run_ok(session, "kubectl get pod pair -o json").output);
  CHECK(json["status"]["containerStatuses"][0]["restartCount"] == 0);
  CHECK(json["status"]["containerStatuses"][1]["restartCount"] == 3);
  CHECK(contains(run_ok(session, "kubectl describe pod pair").output, "Restart Count:  3\n"));
  session.world().now += SimTime::from_seconds(600);  // 70, 150, 310, 610 s
  CHECK(contains(run_ok(session, "kubectl get pods").output, "CrashLoopBackOff   7 (25s ago)"));

  // Applied again unchanged, nothing is sent and nothing is warned about.
  CHECK(run_ok(session, std::string("kubectl apply -f -\n") + two_nginx).output == "pod/pair unchanged\n");
}

TEST_CASE("a Deployment's template with a port declared twice: the warning names the template's path") {
  lab::Session session;
  const std::string deployment =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pair\nspec:\n  selector:\n    matchLabels: {app: pair}\n"
      "  template:\n    metadata:\n      labels: {app: pair}\n    spec:\n      containers:\n"
      "      - name: first\n        image: nginx\n        ports:\n        - containerPort: 80\n"
      "      - name: second\n        image: nginx\n        ports:\n        - containerPort: 8080\n        - containerPort: 80\n"
      "          hostPort: 8080\n";
  CHECK(run_ok(session, "kubectl apply -f -\n" + deployment).output ==
        "Warning: spec.template.spec.containers[1].ports[1]: overlapping port definition with "
        "spec.template.spec.containers[0].ports[0]\n"
        "deployment.apps/pair created\n");
}

TEST_CASE("containers of a pod reach each other on localhost") {
  lab::Session session;
  apply_manifest(session, web_and_sidecar);
  const lab::CommandResult result = run_ok(session, "kubectl exec web -c second -- curl -s localhost:80");
  CHECK(contains(result.output, "Welcome to nginx!"));
  const nlohmann::json trace = trace_json(session, result);
  CHECK(trace["delivered"] == true);
  for (const auto& hop : trace["hops"]) {
    CHECK(hop["netns"].get<std::string>().starts_with("pod/default/web"));
    CHECK(hop["device"] != "eth0");
  }
  CHECK(trace["received"]["src_ip"] == "127.0.0.1");
  CHECK(trace["received"]["dst_port"] == 80);
  // Same namespace, same hostname -i for both containers.
  CHECK(run_ok(session, "kubectl exec web -c second -- hostname -i").output ==
        run_ok(session, "kubectl exec web -c nginx -- hostname -i").output);
  // A port nobody listens on is refused.
  const lab::CommandResult refused = session.run("kubectl exec web -c second -- curl -s localhost:8080");
  CHECK_FALSE(refused.ok);
  CHECK(contains(refused.output, "Couldn't connect to server"));
  CHECK_FALSE(session.run("kubectl exec web -c third -- hostname").ok);
}
