// kubectl label and kubectl patch as the classic Service faults are fixed with them: pods whose
// labels miss the selector, a targetPort that no container listens on; and a pod's dnsPolicy, which
// only a new pod can change.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

void check_fails(lab::Session& session, const std::string& line, const std::string& message) {
  const lab::CommandResult result = session.run(line);
  INFO(line, "\n", result.output);
  CHECK_FALSE(result.ok);
  CHECK(contains(result.output, message));
}

std::string labelled_pod(const std::string& name, const std::string& labels) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  labels: " + labels +
         "\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n";
}

const char* web_service =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web, tier: frontend}\n"
    "  ports:\n  - port: 80\n";

const char* api_with_wrong_target_port =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n  selector:\n"
    "    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n"
    "      - name: api\n        image: registry.k8s.io/e2e-test-images/agnhost:2.39\n"
    "        args: [netexec, --http-port=8080]\n        ports:\n        - containerPort: 8080\n---\n"
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports:\n"
    "  - port: 80\n    targetPort: 80\n";

}  // namespace

TEST_CASE("kubectl label: pods relabelled to match a Service's selector become its endpoints") {
  lab::Session session(3);
  apply_manifest(session, labelled_pod("web-1", "{app: web, tier: front-end}") + "---\n" +
                              labelled_pod("web-2", "{app: web, tier: front-end}") + "---\n" + web_service);
  CHECK(contains(run_ok(session, "kubectl get endpoints web").output, "<none>"));

  check_fails(session, "kubectl label pod web-1 tier=frontend", "error: 'tier' already has a value (front-end), and --overwrite is false");
  CHECK(pod_record(session, "web-1").pod.metadata.labels.at("tier") == "front-end");
  check_fails(session, "kubectl label pod web-9 tier=frontend --overwrite", "Error from server (NotFound): pods \"web-9\" not found");
  check_fails(session, "kubectl label pod web-1 tier=front_end_", "error: invalid label value: \"tier=front_end_\"");
  check_fails(session, "kubectl label deployment web tier=frontend", "kubectl label changes pods, nodes, namespaces and services");

  const auto labelled = run_ok(session, "kubectl label pods web-1 web-2 tier=frontend --overwrite");
  CHECK(labelled.output == "pod/web-1 labeled\npod/web-2 labeled\n");
  const std::string endpoints = run_ok(session, "kubectl get endpoints web").output;
  CHECK(contains(endpoints, pod_ip(session, "web-1") + ":80"));
  CHECK(contains(endpoints, pod_ip(session, "web-2") + ":80"));
  apply_manifest(session, pod_manifest("client", "node-2", "nicolaka/netshoot"));
  CHECK(contains(run_ok(session, "kubectl exec client -- curl -s web").output, "Welcome to nginx!"));

  CHECK(run_ok(session, "kubectl label pod web-1 tier=frontend").output == "pod/web-1 not labeled\n");
  CHECK(run_ok(session, "kubectl label pod/web-2 tier-").output == "pod/web-2 unlabeled\n");
  CHECK_FALSE(contains(run_ok(session, "kubectl get endpoints web").output, pod_ip(session, "web-2")));
  CHECK(run_ok(session, "kubectl label pods -l app=web env=lab").output == "pod/web-1 labeled\npod/web-2 labeled\n");
  CHECK(run_ok(session, "kubectl label node node-3 disk=ssd").output == "node/node-3 labeled\n");
  CHECK(contains(run_ok(session, "kubectl get nodes -l disk=ssd").output, "node-3"));
}

TEST_CASE("kubectl patch: a Service's targetPort fixed with a strategic merge patch") {
  lab::Session session(5);
  apply_manifest(session, api_with_wrong_target_port);
  apply_manifest(session, pod_manifest("client", "node-2", "nicolaka/netshoot"));
  check_fails(session, "kubectl exec client -- curl -s api", "curl: (7) Failed to connect to api port 80");

  check_fails(session, "kubectl patch service api -p '{\"spec\":'", "error: unable to parse");
  check_fails(session, "kubectl patch service nope -p '{}'", "Error from server (NotFound): services \"nope\" not found");
  check_fails(session, "kubectl patch service api --type json -p '[]'", "takes --type strategic or merge");
  check_fails(session, "kubectl patch service api -p '{\"metadata\":{\"name\":\"other\"}}'", "may not change the object's kind, name or namespace");
  CHECK(contains(run_ok(session, "kubectl get service api -o yaml").output, "targetPort: 80\n"));

  // The ports list merges on `port`: the entry keeps its protocol, only targetPort changes.
  const auto patched = run_ok(session, "kubectl patch service api -p '{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8080}]}}'");
  CHECK(patched.output == "service/api patched\n");
  const std::string yaml = run_ok(session, "kubectl get service api -o yaml").output;
  CHECK(contains(yaml, "  - port: 80\n    protocol: TCP\n    targetPort: 8080\n"));
  CHECK(contains(run_ok(session, "kubectl get endpoints api").output, ":8080"));
  CHECK(contains(run_ok(session, "kubectl exec client -- curl -s api").output, "api-"));
  CHECK(run_ok(session, "kubectl patch svc api -p '{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8080}]}}'").output ==
        "service/api patched (no change)\n");

  // A JSON merge patch replaces the list: the Service then has the one port given.
  run_ok(session, "kubectl patch svc/api --type merge -p '{\"spec\":{\"ports\":[{\"port\":8080}]}}'");
  CHECK(contains(run_ok(session, "kubectl get svc api").output, "8080/TCP"));
  // The API server's own checks still apply.
  check_fails(session, "kubectl patch svc api -p '{\"spec\":{\"ports\":[{\"port\":70000}]}}'", "70000");
}

TEST_CASE("kubectl patch: a Deployment's pod template change rolls out new pods") {
  lab::Session session(6);
  run_ok(session, "kubectl create deployment web --image=nginx:1.27 --replicas=2");
  run_ok(session, "kubectl patch deployment web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.28\"}]}}}}'");
  int new_image = 0;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name == "default" && pod.pod.spec.containers.size() == 1 &&
        pod.pod.spec.containers[0].image == "nginx:1.28" && pod.phase == PodPhase::Running)
      ++new_image;
  });
  CHECK(new_image == 2);
}

TEST_CASE("a pod's dnsPolicy cannot change: the pod must be created again") {
  lab::Session session(7);
  const std::string pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  dnsPolicy: Default\n"
                          "  containers:\n  - name: client\n    image: busybox:1.36\n";
  apply_manifest(session, pod);
  std::string changed = pod;
  changed.replace(changed.find("Default"), 7, "ClusterFirst");
  check_fails(session, "kubectl apply -f -\n" + changed, "spec: Forbidden: pod updates may not change fields");
  check_fails(session, "kubectl patch pod client -p '{\"spec\":{\"dnsPolicy\":\"ClusterFirst\"}}'",
              "The Pod \"client\" is invalid: spec: Forbidden: pod updates may not change fields");
  CHECK(contains(run_ok(session, "kubectl exec client -- cat /etc/resolv.conf").output, "nameserver 192.168.56.1"));
}

TEST_CASE("ip link set DEV mtu N on a node; a pod may not") {
  lab::Session session(8);
  apply_manifest(session, pod_manifest("a", "node-2") + "---\n" + pod_manifest("b", "node-3"));
  const std::string b = pod_ip(session, "b");
  const std::string large = "kubectl exec a -- ping -c 1 -s 1422 -M do " + b;
  run_ok(session, large);

  CHECK(run_ok(session, "node node-3 -- ip link set dev eth0 mtu 1400").output.empty());
  CHECK(contains(run_ok(session, "node node-3 -- ip link show eth0").output, "eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 "));
  CHECK_FALSE(contains(run_ok(session, "node node-3 -- ip link show dev eth0").output, "flannel.1"));
  // The reply, wrapped in VXLAN on node-3, is 1500 bytes and no longer fits node-3's eth0.
  run_ok(session, "kubectl exec a -- ping -c 1 " + b);
  check_fails(session, large, "1 packets transmitted, 0 received, 100% packet loss");

  check_fails(session, "node node-3 -- ip link set eth9 mtu 1500", "Cannot find device \"eth9\"");
  check_fails(session, "node node-3 -- ip link show eth9", "Device \"eth9\" does not exist.");
  check_fails(session, "node node-3 -- ip link set eth0 mtu 40", "Error: mtu less than device minimum.");
  check_fails(session, "node node-3 -- ip link set eth0 mtu big", "Invalid \"mtu\" value");
  check_fails(session, "node node-3 -- ip link set eth0 down", "Usage: ip link set [dev] DEVICE mtu MTU");
  check_fails(session, "kubectl exec b -- ip link set eth0 mtu 1500", "RTNETLINK answers: Operation not permitted");
  CHECK(contains(run_ok(session, "node node-3 -- ip addr show eth0").output, "mtu 1400"));

  run_ok(session, "node node-3 -- ip link set eth0 mtu 1500");
  run_ok(session, large);
}
