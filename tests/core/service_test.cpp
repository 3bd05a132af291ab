// Services as the API server keeps them: manifests, ClusterIP and NodePort allocation, EndpointSlices
// that follow the pods, and kubectl's views of them.
#include <doctest/doctest.h>

#include "core/k8s/services.h"
#include "core/lab/session.h"

using namespace podlab;

namespace {

const char* web_service =
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n"
    "  - name: http\n    port: 80\n    targetPort: http\n";

const char* web_deployment =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n"
    "    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n"
    "      containers:\n      - name: nginx\n        image: nginx\n        ports:\n        - name: http\n"
    "          containerPort: 8080\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string apply(lab::Session& session, const std::string& yaml) {
  const auto result = session.run("kubectl apply -f -\n" + yaml);
  return result.output;
}

}  // namespace

TEST_CASE("default/kubernetes has the first service address and the control plane's API server behind it") {
  lab::Session session(1);
  const ServiceRecord* kubernetes = k8s::find_service(session.world(), "default", "kubernetes");
  REQUIRE(kubernetes != nullptr);
  CHECK(kubernetes->cluster_ip.to_string() == "10.96.0.1");
  CHECK(session.run("kubectl get endpoints kubernetes").output ==
        "NAME         ENDPOINTS            AGE\nkubernetes   192.168.56.11:6443   0s\n");
}

TEST_CASE("a ClusterIP comes from the upper band of the service network; a named targetPort resolves per pod") {
  lab::Session session(1);
  CHECK(apply(session, web_deployment) == "deployment.apps/web created\n");
  CHECK(apply(session, web_service) == "service/web created\n");
  const ServiceRecord* web = k8s::find_service(session.world(), "default", "web");
  REQUIRE(web != nullptr);
  const Ipv4Cidr range = session.world().cluster.service_network;
  CHECK(range.contains(web->cluster_ip));
  CHECK(web->cluster_ip.value - range.network().value > 256);  // past the static band
  REQUIRE(web->slices.size() == 1);
  CHECK(web->slices[0].endpoints.size() == 2);
  CHECK(web->slices[0].ports[0].port == 8080);  // "http" is containerPort 8080 on these pods
  CHECK(web->slices[0].name.rfind("web-", 0) == 0);
  CHECK(apply(session, web_service) == "service/web unchanged\n");
}

TEST_CASE("EndpointSlices follow the pods: scaling adds endpoints, deleting pods removes them") {
  lab::Session session(2);
  apply(session, web_deployment);
  apply(session, web_service);
  REQUIRE(session.run("kubectl scale deployment web --replicas=4").ok);
  const auto endpoints = [&] { return k8s::find_service(session.world(), "default", "web")->slices[0].endpoints.size(); };
  CHECK(endpoints() == 4);
  REQUIRE(session.run("kubectl scale deployment web --replicas=0").ok);
  CHECK(endpoints() == 0);
  CHECK(session.run("kubectl get endpoints web").output.find("<none>") != std::string::npos);
}

TEST_CASE("kubectl finds a Service's EndpointSlices by their kubernetes.io/service-name label") {
  lab::Session session(1);
  const std::string found = session.run("kubectl get endpointslices -n kube-system -l kubernetes.io/service-name=kube-dns").output;
  CHECK(found.rfind("NAME ", 0) == 0);
  CHECK(found.find("kube-dns-") != std::string::npos);
  CHECK(found.find("10.244.0.2,10.244.1.2") != std::string::npos);
  CHECK(session.run("kubectl get endpointslices -n kube-system -l kubernetes.io/service-name=web").output ==
        "No resources found in kube-system namespace.\n");
}

TEST_CASE("NodePort: allocated from 30000-32767, a requested one is kept, a taken one refused without applying anything") {
  lab::Session session(3);
  REQUIRE(session.run("kubectl create deployment web --image=nginx --port=80").ok);
  REQUIRE(session.run("kubectl expose deployment web --type=NodePort --port=80").ok);
  const auto& port = k8s::find_service(session.world(), "default", "web")->service.spec.ports[0];
  CHECK(port.node_port >= 30086);
  CHECK(port.node_port <= 32767);
  const std::string taken = "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  type: NodePort\n"
                            "  selector: {app: web}\n  ports:\n  - port: 81\n    nodePort: " +
                            std::to_string(port.node_port) + "\n";
  const auto result = session.run("kubectl apply -f -\n" + taken);
  CHECK_FALSE(result.ok);
  CHECK(result.output.find("provided port is already allocated") != std::string::npos);
  CHECK(k8s::find_service(session.world(), "default", "other") == nullptr);
}

TEST_CASE("Service manifests are validated as the API server does") {
  lab::Session session(1);
  const auto bad_port = session.run("kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n"
                                    "  ports:\n  - port: 70000\n");
  CHECK_FALSE(bad_port.ok);
  CHECK(bad_port.output.find("STDIN:7:11: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535") !=
        std::string::npos);
  const auto bad_name = session.run("kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n"
                                    "  ports:\n  - port: 80\n");
  CHECK_FALSE(bad_name.ok);
  CHECK(bad_name.output.find("DNS-1035 label") != std::string::npos);
  const auto out_of_range = session.run("kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n"
                                        "  clusterIP: 10.200.0.5\n  ports:\n  - port: 80\n");
  CHECK_FALSE(out_of_range.ok);
  CHECK(out_of_range.output.find("The range of valid IPs is 10.96.0.0/12") != std::string::npos);
  const auto two_unnamed = session.run("kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n"
                                       "  ports:\n  - port: 80\n  - port: 81\n");
  CHECK_FALSE(two_unnamed.ok);
  CHECK(two_unnamed.output.find("spec.ports[0].name: Required value") != std::string::npos);
}

TEST_CASE("Service fields the lab keeps but does not route are warned about by path, never silently dropped") {
  lab::Session session(1);
  const std::string front =
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: front\nspec:\n  selector: {app: web}\n"
      "  externalIPs: [192.168.56.200]\n  ports:\n  - port: 80\n";
  const lab::CommandResult created = session.run("kubectl apply -f -\n" + front);
  REQUIRE(created.ok);
  CHECK(created.output ==
        "Warning: spec.externalIPs is deprecated and may no longer be implemented in some clusters\n"
        "Warning: spec.externalIPs: not modelled by Podlab; the addresses are not routed and kube-proxy writes no rules "
        "for them\n"
        "service/front created\n");
  // Kept as the API server keeps it: shown by kubectl, exported, and not in any node's rules.
  const std::string ip = k8s::find_service(session.world(), "default", "front")->cluster_ip.to_string();
  CHECK(contains(session.run("kubectl get svc front").output, "ClusterIP   " + ip + "   192.168.56.200   80/TCP"));
  CHECK(contains(session.run("kubectl describe svc front").output, "External IPs:             192.168.56.200\n"));
  CHECK(contains(session.run("kubectl get svc front -o yaml").output, "externalIPs:\n  - 192.168.56.200\n"));
  CHECK_FALSE(contains(session.run("node node-2 -- iptables-save -t nat").output, "192.168.56.200"));
  CHECK(session.run("kubectl apply -f -\n" + front).output == "service/front unchanged\n");

  const lab::CommandResult balancer = session.run(
      "kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n"
      "  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n  loadBalancerSourceRanges: [10.0.0.0/8]\n"
      "  selector: {app: web}\n  ports:\n  - port: 80\n");
  REQUIRE(balancer.ok);
  CHECK(balancer.output ==
        "Warning: spec.loadBalancerSourceRanges: not modelled by Podlab; no load balancer is provisioned, so the "
        "ranges filter nothing\n"
        "Warning: spec.healthCheckNodePort: not modelled by Podlab; nothing answers health checks on port 32000\n"
        "service/lb created\n");
  CHECK(contains(session.run("kubectl get svc lb").output, "<pending>"));

  // The API server's own rules for these fields.
  const lab::CommandResult wrong_type = session.run(
      "kubectl apply -f -\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  healthCheckNodePort: 32001\n"
      "  loadBalancerSourceRanges: [10.0.0.0/8]\n  externalIPs: [not-an-ip]\n  ports:\n  - port: 80\n");
  CHECK_FALSE(wrong_type.ok);
  CHECK(contains(wrong_type.output, "STDIN:6:24: spec.healthCheckNodePort: Invalid value: 32001: may only be set when "
                                    "`type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  CHECK(contains(wrong_type.output, "STDIN:7:29: spec.loadBalancerSourceRanges: Forbidden: may only be used when "
                                    "`type` is 'LoadBalancer'"));
  CHECK(contains(wrong_type.output, "STDIN:8:17: spec.externalIPs[0]: Invalid value: \"not-an-ip\": must be a valid IP"));
  CHECK(k8s::find_service(session.world(), "default", "s") == nullptr);
}

TEST_CASE("clusterIPs, ipFamilies and ipFamilyPolicy on a single-stack IPv4 cluster") {
  lab::Session session(1);
  CHECK(apply(session, "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  clusterIPs: [10.96.0.50]\n"
                       "  ipFamilies: [IPv4]\n  ipFamilyPolicy: PreferDualStack\n  ports:\n  - port: 80\n") ==
        "service/a created\n");
  CHECK(k8s::find_service(session.world(), "default", "a")->cluster_ip.to_string() == "10.96.0.50");
  CHECK(contains(apply(session, "apiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  clusterIP: 10.96.0.51\n"
                                "  clusterIPs: [10.96.0.52]\n  ports:\n  - port: 80\n"),
                 "spec.clusterIPs: Invalid value: []string{\"10.96.0.52\"}: first value must match `clusterIP`"));
  CHECK(contains(apply(session, "apiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  ipFamilies: [IPv6]\n"
                                "  ports:\n  - port: 80\n"),
                 "spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster"));
  CHECK(contains(apply(session, "apiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  ipFamilyPolicy: RequireDualStack\n"
                                "  ports:\n  - port: 80\n"),
                 "spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"));
  CHECK(k8s::find_service(session.world(), "default", "b") == nullptr);
}

TEST_CASE("headless and ExternalName Services get no ClusterIP") {
  lab::Session session(1);
  CHECK(apply(session, "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n"
                       "  selector: {app: db}\n  ports:\n  - port: 5432\n") == "service/db created\n");
  CHECK(apply(session, "apiVersion: v1\nkind: Service\nmetadata:\n  name: search\nspec:\n  type: ExternalName\n"
                       "  externalName: www.example.com\n") == "service/search created\n");
  const std::string listing = session.run("kubectl get svc").output;
  CHECK(listing ==
        "NAME         TYPE           CLUSTER-IP   EXTERNAL-IP       PORT(S)    AGE\n"
        "db           ClusterIP      None         <none>            5432/TCP   0s\n"
        "kubernetes   ClusterIP      10.96.0.1    <none>            443/TCP    0s\n"
        "search       ExternalName   <none>       www.example.com   <none>     0s\n");
}
