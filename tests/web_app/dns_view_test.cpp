// The DNS view of the last lookup: the resolv.conf where it ran, every query the resolver sent in
// order with its answer or NXDOMAIN, the CoreDNS pod kube-proxy sent it to, and the timeline event
// of each query's packet while the timeline still shows that traffic.
#include <doctest/doctest.h>

#include "tests/core/lab_fixtures.h"
#include "web/app/app_state.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

AppState lab_with_client() {
  AppState state;
  apply_manifest(state.session, pod_manifest("client", "node-3"));
  return state;
}

void run_line(AppState& state, const std::string& line) {
  Intents intents;
  intents.console_line = line;
  apply_intents(state, intents);
  update_before_panels(state, Rect{{0, 20}, {1280, 800}}, 0.0f);
}

}  // namespace

TEST_CASE("nslookup of a partial name: the search list walked in order, NXDOMAIN then the answer, CoreDNS named") {
  AppState state = lab_with_client();
  run_line(state, "kubectl exec client -- nslookup kubernetes.default");
  const DnsView& view = state.dns_view;
  REQUIRE(view.present);
  CHECK(view.visible);
  CHECK(view.command == "kubectl exec client -- nslookup kubernetes.default");
  CHECK(view.resolv_conf_command == "kubectl exec client -- cat /etc/resolv.conf");
  CHECK(view.resolv_conf == run_ok(state.session, "kubectl exec client -- cat /etc/resolv.conf").output);
  CHECK(view.search == "default.svc.cluster.local svc.cluster.local cluster.local");
  CHECK(view.ndots == 5);
  CHECK(view.outcome == "NOERROR");

  REQUIRE(view.queries.size() >= 2);
  CHECK(view.queries[0].name == "kubernetes.default.default.svc.cluster.local");
  CHECK(view.queries[0].rcode == "NXDOMAIN");
  CHECK(view.queries[0].answers.empty());
  const auto answered = std::find_if(view.queries.begin(), view.queries.end(), [](const DnsQueryRow& row) {
    return row.name == "kubernetes.default.svc.cluster.local" && row.type == "A";
  });
  REQUIRE(answered != view.queries.end());
  CHECK(answered->rcode == "NOERROR");
  REQUIRE(answered->answers.size() == 1);
  CHECK(contains(answered->answers[0], " IN A 10.96.0.1"));
  for (const DnsQueryRow& row : view.queries) {
    CHECK(row.server == "10.96.0.10");
    CHECK(row.answered_by.starts_with("kube-system/coredns-"));
  }
}

TEST_CASE("a query's row leads to its packet in the timeline until other traffic replaces it") {
  AppState state = lab_with_client();
  run_line(state, "kubectl exec client -- nslookup kubernetes.default");
  const DnsView& view = state.dns_view;
  REQUIRE(view.queries.size() >= 2);
  for (size_t i = 0; i < view.queries.size(); ++i) {
    const size_t event = dns_query_event(view, state.timeline, state.session, i);
    REQUIRE(event < state.timeline.events.size());
    CHECK(state.timeline.events[event].trace == view.queries[i].trace);
    CHECK(state.timeline.events[event].action == HopAction::Send);
  }
  CHECK(dns_query_event(view, state.timeline, state.session, 1) > dns_query_event(view, state.timeline, state.session, 0));

  // A line without a lookup leaves the view; new traffic takes the timeline away from it.
  run_line(state, "kubectl get pods");
  CHECK(state.dns_view.command == "kubectl exec client -- nslookup kubernetes.default");
  CHECK(dns_query_event(view, state.timeline, state.session, 0) != SIZE_MAX);
  run_line(state, "kubectl exec client -- ping -c 1 10.96.0.10");
  CHECK(state.dns_view.command == "kubectl exec client -- nslookup kubernetes.default");
  CHECK(dns_query_event(view, state.timeline, state.session, 0) == SIZE_MAX);
}

TEST_CASE("curl by name is a lookup too; the state JSON reports the DNS view") {
  AppState state = lab_with_client();
  run_line(state, "kubectl exec client -- curl -s http://kubernetes");
  REQUIRE(state.dns_view.present);
  CHECK(state.dns_view.queries.front().name == "kubernetes.default.svc.cluster.local");
  const nlohmann::json json = nlohmann::json::parse(state_json(state));
  CHECK(json["dns"]["command"] == "kubectl exec client -- curl -s http://kubernetes");
  CHECK(json["dns"]["queries"][0]["rcode"] == "NOERROR");
  CHECK(json["dns"]["queries"][0]["timelineEvent"].is_number());
}
