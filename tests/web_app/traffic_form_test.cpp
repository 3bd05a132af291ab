// The "Send traffic" form builds the console line a learner would type.
#include <doctest/doctest.h>

#include <cstring>

#include "tests/core/lab_fixtures.h"
#include "web/app/traffic_form.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

TEST_CASE("by default the first pod pings a pod on another node") {
  lab::Session session(1);
  apply_manifest(session, pod_manifest("a1", "node-1") + "---\n" + pod_manifest("a2", "node-1") + "---\n" +
                              pod_manifest("b1", "node-2"));
  TrafficChoices choices;
  TrafficForm form;
  CHECK(refresh_traffic_choices(choices, session));
  CHECK_FALSE(refresh_traffic_choices(choices, session));  // nothing ran: nothing rebuilt
  REQUIRE(choices.sources.size() == 3);
  CHECK(choices.sources[0].name == "a1");
  CHECK(choices.sources[0].label == "a1  ·  " + pod_ip(session, "a1") + "  ·  node-1");
  settle_traffic_form(form, choices);
  CHECK(form.source == 0);
  REQUIRE(form.target < choices.targets.size());
  CHECK(choices.targets[form.target].node == "node-2");
  CHECK(form.command == "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
  form.tool = TrafficTool::Curl;
  CHECK(traffic_command(choices, form) == "kubectl exec a1 -- curl -s http://" + pod_ip(session, "b1") + "/");
}

TEST_CASE("Services by ClusterIP and port, other namespaces with -n, typed addresses") {
  lab::Session session(1);
  run_ok(session, "kubectl create namespace shop");
  apply_manifest(session,
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\n  namespace: shop\nspec:\n  nodeName: node-2\n"
                 "  containers:\n  - name: main\n    image: busybox\n---\n"
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  nodeName: node-3\n"
                 "  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 8080\n---\n"
                 "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n");
  TrafficChoices choices;
  refresh_traffic_choices(choices, session);
  TrafficForm form;
  settle_traffic_form(form, choices);
  REQUIRE(choices.sources.size() == 2);
  form.source = 0;
  CHECK(choices.sources[0].name == "client");
  form.tool = TrafficTool::Curl;
  size_t service = SIZE_MAX;
  for (size_t i = 0; i < choices.targets.size(); ++i)
    if (choices.targets[i].label.starts_with("Service web") && service == SIZE_MAX) service = i;
  REQUIRE(service != SIZE_MAX);
  form.target = service;
  const std::string& vip = choices.targets[service].address;
  CHECK(traffic_command(choices, form) == "kubectl exec -n shop client -- curl -s http://" + vip + "/");
  for (size_t i = 0; i < choices.targets.size(); ++i)
    if (choices.targets[i].label.starts_with("web")) form.target = i;
  CHECK(traffic_command(choices, form) == "kubectl exec -n shop client -- curl -s http://" + pod_ip(session, "web") + ":8080/");

  form.target = choices.targets.size();  // another address or name
  CHECK(traffic_command(choices, form).empty());
  std::strcpy(form.other.data(), " 192.168.56.11 ");
  form.tool = TrafficTool::Ping;
  CHECK(traffic_command(choices, form) == "kubectl exec -n shop client -- ping -c 1 192.168.56.11");
  std::strcpy(form.other.data(), "two words");
  CHECK(traffic_command(choices, form).empty());
}

TEST_CASE("an empty cluster has nothing to send from") {
  lab::Session session(1);
  TrafficChoices choices;
  refresh_traffic_choices(choices, session);
  TrafficForm form;
  settle_traffic_form(form, choices);
  CHECK(choices.sources.empty());
  CHECK(form.command.empty());
}

TEST_CASE("a Service by its DNS name: the short name from its namespace, name.namespace from another") {
  lab::Session session(1);
  run_ok(session, "kubectl create namespace shop");
  apply_manifest(session,
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  nodeName: node-2\n"
                 "  containers:\n  - name: main\n    image: busybox\n---\n"
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shopper\n  namespace: shop\nspec:\n  nodeName: node-2\n"
                 "  containers:\n  - name: main\n    image: busybox\n---\n"
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  nodeName: node-3\n"
                 "  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 80\n---\n"
                 "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n");
  TrafficChoices choices;
  refresh_traffic_choices(choices, session);
  TrafficForm form;
  settle_traffic_form(form, choices);
  size_t by_name = SIZE_MAX;
  for (size_t i = 0; i < choices.targets.size(); ++i)
    if (choices.targets[i].label == "Service web  ·  DNS web.default") by_name = i;
  REQUIRE(by_name != SIZE_MAX);
  form.target = by_name;
  form.tool = TrafficTool::Curl;
  for (size_t i = 0; i < choices.sources.size(); ++i) {
    form.source = i;
    if (choices.sources[i].name == "client") CHECK(traffic_command(choices, form) == "kubectl exec client -- curl -s http://web/");
    if (choices.sources[i].name == "shopper")
      CHECK(traffic_command(choices, form) == "kubectl exec -n shop shopper -- curl -s http://web.default/");
  }
  // The line really reaches the Service through DNS.
  form.source = 0;
  REQUIRE(choices.sources[0].name == "client");
  const lab::CommandResult result = run_ok(session, traffic_command(choices, form));
  REQUIRE(result.dns.has_value());
  CHECK(result.dns->queries.front().name == "web.default.svc.cluster.local");
}
