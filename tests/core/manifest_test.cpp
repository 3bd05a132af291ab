#include <doctest/doctest.h>

#include "core/k8s/objects.h"
#include "core/lab/session.h"

using namespace podlab;
using namespace podlab::k8s;

namespace {

// The single diagnostic a manifest produces, as "line:column: message" (file name left out).
std::string only_error(const std::string& text) {
  auto result = parse_manifests(text, "m.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.diagnostics().size() == 1);
  const Diagnostic& d = result.error();
  CHECK(d.where.file == "m.yaml");
  return std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + ": " + d.message;
}

const std::string kPodHead = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n";

}  // namespace

TEST_CASE("a realistic multi-document manifest parses into the API's fields") {
  const std::string text = R"(# the shop
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 3
  strategy: {type: RollingUpdate}
  selector:
    matchLabels:
      app: web
    matchExpressions:
    - {key: tier, operator: In, values: [frontend]}
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        resources: {limits: {cpu: 100m}}
        ports:
        - containerPort: 80
          name: http
        - containerPort: 53
          protocol: UDP
---
apiVersion: v1
kind: Pod
metadata:
  generateName: client-
  namespace: shop
  annotations:
    podlab.dev/note: "a: b"
spec:
  hostNetwork: true
  nodeName: node-2
  dnsPolicy: None
  dnsConfig:
    nameservers: [10.96.0.10]
    searches: [shop.svc.cluster.local]
    options:
    - name: ndots
      value: "2"
    - name: edns0
  containers:
  - name: curl
    image: curlimages/curl
    command: [sleep]
    args: ["infinity"]
)";
  auto result = parse_manifests(text, "shop.yaml");
  REQUIRE(result.ok());
  REQUIRE(result->size() == 3);

  const auto& ns = std::get<Namespace>((*result)[0].object);
  CHECK(ns.metadata.name == "shop");
  CHECK((*result)[0].where.line == 2);
  CHECK((*result)[0].where.file == "shop.yaml");

  const auto& deployment = std::get<Deployment>((*result)[1].object);
  CHECK(kind_of((*result)[1].object) == std::string("Deployment"));
  CHECK(metadata_of((*result)[1].object)->namespace_name == "shop");
  CHECK(deployment.replicas == 3);
  CHECK(deployment.metadata.labels.at("app") == "web");
  CHECK(deployment.selector.match_labels.at("app") == "web");
  REQUIRE(deployment.selector.match_expressions.size() == 1);
  CHECK(deployment.selector.match_expressions[0].values == std::vector<std::string>{"frontend"});
  const Container& nginx = deployment.pod_template.spec.containers.at(0);
  CHECK(nginx.image == "nginx:1.25");
  REQUIRE(nginx.ports.size() == 2);
  CHECK(nginx.ports[0].container_port == 80);
  CHECK(nginx.ports[0].name == "http");
  CHECK(nginx.ports[0].protocol == Protocol::TCP);
  CHECK(nginx.ports[1].protocol == Protocol::UDP);
  CHECK(deployment.pod_template.metadata.labels.size() == 2);

  const auto& pod = std::get<Pod>((*result)[2].object);
  CHECK(pod.metadata.name.empty());
  CHECK(pod.metadata.generate_name == "client-");
  CHECK(pod.metadata.annotations.at("podlab.dev/note") == "a: b");
  CHECK(pod.spec.host_network);
  CHECK(pod.spec.node_name == "node-2");
  CHECK(pod.spec.dns_policy == DnsPolicy::None);
  REQUIRE(pod.spec.dns_config.has_value());
  CHECK(pod.spec.dns_config->nameservers == std::vector<std::string>{"10.96.0.10"});
  REQUIRE(pod.spec.dns_config->options.size() == 2);
  CHECK(pod.spec.dns_config->options[0].value == std::optional<std::string>("2"));
  CHECK_FALSE(pod.spec.dns_config->options[1].value.has_value());
  CHECK(pod.spec.containers[0].command == std::vector<std::string>{"sleep"});
  CHECK(pod.spec.containers[0].args == std::vector<std::string>{"infinity"});
  CHECK(pod.spec.restart_policy == "Always");
}

TEST_CASE("defaults, empty documents and kind: List") {
  auto result = parse_manifests(R"(
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata: {name: rs}
  spec:
    selector: {matchLabels: {app: a}}
    template:
      metadata: {labels: {app: a}}
      spec: {containers: [{name: c, image: busybox}]}
- apiVersion: v1
  kind: Namespace
  metadata: {name: other}
---
# only a comment
...
)",
                                "list.yaml");
  REQUIRE(result.ok());
  REQUIRE(result->size() == 2);
  CHECK(std::get<ReplicaSet>((*result)[0].object).replicas == 1);
  CHECK((*result)[0].where.line == 5);
  CHECK(std::get<Namespace>((*result)[1].object).metadata.name == "other");
  CHECK(parse_manifests("", "empty.yaml")->empty());
  CHECK(parse_manifests("---\n---\n", "empty.yaml")->empty());
}

TEST_CASE("the Cluster document fills ClusterSpec and keeps kubeadm's defaults") {
  auto result = parse_manifests(R"(apiVersion: podlab.dev/v1
kind: Cluster
metadata: {name: lab}
spec:
  podNetworkCIDR: 10.32.0.0/16
  datapath: calico-ipip
  nodeMTU: 1450
  nodes:
  - {name: cp, role: control-plane, address: 192.168.56.10}
  - {name: w1, labels: {zone: a}}
)",
                                "cluster.yaml");
  REQUIRE(result.ok());
  const auto& cluster = std::get<ClusterSpec>(result->at(0).object);
  CHECK(metadata_of(result->at(0).object) == nullptr);
  CHECK(kind_of(result->at(0).object) == std::string("Cluster"));
  CHECK(cluster.name == "lab");
  CHECK(cluster.pod_network.to_string() == "10.32.0.0/16");
  CHECK(cluster.service_network.to_string() == "10.96.0.0/12");
  CHECK(cluster.datapath == Datapath::CalicoIpip);
  CHECK(cluster.node_mtu == 1450);
  REQUIRE(cluster.nodes.size() == 2);
  CHECK(cluster.nodes[0].role == NodeRole::ControlPlane);
  CHECK(cluster.nodes[0].address->to_string() == "192.168.56.10");
  CHECK(cluster.nodes[1].role == NodeRole::Worker);
  CHECK_FALSE(cluster.nodes[1].address.has_value());
  CHECK(cluster.nodes[1].labels.at("zone") == "a");
}

TEST_CASE("kind and apiVersion errors read like kubectl's") {
  CHECK(only_error("kind: Pod\nmetadata: {name: a}\n") == "1:1: apiVersion not set");
  CHECK(only_error("apiVersion: v1\nmetadata: {name: a}\n") == "1:1: kind not set");
  CHECK(only_error("apiVersion: v1\nkind: Pdo\n") == "2:7: no matches for kind \"Pdo\" in version \"v1\" (did you mean \"Pod\"?)");
  CHECK(only_error("apiVersion: v1\nkind: Deployment\n") ==
        "1:13: no matches for kind \"Deployment\" in version \"v1\" (Deployment is in apiVersion \"apps/v1\")");
  CHECK(only_error("apiVersion: v1\nkind: Secret\n").find("not simulated by Podlab yet") != std::string::npos);
  CHECK(parse_manifests("apiVersion: v1\nkind: Widget\n", "m").error().code == "manifest.unknown-kind");
}

TEST_CASE("strict fields and types point at the offending key or value") {
  CHECK(only_error(kPodHead + "  - name: a\n    image: b\n  containerz: []\n") == "9:3: unknown field \"spec.containerz\"");
  CHECK(only_error(kPodHead + "  - name: a\n    imagez: b\n    image: b\n") ==
        "8:5: unknown field \"spec.containers[0].imagez\"");
  CHECK(only_error("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: three\n"
                   "  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n"
                   "    spec: {containers: [{name: c, image: i}]}\n") ==
        "5:13: spec.replicas: expected an integer, got \"three\"");
  CHECK(only_error(kPodHead + "  - name: a\n    image: b\n    ports:\n    - containerPort: \"80\"\n") ==
        "10:22: spec.containers[0].ports[0].containerPort: expected an integer, got \"80\" (remove the quotes to make it a number)");
  CHECK(only_error(kPodHead + "  - name: a\n    image: b\n  hostNetwork: maybe\n") ==
        "9:16: spec.hostNetwork: expected true or false, got \"maybe\"");
  CHECK(only_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    version: 1.0\n"
                   "spec: {containers: [{name: a, image: b}]}\n") ==
        "6:14: metadata.labels.version: expected a string, got 1.0 (put it in quotes to make it a string: \"1.0\")");
  CHECK(only_error(kPodHead + "    name: a\n") == "7:5: spec.containers: expected a list, got a mapping");
  CHECK(only_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  name: q\nspec: {containers: [{name: a, image: b}]}\n") ==
        "5:3: mapping key \"name\" already defined at line 4");
}

TEST_CASE("validation errors follow the API server's rules") {
  CHECK(only_error("apiVersion: v1\nkind: Pod\nmetadata: {}\nspec: {containers: [{name: a, image: b}]}\n") ==
        "3:11: metadata.name: Required value: name or generateName is required");
  CHECK(only_error("apiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, image: b}]}\n") ==
        "1:1: metadata.name: Required value: name or generateName is required");
  CHECK(only_error("apiVersion: v1\nkind: Pod\nmetadata: {name: My_Pod}\nspec: {containers: [{name: a, image: b}]}\n")
            .starts_with("3:18: metadata.name: Invalid value: \"My_Pod\": a lowercase RFC 1123 subdomain"));
  CHECK(only_error("apiVersion: v1\nkind: Namespace\nmetadata: {name: a.b}\n")
            .starts_with("3:18: metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label"));
  CHECK(only_error("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + std::string(64, 'a') + "}\n")
            .ends_with(": must be no more than 63 characters"));
  CHECK(parse_manifests("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + std::string(63, 'a') + "}\n", "m").ok());
  CHECK(only_error("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: []\n") ==
        "5:15: spec.containers: Required value: a Pod needs at least one container");
  CHECK(only_error(kPodHead + "  - {name: web, image: a}\n  - {name: web, image: b}\n") ==
        "8:12: spec.containers[1].name: Duplicate value: \"web\"");
  CHECK(only_error(kPodHead + "  - {name: Web, image: a}\n").starts_with("7:12: spec.containers[0].name: Invalid value: \"Web\""));
  CHECK(only_error(kPodHead + "  - name: a\n    image: b\n    ports: [{containerPort: 70000}]\n") ==
        "9:29: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive");
  CHECK(only_error(kPodHead + "  - name: a\n    image: b\n    ports: [{containerPort: 80, protocol: HTTP}]\n") ==
        "9:43: spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
  CHECK(only_error(kPodHead + "  - name: a\n") == "7:5: spec.containers[0].image: Required value");
}

TEST_CASE("a Deployment's selector must match its template's labels") {
  const std::string text = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers: [{name: c, image: nginx}]
)";
  CHECK(only_error(text) == "10:15: spec.template.metadata.labels: Invalid value: \"app=api\": selector does not "
                            "match template labels (spec.selector is \"app=web\")");
  auto result = parse_manifests(text, "m.yaml");
  CHECK(result.error().code == "manifest.selector-mismatch");
}

TEST_CASE("Cluster documents reject bad addresses and duplicate nodes") {
  const std::string head = "apiVersion: podlab.dev/v1\nkind: Cluster\nspec:\n";
  CHECK(only_error(head + "  podNetworkCIDR: 10.244.0.0/33\n") ==
        "4:19: spec.podNetworkCIDR: Invalid value: \"10.244.0.0/33\": must be a CIDR block such as 10.244.0.0/16");
  CHECK(only_error(head + "  serviceCIDR: 10.244.128.0/20\n").starts_with("4:16: spec.serviceCIDR: Invalid value: \"10.244.128.0/20\": overlaps spec.podNetworkCIDR"));
  CHECK(only_error(head + "  datapath: weave\n") ==
        "4:13: spec.datapath: Unsupported value: \"weave\": supported values: \"flannel-vxlan\", \"calico-ipip\", \"routed\", \"manual\"");
  CHECK(only_error(head + "  nodes:\n  - {name: a, role: control-plane}\n  - {name: a}\n") ==
        "6:12: spec.nodes[1].name: Duplicate value: \"a\"");
  CHECK(only_error(head + "  nodes:\n  - {name: a, role: control-plane, address: 10.0.0.1}\n") ==
        "5:45: spec.nodes[0].address: Invalid value: \"10.0.0.1\": is outside spec.nodeNetwork 192.168.56.0/24");
  CHECK(only_error(head + "  nodes:\n  - {name: a, role: control-plane, address: 192.168.56.300}\n").starts_with("5:45: spec.nodes[0].address: Invalid value"));
}

TEST_CASE("YAML syntax errors carry libyaml's position; aliases are refused") {
  auto result = parse_manifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   bad: b\n", "s.yaml");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == "manifest.yaml-syntax");
  CHECK(result.error().where.line == 5);
  CHECK(result.error().message.starts_with("YAML syntax error: mapping values are not allowed"));

  auto tabs = parse_manifests("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n", "t.yaml");
  REQUIRE_FALSE(tabs.ok());
  CHECK(tabs.error().where.line == 4);
  CHECK(tabs.error().message.find("tab") != std::string::npos);

  auto alias = parse_manifests("apiVersion: v1\nkind: Namespace\nmetadata: &m {name: a}\nx: *m\n", "a.yaml");
  REQUIRE_FALSE(alias.ok());
  CHECK(alias.error().code == "manifest.yaml-alias");
  CHECK(alias.error().to_string().starts_with("a.yaml:4:4: YAML aliases"));
}

TEST_CASE("bytes that are not UTF-8 are reported at their line and column, and the lab is unchanged") {
  // "café" with a Latin-1 é (0xE9): an incomplete UTF-8 sequence on line 4.
  auto latin1 = parse_manifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n", "s.yaml");
  REQUIRE_FALSE(latin1.ok());
  CHECK(latin1.error().code == "manifest.yaml-encoding");
  CHECK(latin1.error().to_string() ==
        "s.yaml:4:12: invalid UTF-8: incomplete UTF-8 octet sequence (byte 0xE9); a manifest must be UTF-8 text");
  // Columns count characters: "é" in proper UTF-8 is one column, then a lone 0xFF.
  auto after_accent = parse_manifests("kind: Pod\nmetadata:\n  labels: {t: \xc3\xa9\xff}\n", "t.yaml");
  REQUIRE_FALSE(after_accent.ok());
  CHECK(after_accent.error().to_string() ==
        "t.yaml:3:16: invalid UTF-8: invalid leading UTF-8 octet (byte 0xFF); a manifest must be UTF-8 text");

  lab::Session session;
  const size_t pods = session.world().pods.size();
  const lab::CommandResult applied = session.run("kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: \xff\n");
  CHECK_FALSE(applied.ok);
  CHECK(applied.output.find("error: STDIN:4:9: invalid UTF-8: ") == 0);
  CHECK(session.world().pods.size() == pods);
}

TEST_CASE("every error of a file is reported, in file order, and nothing is returned") {
  auto result = parse_manifests(R"(apiVersion: v1
kind: Namespace
metadata: {name: good}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: a, image: b, ports: [{containerPort: 0}]}
  restartPolicy: Sometimes
---
apiVersion: v1
kind: Pdo
)",
                                "multi.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.diagnostics().size() == 3);
  CHECK(result.diagnostics()[0].where.line == 10);
  CHECK(result.diagnostics()[1].where.line == 11);
  CHECK(result.diagnostics()[1].code == "manifest.unsupported-value");
  CHECK(result.diagnostics()[2].where.line == 14);
}
