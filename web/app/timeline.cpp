#include "web/app/timeline.h"

#include <algorithm>
#include <cstdio>

#include "core/lab/text.h"

namespace podlab::web {

namespace {


// "VXLAN" or "IPIP" when the packet is inside a tunnel, else "".
const char* tunnel_of(const net::Packet* packet) {
  if (!packet) return "";
  for (const net::Header& header : packet->headers) {
    if (std::holds_alternative<net::VxlanHeader>(header)) return "VXLAN";
    if (const auto* ip = std::get_if<net::Ipv4Header>(&header); ip && ip->protocol == net::IpProtocol::Ipip) return "IPIP";
  }
  return "";
}

// "a1 eth0" in a pod, "cni0" on a node, "host" for the node's stack.
std::string where_text(const World& world, const Hop& hop) {
  const Netns* netns = world.namespaces_net.get(hop.netns);
  const Device* device = world.devices.get(hop.device);
  std::string text;
  if (netns && netns->pod.valid()) {
    if (const PodRecord* pod = world.pods.get(netns->pod); pod && !pod->pod.spec.host_network) {
      text = pod->pod.metadata.namespace_name == "default" ? pod->pod.metadata.name
                                                          : pod->pod.metadata.namespace_name + "/" + pod->pod.metadata.name;
    }
  }
  if (text.empty() && !device) return netns ? netns->name : std::string("?");
  if (device) text += text.empty() ? device->name : " " + device->name;
  return text;
}

// The last hop before `hop` in the same trace that carried headers (ARP hops carry none).
const net::Packet* previous_packet(const Trace& trace, size_t hop) {
  for (size_t i = hop; i-- > 0;)
    if (!trace.hops[i].packet.headers.empty()) return &trace.hops[i].packet;
  return nullptr;
}

// Runs of consecutive events of one trace: a packet's hops, as the list shows them together.
void group_events(Timeline& timeline, const std::vector<Trace>& traces) {
  timeline.groups.clear();
  for (size_t i = 0; i < timeline.events.size(); ++i) {
    const TimelineEvent& event = timeline.events[i];
    if (!timeline.groups.empty() && timeline.groups.back().trace == event.trace) {
      ++timeline.groups.back().count;
      continue;
    }
    TimelineGroup group{i, 1, event.trace, event.direction, {}, false};
    if (event.trace < traces.size()) {
      const Trace& trace = traces[event.trace];
      group.delivered = trace.delivered;
      const Hop& hop = trace.hops[event.hop];
      const net::Packet* packet = hop.packet.headers.empty() ? previous_packet(trace, event.hop) : &hop.packet;
      for (size_t h = event.hop; !packet && h < trace.hops.size(); ++h)
        if (!trace.hops[h].packet.headers.empty()) packet = &trace.hops[h].packet;
      if (packet) group.label = net::summarize(*packet);
    }
    timeline.groups.push_back(std::move(group));
  }
}

bool contains_folded(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && lower(text[i + j]) == lower(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

}  // namespace

void relocate_timeline(Timeline& timeline, const lab::Session& session, const TopologyLayout& layout) {
  const std::vector<Trace>& traces = session.last_traces();
  for (TimelineEvent& event : timeline.events) {
    if (event.trace < traces.size() && event.hop < traces[event.trace].hops.size())
      event.place = locate_hop(session.world(), layout, traces[event.trace].hops[event.hop]);
  }
}

void refresh_timeline(Timeline& timeline, const lab::Session& session, const TopologyLayout& layout) {
  if (timeline.revision == session.revision() && timeline.traffic_revision == session.traffic_revision()) return;
  const bool new_traffic = timeline.traffic_revision != session.traffic_revision();
  timeline.revision = session.revision();
  timeline.traffic_revision = session.traffic_revision();
  const World& world = session.world();
  const std::vector<Trace>& traces = session.last_traces();
  timeline.events.clear();
  const NetnsId origin = !traces.empty() && !traces.front().hops.empty() ? traces.front().hops.front().netns : NetnsId{};
  for (size_t t = 0; t < traces.size(); ++t) {
    const Trace& trace = traces[t];
    const Direction direction =
        !trace.hops.empty() && trace.hops.front().netns == origin ? Direction::Outbound : Direction::Return;
    for (size_t h = 0; h < trace.hops.size(); ++h) {
      const Hop& hop = trace.hops[h];
      const Node* node = world.nodes.get(hop.node);
      const net::Packet* packet = hop.packet.headers.empty() ? previous_packet(trace, h) : &hop.packet;
      const char* tunnel = tunnel_of(packet);
      timeline.events.push_back(TimelineEvent{t, h, hop.time, hop.action, direction, *tunnel != '\0', tunnel,
                                              locate_hop(world, layout, hop),
                                              lab::format_ms(hop.time), node ? node->name : std::string("—"),
                                              where_text(world, hop),
                                              hop.action == HopAction::Netfilter && hop.detail.find("DNAT") != std::string::npos});
    }
  }
  // Packets in the order they were sent (simulated time, then the order they happened in), each
  // packet's hops together and in order: segments sent at the same instant (an ACK and the request
  // behind it) would otherwise interleave hop by hop.
  std::vector<SimTime> sent(traces.size());
  for (size_t t = 0; t < traces.size(); ++t) sent[t] = traces[t].hops.empty() ? SimTime{} : traces[t].hops.front().time;
  std::stable_sort(timeline.events.begin(), timeline.events.end(), [&](const TimelineEvent& a, const TimelineEvent& b) {
    if (a.trace == b.trace) return a.hop < b.hop;
    return sent[a.trace] < sent[b.trace] || (!(sent[b.trace] < sent[a.trace]) && a.trace < b.trace);
  });
  group_events(timeline, traces);
  if (new_traffic) {
    timeline.cursor = 0;
    timeline.progress = 0;
    timeline.playing = timeline.events.size() > 1;
  } else {
    timeline.cursor = std::min(timeline.cursor, timeline.events.empty() ? 0 : timeline.events.size() - 1);
  }
  timeline.inspection_revision = UINT64_MAX;
}

void prepare_inspection(Timeline& timeline, const lab::Session& session) {
  if (timeline.inspection.event == timeline.cursor && timeline.inspection_revision == timeline.revision) return;
  timeline.inspection_revision = timeline.revision;
  HopInspection& inspection = timeline.inspection;
  inspection.event = timeline.cursor;
  inspection.rules.clear();
  inspection.headers = HeaderDiff{};
  const TimelineEvent* event = timeline.current();
  const std::vector<Trace>& traces = session.last_traces();
  if (!event || event->trace >= traces.size() || event->hop >= traces[event->trace].hops.size()) {
    inspection.event = SIZE_MAX;
    inspection.title.clear();
    inspection.summary.clear();
    inspection.detail.clear();
    inspection.reason.clear();
    return;
  }
  const Trace& trace = traces[event->trace];
  const Hop& hop = trace.hops[event->hop];
  inspection.title = std::to_string(timeline.cursor + 1) + ". " + event->node + "  " + event->where;
  inspection.detail = hop.detail;
  inspection.rules = hop.rules;
  const net::Packet* before = previous_packet(trace, event->hop);
  // An ARP hop carries no packet of its own: show the packet waiting for the answer, unchanged.
  const net::Packet* shown = hop.packet.headers.empty() ? before : &hop.packet;
  inspection.summary = shown ? net::summarize(*shown) : std::string();
  if (shown) inspection.headers = diff_headers(shown == before ? nullptr : before, *shown);
  if (shown == before && before) inspection.headers.compared = true;
  const bool last = event->hop + 1 == trace.hops.size();
  inspection.reason = (hop.action == HopAction::Drop || (last && !trace.delivered)) ? trace.reason : std::string();
}

void play(Timeline& timeline) {
  if (timeline.events.empty()) return;
  if (timeline.cursor + 1 >= timeline.events.size()) {  // at the end: play again from the start
    timeline.cursor = 0;
    timeline.progress = 0;
  }
  timeline.playing = true;
}

void pause(Timeline& timeline) { timeline.playing = false; }

void toggle_play(Timeline& timeline) {
  if (timeline.playing) pause(timeline);
  else play(timeline);
}

void step_forward(Timeline& timeline) {
  timeline.playing = false;
  timeline.progress = 0;
  if (timeline.cursor + 1 < timeline.events.size()) ++timeline.cursor;
}

void step_back(Timeline& timeline) {
  timeline.playing = false;
  timeline.progress = 0;
  if (timeline.cursor > 0) --timeline.cursor;
}

void jump_to(Timeline& timeline, size_t event) {
  timeline.playing = false;
  timeline.progress = 0;
  if (timeline.events.empty()) return;
  timeline.cursor = std::min(event, timeline.events.size() - 1);
}

void set_speed(Timeline& timeline, size_t speed) { timeline.speed = std::min(speed, timeline_speed_count - 1); }

bool advance(Timeline& timeline, float seconds) {
  if (!timeline.playing) return false;
  if (timeline.cursor + 1 >= timeline.events.size()) {
    timeline.playing = false;
    timeline.progress = 0;
    return false;
  }
  timeline.progress += seconds * timeline_speeds[timeline.speed] / seconds_per_event;
  bool moved = false;
  while (timeline.progress >= 1.0f && timeline.cursor + 1 < timeline.events.size()) {
    timeline.progress -= 1.0f;
    ++timeline.cursor;
    moved = true;
  }
  if (timeline.cursor + 1 >= timeline.events.size()) {
    timeline.playing = false;
    timeline.progress = 0;
  }
  return moved;
}

const char* moment_name(Moment moment) {
  switch (moment) {
    case Moment::Dnat: return "dnat";
    case Moment::Encapsulate: return "encapsulate";
    case Moment::Decapsulate: return "decapsulate";
    case Moment::Deliver: return "deliver";
    case Moment::Drop: return "drop";
  }
  return "";
}

bool is_moment(const TimelineEvent& event, Moment moment) {
  switch (moment) {
    case Moment::Dnat: return event.dnat;
    case Moment::Encapsulate: return event.action == HopAction::Encapsulate;
    case Moment::Decapsulate: return event.action == HopAction::Decapsulate;
    case Moment::Deliver: return event.action == HopAction::Deliver;
    case Moment::Drop: return event.action == HopAction::Drop;
  }
  return false;
}

size_t next_moment(const Timeline& timeline, Moment moment, size_t from) {
  const size_t count = timeline.events.size();
  for (size_t step = 1; step <= count; ++step) {
    const size_t i = (from + step) % count;
    if (is_moment(timeline.events[i], moment)) return i;
  }
  return SIZE_MAX;
}

size_t group_of(const Timeline& timeline, size_t event) {
  const auto after = std::upper_bound(timeline.groups.begin(), timeline.groups.end(), event,
                                      [](size_t e, const TimelineGroup& group) { return e < group.first; });
  if (after == timeline.groups.begin()) return SIZE_MAX;
  const size_t index = static_cast<size_t>(after - timeline.groups.begin()) - 1;
  const TimelineGroup& group = timeline.groups[index];
  return event < group.first + group.count ? index : SIZE_MAX;
}

bool event_matches(const TimelineEvent& event, const lab::Session& session, const TimelineFilter& filter, ActionWord word,
                   const void* context) {
  if (filter.action >= 0 && static_cast<int>(event.action) != filter.action) return false;
  const std::string_view needle(filter.text.data());
  if (needle.empty()) return true;
  const std::vector<Trace>& traces = session.last_traces();
  const std::string_view detail = event.trace < traces.size() && event.hop < traces[event.trace].hops.size()
                                      ? std::string_view(traces[event.trace].hops[event.hop].detail)
                                      : std::string_view();
  return contains_folded(event.node, needle) || contains_folded(event.where, needle) ||
         contains_folded(hop_action_name(event.action), needle) || contains_folded(word(event.action, context), needle) ||
         contains_folded(detail, needle);
}

void refresh_timeline_list(TimelineList& list, const Timeline& timeline, const lab::Session& session, ActionWord word,
                           const void* context) {
  if (list.traffic_revision != timeline.traffic_revision || list.folded.size() != timeline.groups.size()) {
    list.folded.assign(timeline.groups.size(), 0);  // new traffic: every packet open
    list.dirty = true;
  }
  const char* probe = word(HopAction::Route, context);
  if (!list.dirty && list.traffic_revision == timeline.traffic_revision && list.revision == timeline.revision &&
      list.cursor == timeline.cursor && list.word_probe == probe)
    return;
  list.dirty = false;
  list.word_probe = probe;
  list.traffic_revision = timeline.traffic_revision;
  list.revision = timeline.revision;
  list.cursor = timeline.cursor;
  list.rows.clear();
  list.matches = 0;
  for (size_t g = 0; g < timeline.groups.size(); ++g) {
    const TimelineGroup& group = timeline.groups[g];
    const size_t header = list.rows.size();
    list.rows.push_back(TimelineRow{true, g});
    bool any = false;
    for (size_t e = group.first; e < group.first + group.count; ++e) {
      const bool match = event_matches(timeline.events[e], session, list.filter, word, context);
      list.matches += match ? 1 : 0;
      any = any || match || e == timeline.cursor;
      if ((match && !list.folded[g]) || e == timeline.cursor) list.rows.push_back(TimelineRow{false, e});
    }
    if (!any) list.rows.resize(header);  // nothing of this packet passes the filter
  }
}

void toggle_fold(TimelineList& list, size_t group) {
  if (group >= list.folded.size()) return;
  list.folded[group] = !list.folded[group];
  list.dirty = true;
}

PacketMarker packet_marker(const Timeline& timeline, const TopologyLayout& layout) {
  PacketMarker marker;
  const TimelineEvent* event = timeline.current();
  if (!event || event->place.kind == PlaceKind::Unknown) return marker;
  marker.visible = true;
  marker.encapsulated = event->encapsulated;
  marker.tunnel = event->tunnel;
  marker.direction = event->direction;
  marker.dropped = event->action == HopAction::Drop;
  marker.position = event->place.rect.center();
  if (timeline.cursor + 1 >= timeline.events.size() || timeline.progress <= 0) return marker;
  const TimelineEvent& next = timeline.events[timeline.cursor + 1];
  if (next.trace != event->trace || next.place == event->place || next.place.kind == PlaceKind::Unknown) return marker;
  // The packet rests at its hop for the first part of the step, then travels to the next place.
  constexpr float rest = 0.35f;
  float travelled = std::clamp((timeline.progress - rest) / (1.0f - rest), 0.0f, 1.0f);
  travelled = travelled * travelled * (3.0f - 2.0f * travelled);  // ease in and out
  // It travels as it left this hop: a tunnel's next device unwraps it only when it gets there.
  marker.position = point_along(travel_path(layout, event->place, next.place), travelled);
  return marker;
}

}  // namespace podlab::web
