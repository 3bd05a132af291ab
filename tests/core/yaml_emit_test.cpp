#include <doctest/doctest.h>

#include "core/k8s/object_json.h"
#include "core/k8s/yaml_emit.h"

using namespace podlab::k8s;
using nlohmann::json;

TEST_CASE("a pod renders as kubectl get -o yaml prints it") {
  auto parsed = parse_manifests(R"(apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web, version: "1"}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    args: ["--port", "80", "a: b"]
    ports:
    - containerPort: 80
      name: http
)",
                                "pod.yaml");
  REQUIRE(parsed.ok());
  CHECK(to_yaml(to_json(parsed->at(0).object)) == R"(apiVersion: v1
kind: Pod
metadata:
  labels:
    app: web
    version: "1"
  name: web
spec:
  containers:
  - args:
    - --port
    - "80"
    - 'a: b'
    image: nginx:1.25
    name: nginx
    ports:
    - containerPort: 80
      name: http
      protocol: TCP
  dnsPolicy: ClusterFirst
  restartPolicy: Always
)");
}

TEST_CASE("strings are quoted only when YAML would misread them") {
  // Even the key "n" is quoted: YAML 1.1 reads a bare n as false, and so does kubectl's encoder.
  const json values = {{"a", ""},     {"b", "true"},   {"c", "yes"},    {"d", "1.5"},   {"e", "null"},
                       {"f", "- x"},  {"g", "#note"},  {"h", "x #y"},   {"i", " lead"}, {"j", "it's"},
                       {"k", "2024-01-31T10:00:00Z"}, {"l", "8080:80"}, {"m", "a\tb"}, {"n", "plain text"},
                       {"o", "0x1F"}, {"p", "10.96.0.10"}, {"q", "*star"}, {"r", "key:value"}};
  CHECK(to_yaml(values) == R"(a: ""
b: "true"
c: "yes"
d: "1.5"
e: "null"
f: '- x'
g: '#note'
h: 'x #y'
i: ' lead'
j: it's
k: "2024-01-31T10:00:00Z"
l: "8080:80"
m: "a\tb"
"n": plain text
o: "0x1F"
p: 10.96.0.10
q: '*star'
r: key:value
)");
}

TEST_CASE("nesting, empty collections, numbers and multi-line strings") {
  const json value = {{"list", json::array({json::array({1, 2}), json::object(), json::array()})},
                      {"map", {{"inner", {{"deep", nullptr}}}}},
                      {"script", "echo hi\necho bye\n"},
                      {"stripped", "one\n\ntwo"},
                      {"items", json::array({{{"a", 1}, {"b", json::array({"x"})}}})},
                      {"flag", false}};
  CHECK(to_yaml(value) == R"(flag: false
items:
- a: 1
  b:
  - x
list:
- - 1
  - 2
- {}
- []
map:
  inner:
    deep: null
script: |
  echo hi
  echo bye
stripped: |-
  one

  two
)");
  CHECK(to_yaml(json::object()) == "{}\n");
  CHECK(to_yaml(json::array({"a"})) == "- a\n");
}

TEST_CASE("to_json omits empty fields and writes the API's defaults") {
  Deployment deployment;
  deployment.metadata.name = "web";
  deployment.selector.match_labels = {{"app", "web"}};
  deployment.pod_template.metadata.labels = {{"app", "web"}};
  deployment.pod_template.spec.containers.push_back(Container{"nginx", "nginx", {}, {}, {{"", 53, Protocol::UDP, 0}}});
  const json out = to_json(Object{deployment});
  CHECK(out["apiVersion"] == "apps/v1");
  CHECK(out["kind"] == "Deployment");
  CHECK(out["spec"]["replicas"] == 1);
  CHECK(out["spec"]["selector"] == json{{"matchLabels", {{"app", "web"}}}});
  CHECK_FALSE(out["metadata"].contains("namespace"));
  const json& container = out["spec"]["template"]["spec"]["containers"][0];
  CHECK_FALSE(container.contains("command"));
  CHECK(container["ports"][0] == json{{"containerPort", 53}, {"protocol", "UDP"}});
  CHECK_FALSE(out["spec"]["template"]["spec"].contains("hostNetwork"));

  const json cluster = to_json(ClusterSpec{});
  CHECK(cluster["spec"]["podNetworkCIDR"] == "10.244.0.0/16");
  CHECK(cluster["spec"]["datapath"] == "flannel-vxlan");
  CHECK_FALSE(cluster["spec"].contains("nodes"));
}

TEST_CASE("what to_yaml prints parses back to the same objects") {
  const std::string text = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, annotations: {note: "yes", "podlab.dev/why": "a: b # c"}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
    matchExpressions: [{key: env, operator: NotIn, values: ["1", "true"]}]
  template:
    metadata: {labels: {app: web, env: "0x10"}}
    spec:
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      containers:
      - name: c
        image: busybox
        command: ["sh", "-c", "echo one\necho two\n", "- dash", ""]
        ports: [{containerPort: 5353, protocol: SCTP, hostPort: 5353}]
---
apiVersion: podlab.dev/v1
kind: Cluster
spec:
  nodes: [{name: cp, role: control-plane, address: 192.168.56.2}]
)";
  auto first = parse_manifests(text, "a.yaml");
  REQUIRE(first.ok());
  std::string printed;
  for (const auto& object : *first) printed += "---\n" + to_yaml(to_json(object.object));
  auto second = parse_manifests(printed, "b.yaml");
  REQUIRE_MESSAGE(second.ok(), printed);
  REQUIRE(second->size() == first->size());
  for (size_t i = 0; i < first->size(); ++i) {
    CHECK(to_json((*first)[i].object) == to_json((*second)[i].object));
  }
  const auto& deployment = std::get<Deployment>((*second)[0].object);
  CHECK(deployment.pod_template.spec.containers[0].command[2] == "echo one\necho two\n");
  CHECK(deployment.pod_template.spec.containers[0].command[4].empty());
}

TEST_CASE("odd documents give diagnostics, never a crash") {
  for (const char* text : {"[", "{a: [}", "- a\n- b\n", "42\n", "\"just text\"", "a: b: c\n", ": x\n", "? [a]\n: b\n",
                           "apiVersion: v1\nkind: [Pod]\n", "apiVersion: v1\nkind: Pod\nmetadata: 7\nspec: x\n",
                           "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [5, [], {}]}\n",
                           "\xff\xfe garbage", "%YAML 9.9\n---\na: b\n", "!!binary a: b\n"}) {
    CAPTURE(text);
    auto result = parse_manifests(text, "odd.yaml");
    CHECK_FALSE(result.ok());
    for (const auto& diagnostic : result.diagnostics()) CHECK_FALSE(diagnostic.message.empty());
  }
  std::string deep;
  for (int i = 0; i < 500; ++i) deep += "[";
  CHECK(parse_manifests(deep, "deep.yaml").error().code == "manifest.yaml-too-deep");
}
