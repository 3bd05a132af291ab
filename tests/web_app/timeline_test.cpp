// The timeline's view-model: the last traffic command's hops in time order, a cursor that steps and
// plays within bounds, and what the inspector and the canvas are given for the cursor's hop.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "tests/core/lab_fixtures.h"
#include "web/app/app_state.h"
#include "web/app/timeline.h"

using namespace podlab;
using namespace podlab::testing;
using namespace podlab::web;

namespace {

// a1 on node-1, b1 on node-2 (flannel VXLAN between them), and a ping from a1 to b1.
struct CrossNodePing {
  lab::Session session{1};
  TopologyLayout layout;
  Timeline timeline;

  CrossNodePing() {
    apply_manifest(session, pod_manifest("a1", "node-1") + "---\n" + pod_manifest("b1", "node-2"));
    run_ok(session, "kubectl exec a1 -- ping -c 1 " + pod_ip(session, "b1"));
    layout = layout_topology(session.world());
    refresh_timeline(timeline, session, layout);
  }

  size_t first(HopAction action, Direction direction = Direction::Outbound) const {
    for (size_t i = 0; i < timeline.events.size(); ++i)
      if (timeline.events[i].action == action && timeline.events[i].direction == direction) return i;
    FAIL("no such event");
    return 0;
  }
};

const HeaderLayer* layer(const HeaderDiff& diff, HeaderKind kind, bool outer) {
  for (const HeaderLayer& l : diff.layers)
    if (l.kind == kind && l.outer == outer) return &l;
  return nullptr;
}

const HeaderField* field(const HeaderLayer& layer, Text label) {
  for (const HeaderField& f : layer.fields)
    if (f.label == label) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("the events are every hop of the request and the reply, in time order, starting at the first") {
  CrossNodePing lab;
  const auto& traces = lab.session.last_traces();
  REQUIRE(traces.size() == 2);
  const Timeline& timeline = lab.timeline;
  CHECK(timeline.events.size() == traces[0].hops.size() + traces[1].hops.size());
  for (size_t i = 1; i < timeline.events.size(); ++i) CHECK(timeline.events[i - 1].time <= timeline.events[i].time);
  CHECK(timeline.cursor == 0);
  CHECK(timeline.playing);  // new traffic plays from its first hop
  CHECK(timeline.events.front().action == HopAction::Send);
  CHECK(timeline.events.front().where == "a1");
  CHECK(timeline.events.front().direction == Direction::Outbound);
  // The request is delivered before the reply is sent (both at the same instant).
  const size_t deliver = lab.first(HopAction::Deliver);
  const size_t reply = lab.first(HopAction::Send, Direction::Return);
  CHECK(deliver + 1 == reply);
  CHECK(timeline.events.back().direction == Direction::Return);
  CHECK(timeline.events.back().action == HopAction::Deliver);
  CHECK(timeline.events.back().where == "a1 eth0");
  CHECK(timeline.events[lab.first(HopAction::Encapsulate)].node == "node-1");
  CHECK(timeline.events[lab.first(HopAction::Encapsulate)].encapsulated);
  CHECK_FALSE(timeline.events.front().encapsulated);
}

TEST_CASE("stepping stays within the list, and playing stops at the end") {
  CrossNodePing lab;
  Timeline& timeline = lab.timeline;
  const size_t count = timeline.events.size();
  step_back(timeline);
  CHECK(timeline.cursor == 0);
  CHECK_FALSE(timeline.playing);  // stepping pauses
  for (size_t i = 0; i < count + 5; ++i) step_forward(timeline);
  CHECK(timeline.cursor == count - 1);
  jump_to(timeline, 3);
  CHECK(timeline.cursor == 3);
  jump_to(timeline, 100000);
  CHECK(timeline.cursor == count - 1);

  play(timeline);  // at the end: plays again from the start
  CHECK(timeline.cursor == 0);
  CHECK(timeline.playing);
  CHECK_FALSE(advance(timeline, seconds_per_event * 0.5f));  // 1x: half a step
  CHECK(timeline.cursor == 0);
  CHECK(advance(timeline, seconds_per_event * 0.6f));
  CHECK(timeline.cursor == 1);
  set_speed(timeline, timeline_speed_count + 3);
  CHECK(timeline.speed == timeline_speed_count - 1);
  for (int i = 0; i < 1000 && timeline.playing; ++i) advance(timeline, 0.1f);
  CHECK_FALSE(timeline.playing);
  CHECK(timeline.cursor == count - 1);

  pause(timeline);
  CHECK_FALSE(advance(timeline, 10.0f));  // paused: nothing moves
}

TEST_CASE("a command without traffic keeps the cursor; new traffic starts again at the first hop") {
  CrossNodePing lab;
  jump_to(lab.timeline, 7);
  run_ok(lab.session, "kubectl get pods");
  refresh_timeline(lab.timeline, lab.session, lab.layout);
  CHECK(lab.timeline.cursor == 7);
  CHECK_FALSE(lab.timeline.playing);
  run_ok(lab.session, "kubectl exec b1 -- ping -c 1 " + pod_ip(lab.session, "a1"));
  refresh_timeline(lab.timeline, lab.session, lab.layout);
  CHECK(lab.timeline.cursor == 0);
  CHECK(lab.timeline.events.front().where == "b1");
  run_ok(lab.session, "lab reset");
  refresh_timeline(lab.timeline, lab.session, lab.layout);
  CHECK(lab.timeline.empty());
  CHECK(packet_marker(lab.timeline, lab.layout).visible == false);
}

TEST_CASE("the inspector shows the outer IPv4, UDP and VXLAN added at encapsulation, and taken away at decapsulation") {
  CrossNodePing lab;
  Timeline& timeline = lab.timeline;
  jump_to(timeline, lab.first(HopAction::Encapsulate));
  prepare_inspection(timeline, lab.session);
  const HopInspection& inspection = timeline.inspection;
  CHECK(inspection.event == timeline.cursor);
  CHECK(inspection.detail.find("vxlan") != std::string::npos);
  CHECK(inspection.summary.find("VXLAN") != std::string::npos);
  const HeaderDiff& headers = inspection.headers;
  CHECK(headers.compared);
  const HeaderLayer* outer_ip = layer(headers, HeaderKind::Ipv4, true);
  const HeaderLayer* udp = layer(headers, HeaderKind::Udp, true);
  const HeaderLayer* vxlan = layer(headers, HeaderKind::Vxlan, true);
  const HeaderLayer* inner_ip = layer(headers, HeaderKind::Ipv4, false);
  REQUIRE(outer_ip);
  REQUIRE(udp);
  REQUIRE(vxlan);
  REQUIRE(inner_ip);
  CHECK(outer_ip->added);
  CHECK(udp->added);
  CHECK(vxlan->added);
  CHECK_FALSE(inner_ip->added);
  CHECK(field(*outer_ip, Text::FieldSource)->value == "192.168.56.11");
  CHECK(field(*outer_ip, Text::FieldDestination)->value == "192.168.56.12");
  CHECK(field(*udp, Text::FieldDestinationPort)->value == "8472");
  CHECK(field(*vxlan, Text::FieldVni)->value == "1");
  CHECK(field(*inner_ip, Text::FieldDestination)->value == pod_ip(lab.session, "b1"));
  CHECK_FALSE(field(*inner_ip, Text::FieldDestination)->changed);

  jump_to(timeline, lab.first(HopAction::Decapsulate));
  prepare_inspection(timeline, lab.session);
  CHECK(timeline.inspection.headers.added_layers() == 0);
  CHECK(timeline.inspection.headers.removed.size() >= 3);  // outer IPv4, UDP, VXLAN (and Ethernet) gone
  CHECK(layer(timeline.inspection.headers, HeaderKind::Vxlan, true) == nullptr);

  // Forwarding by the node decrements the TTL: one changed field, with its old value.
  jump_to(timeline, lab.first(HopAction::Forward));
  prepare_inspection(timeline, lab.session);
  const HeaderLayer* ip = layer(timeline.inspection.headers, HeaderKind::Ipv4, false);
  REQUIRE(ip);
  const HeaderField* ttl = field(*ip, Text::FieldTtl);
  CHECK(ttl->changed);
  CHECK(ttl->before == "64");
  CHECK(ttl->value == "63");
}

TEST_CASE("the inspection is prepared once per cursor position") {
  CrossNodePing lab;
  jump_to(lab.timeline, 2);
  prepare_inspection(lab.timeline, lab.session);
  const std::string* title = &lab.timeline.inspection.title;
  const char* data = title->data();
  prepare_inspection(lab.timeline, lab.session);
  CHECK(lab.timeline.inspection.title.data() == data);  // not rebuilt
  CHECK(lab.timeline.inspection.title.starts_with("3. node-1"));
}

TEST_CASE("the packet is drawn at its hop, and travels to the next place along the node network") {
  CrossNodePing lab;
  Timeline& timeline = lab.timeline;
  const size_t transmit = [&] {
    for (size_t i = 0; i < timeline.events.size(); ++i)
      if (timeline.events[i].action == HopAction::Transmit && timeline.events[i].place.kind == PlaceKind::NodeEth0) return i;
    return size_t{0};
  }();
  REQUIRE(transmit > 0);
  jump_to(timeline, transmit);
  const TimelineEvent& at = timeline.events[transmit];
  const TimelineEvent& next = timeline.events[transmit + 1];
  CHECK(next.place.kind == PlaceKind::NodeEth0);
  CHECK(next.node == "node-2");
  PacketMarker marker = packet_marker(timeline, lab.layout);
  CHECK(marker.visible);
  CHECK(marker.encapsulated);
  CHECK(marker.position == at.place.rect.center());
  timeline.progress = 0.675f;  // half way along, after resting at the hop
  marker = packet_marker(timeline, lab.layout);
  CHECK(marker.position.y == doctest::Approx(lab.layout.node_network_y));  // on the wire between the nodes
  CHECK(marker.position.x > at.place.rect.center().x);
  CHECK(marker.position.x < next.place.rect.center().x);
}

TEST_CASE("DNAT to a Service's endpoint shows the IPv4 destination changed from the ClusterIP") {
  lab::Session session(7);
  apply_manifest(session,
                 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  nodeName: node-2\n"
                 "  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 80\n---\n" +
                     pod_manifest("client", "node-1") +
                     "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n"
                     "  ports:\n  - port: 80\n");
  const ServiceRecord* service = nullptr;
  for (const ServiceRecord& record : session.world().services)
    if (record.service.metadata.name == "web") service = &record;
  REQUIRE(service);
  const std::string vip = service->cluster_ip.to_string();
  run_ok(session, "kubectl exec client -- curl -s http://" + vip + "/");
  Timeline timeline;
  const TopologyLayout layout = layout_topology(session.world());
  refresh_timeline(timeline, session, layout);
  size_t dnat = SIZE_MAX;
  for (size_t i = 0; i < timeline.events.size() && dnat == SIZE_MAX; ++i)
    if (timeline.events[i].action == HopAction::Netfilter) dnat = i;
  REQUIRE(dnat != SIZE_MAX);
  jump_to(timeline, dnat);
  prepare_inspection(timeline, session);
  CHECK(timeline.inspection.detail.find("DNAT") != std::string::npos);
  CHECK_FALSE(timeline.inspection.rules.empty());
  const HeaderLayer* ip = layer(timeline.inspection.headers, HeaderKind::Ipv4, false);
  REQUIRE(ip);
  const HeaderField* destination = field(*ip, Text::FieldDestination);
  CHECK(destination->changed);
  CHECK(destination->before == vip);
  CHECK(destination->value == pod_ip(session, "web"));
}

namespace {

// client on node-1 curls the Service `web` by name (web on node-2): the DNS queries, then the TCP
// segments of the HTTP exchange, through kube-proxy's DNAT and flannel's VXLAN.
struct CurlByName {
  lab::Session session{1};
  TopologyLayout layout;
  Timeline timeline;

  CurlByName() {
    apply_manifest(session, pod_manifest("client", "node-1") +
                                "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n"
                                "  nodeName: node-2\n  containers:\n  - name: web\n    image: nginx\n    ports:\n"
                                "    - containerPort: 80\n");
    run_ok(session, "kubectl expose pod web --port=80");
    run_ok(session, "kubectl exec client -- curl -s http://web");
    layout = layout_topology(session.world());
    refresh_timeline(timeline, session, layout);
  }
};

const char* english_word(HopAction action, const void*) { return hop_action_name(action); }

size_t header_rows(const TimelineList& list) {
  size_t headers = 0;
  for (const TimelineRow& row : list.rows) headers += row.header ? 1 : 0;
  return headers;
}

}  // namespace

TEST_CASE("the hops are grouped by packet: the DNS queries and their answers, then each TCP segment") {
  CurlByName lab;
  const Timeline& timeline = lab.timeline;
  REQUIRE(timeline.groups.size() >= 6);  // a query and its answer at least, and a handshake's three segments
  size_t covered = 0;
  for (size_t g = 0; g < timeline.groups.size(); ++g) {
    const TimelineGroup& group = timeline.groups[g];
    CHECK(group.first == covered);  // in list order, none skipped
    covered += group.count;
    for (size_t e = group.first; e < group.first + group.count; ++e) {
      CHECK(timeline.events[e].trace == group.trace);
      CHECK(group_of(timeline, e) == g);
    }
    CHECK_FALSE(group.label.empty());
  }
  CHECK(covered == timeline.events.size());
  CHECK(group_of(timeline, timeline.events.size()) == SIZE_MAX);
  // tcpdump's words: the query to the cluster DNS on port 53, sent before the HTTP connection's SYN,
  // whose SYN-ACK comes back in a packet of its own.
  const auto find = [&](const char* words) {
    for (size_t g = 0; g < timeline.groups.size(); ++g)
      if (contains(timeline.groups[g].label, words)) return g;
    return SIZE_MAX;
  };
  const size_t query = find(".53: UDP, length ");
  const size_t syn = find("Flags [S],");
  const size_t syn_ack = find("Flags [S.],");
  REQUIRE(query != SIZE_MAX);
  REQUIRE(syn != SIZE_MAX);
  REQUIRE(syn_ack != SIZE_MAX);
  CHECK(timeline.groups[query].direction == Direction::Outbound);
  CHECK(query < syn);
  CHECK(syn < syn_ack);
  CHECK(contains(timeline.groups[syn].label, ".80: "));
  CHECK(timeline.groups[syn_ack].direction == Direction::Return);
  // One group per packet: no trace is split in two.
  for (size_t g = 1; g < timeline.groups.size(); ++g) CHECK(timeline.groups[g].trace != timeline.groups[g - 1].trace);
  CHECK(timeline.groups.size() == lab.session.last_traces().size());
}

TEST_CASE("jump buttons go to the next DNAT, encapsulation, decapsulation and delivery, round to the start") {
  CurlByName lab;
  Timeline& timeline = lab.timeline;
  const size_t dnat = next_moment(timeline, Moment::Dnat, 0);
  REQUIRE(dnat != SIZE_MAX);
  CHECK(timeline.events[dnat].action == HopAction::Netfilter);
  CHECK(contains(lab.session.last_traces()[timeline.events[dnat].trace].hops[timeline.events[dnat].hop].detail, "DNAT"));
  // The next one after it is later; after the last, the first again.
  const size_t second = next_moment(timeline, Moment::Dnat, dnat);
  CHECK(second != dnat);
  size_t last = dnat;
  while (next_moment(timeline, Moment::Dnat, last) > last) last = next_moment(timeline, Moment::Dnat, last);
  CHECK(next_moment(timeline, Moment::Dnat, last) == dnat);
  for (const Moment moment : {Moment::Encapsulate, Moment::Decapsulate, Moment::Deliver}) {
    const size_t at = next_moment(timeline, moment, 0);
    REQUIRE(at != SIZE_MAX);
    CHECK(is_moment(timeline.events[at], moment));
  }
  CHECK(next_moment(timeline, Moment::Drop, 0) == SIZE_MAX);  // nothing dropped here
  CHECK(std::string(moment_name(Moment::Decapsulate)) == "decapsulate");
}

TEST_CASE("the list filters by text and by action, and keeps the cursor's hop in view") {
  CurlByName lab;
  Timeline& timeline = lab.timeline;
  TimelineList list;
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  CHECK(list.matches == timeline.events.size());
  CHECK(list.rows.size() == timeline.events.size() + timeline.groups.size());
  CHECK(list.rows.front().header);

  // By text: "flannel.1" keeps the tunnel's hops only, under their packets' headers.
  std::snprintf(list.filter.text.data(), list.filter.text.size(), "FLANNEL.1");
  list.dirty = true;
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  CHECK(list.matches > 0);
  CHECK(list.matches < timeline.events.size());
  for (const TimelineRow& row : list.rows)
    if (!row.header && row.index != timeline.cursor) CHECK(contains(timeline.events[row.index].where, "flannel.1"));
  CHECK(header_rows(list) < timeline.groups.size() + 1);

  // By action, with the text cleared: the DNATs, and the detail's words count for the text too.
  list.filter.text[0] = '\0';
  list.filter.action = static_cast<int>(HopAction::Netfilter);
  list.dirty = true;
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  for (const TimelineRow& row : list.rows)
    if (!row.header && row.index != timeline.cursor) CHECK(timeline.events[row.index].action == HopAction::Netfilter);
  std::snprintf(list.filter.text.data(), list.filter.text.size(), "dnat");
  list.dirty = true;
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  CHECK(list.matches > 0);
  for (const TimelineRow& row : list.rows)
    if (!row.header && row.index != timeline.cursor) CHECK(timeline.events[row.index].dnat);

  // The cursor's hop is a row even when the filter leaves it out.
  jump_to(timeline, 0);
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  CHECK_FALSE(timeline.events[0].dnat);
  CHECK(std::any_of(list.rows.begin(), list.rows.end(), [](const TimelineRow& row) { return !row.header && row.index == 0; }));
}

TEST_CASE("folding a packet hides its hops but the cursor's; stepping walks every hop in order") {
  CurlByName lab;
  Timeline& timeline = lab.timeline;
  TimelineList list;
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  const size_t all_rows = list.rows.size();
  const TimelineGroup first = timeline.groups[0];
  jump_to(timeline, 2);  // inside the first packet
  toggle_fold(list, 0);
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  CHECK(list.rows.size() == all_rows - first.count + 1);  // the header stays, and the cursor's hop
  CHECK(list.rows[0].header);
  CHECK_FALSE(list.rows[1].header);
  CHECK(list.rows[1].index == 2);
  // Stepping moves through the folded packet hop by hop, then into the next one; its row follows.
  for (size_t e = 3; e < first.count + 2; ++e) {
    step_forward(timeline);
    CHECK(timeline.cursor == e);
    refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
    CHECK(std::any_of(list.rows.begin(), list.rows.end(), [&](const TimelineRow& row) { return !row.header && row.index == e; }));
  }
  toggle_fold(list, 0);
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  CHECK(list.rows.size() == all_rows);
  // New traffic unfolds everything.
  toggle_fold(list, 1);
  run_ok(lab.session, "kubectl exec client -- curl -s http://web");
  refresh_timeline(timeline, lab.session, lab.layout);
  refresh_timeline_list(list, timeline, lab.session, english_word, nullptr);
  CHECK(std::none_of(list.folded.begin(), list.folded.end(), [](uint8_t folded) { return folded != 0; }));
}
