// The timeline of the last traffic command: every hop of every packet it sent or caused (the probe,
// the kernel's answer, a TCP handshake), as one list ordered by simulated time, with a cursor the
// learner plays, pauses, steps and jumps, like Packet Tracer's simulation mode. For the cursor's hop
// it prepares what the inspector shows (the headers, what changed since the packet's previous hop,
// the table entry or rules that decided) and where the canvas draws the packet.
//
// Owned by AppState. Events are rebuilt only when the session's revision moves; the inspection only
// when the cursor moves; playing moves a float. An idle frame allocates nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/lab/session.h"
#include "web/app/header_diff.h"
#include "web/app/hop_place.h"

namespace podlab::web {

enum class Direction {
  Outbound,  // sent from where the command ran
  Return,    // coming back: an echo reply, a SYN-ACK, an ICMP error
};

struct TimelineEvent {
  size_t trace = 0;  // index into session.last_traces()
  size_t hop = 0;    // index into that trace's hops
  SimTime time;
  HopAction action = HopAction::Send;
  Direction direction = Direction::Outbound;
  bool encapsulated = false;  // the packet is inside a tunnel here
  const char* tunnel = "";    // "VXLAN" or "IPIP" when it is
  HopPlace place;
  std::string time_text;  // in milliseconds: "0.124"
  std::string node;       // "node-1"
  std::string where;      // "a1 eth0", "cni0", "flannel.1", "host"
  bool dnat = false;      // iptables rewrote the destination here (a Service's KUBE-SEP rule)
};

// One packet's hops, one after another in the list: the DNS A query, the AAAA query, their
// answers, each TCP segment of an HTTP exchange, an echo request and its reply.
struct TimelineGroup {
  size_t first = 0;  // its first event
  size_t count = 0;  // and how many follow
  size_t trace = 0;
  Direction direction = Direction::Outbound;
  std::string label;  // the packet as tcpdump prints it where it starts: "IP 10.244.1.3.41000 > 10.96.0.10.53: 1+ A? …"
  bool delivered = false;
};

// The moments a learner looks for, each with a button that jumps to the next one.
enum class Moment { Dnat, Encapsulate, Decapsulate, Deliver, Drop };
inline constexpr Moment moments[] = {Moment::Dnat, Moment::Encapsulate, Moment::Decapsulate, Moment::Deliver, Moment::Drop};
const char* moment_name(Moment moment);  // "dnat", "encapsulate" … (the buttons' ids)

// What the inspector shows for one hop, prepared when the cursor moves there.
struct HopInspection {
  size_t event = SIZE_MAX;
  std::string title;    // "12. node-1 eth0"
  std::string summary;  // the tcpdump line of the packet here
  std::string detail;   // the decision, as the Linux tool prints it
  std::vector<std::string> rules;  // iptables rules that matched (netfilter hops)
  std::string reason;   // why the packet went no further (a drop, the last hop of an undelivered packet)
  HeaderDiff headers;
};

inline constexpr float timeline_speeds[] = {0.25f, 0.5f, 1.0f, 2.0f, 4.0f};
inline constexpr size_t timeline_speed_count = sizeof timeline_speeds / sizeof timeline_speeds[0];
inline constexpr float seconds_per_event = 0.7f;  // at 1x

struct Timeline {
  uint64_t revision = UINT64_MAX;          // session revision the events were built from
  uint64_t traffic_revision = UINT64_MAX;  // and the traffic they show
  std::vector<TimelineEvent> events;
  std::vector<TimelineGroup> groups;  // the events split by packet, in list order
  size_t cursor = 0;
  bool playing = false;
  size_t speed = 2;      // index into timeline_speeds: 1x
  float progress = 0;    // 0..1 of the way from the cursor's event to the next
  HopInspection inspection;
  uint64_t inspection_revision = UINT64_MAX;

  bool empty() const { return events.empty(); }
  const TimelineEvent* current() const { return cursor < events.size() ? &events[cursor] : nullptr; }
};

// Rebuilds the events when the session moved on. New traffic puts the cursor on its first hop and
// plays it.
void refresh_timeline(Timeline& timeline, const lab::Session& session, const TopologyLayout& layout);
// The events' places again, for a layout that changed without the lab changing (kube-system
// collapsed or expanded).
void relocate_timeline(Timeline& timeline, const lab::Session& session, const TopologyLayout& layout);
// Rebuilds the cursor's inspection if the cursor or the session moved since it was built.
void prepare_inspection(Timeline& timeline, const lab::Session& session);

// Controls. Stepping stops playback; jumping clamps to the list.
void play(Timeline& timeline);
void pause(Timeline& timeline);
void toggle_play(Timeline& timeline);
void step_forward(Timeline& timeline);
void step_back(Timeline& timeline);
void jump_to(Timeline& timeline, size_t event);
void set_speed(Timeline& timeline, size_t speed);
// Moves playback on by `seconds` of wall time; returns true if the cursor moved. Stops at the end.
bool advance(Timeline& timeline, float seconds);

// The group holding `event` (SIZE_MAX when there is none).
size_t group_of(const Timeline& timeline, size_t event);
bool is_moment(const TimelineEvent& event, Moment moment);
// The first event after `from` that is `moment`, going round to the start; SIZE_MAX when none is.
size_t next_moment(const Timeline& timeline, Moment moment, size_t from);

// The list as the learner arranged it: packets folded, a text filter over the node, the device and
// what happened, and one kind of hop. Rows are a group's header or an event; the cursor's event is
// always a row, whatever is folded or filtered, so playing and stepping stay in view.
struct TimelineFilter {
  std::array<char, 64> text{};
  int action = -1;  // a HopAction, or -1 for every kind
  bool active() const { return text[0] != '\0' || action >= 0; }
};

struct TimelineRow {
  bool header = false;  // a group's header, else an event
  size_t index = 0;     // the group's or the event's
};

struct TimelineList {
  TimelineFilter filter;
  std::vector<uint8_t> folded;  // per group
  std::vector<TimelineRow> rows;
  size_t matches = 0;  // events the filter keeps
  bool dirty = true;   // the filter or a fold changed since the rows were built
  uint64_t traffic_revision = UINT64_MAX;  // the traffic and the lab the rows were built for
  uint64_t revision = UINT64_MAX;
  size_t cursor = SIZE_MAX;
  const char* word_probe = nullptr;  // an action's word when they were built: the language
};

// The word the list shows for an action, in the learner's language; the filter matches it too.
using ActionWord = const char* (*)(HopAction action, const void* context);
bool event_matches(const TimelineEvent& event, const lab::Session& session, const TimelineFilter& filter, ActionWord word,
                   const void* context);
// Rebuilds the rows when the timeline, its cursor, the filter or a fold changed; new traffic unfolds
// every group. Allocates nothing otherwise.
void refresh_timeline_list(TimelineList& list, const Timeline& timeline, const lab::Session& session, ActionWord word,
                           const void* context);
void toggle_fold(TimelineList& list, size_t group);

// Where the canvas draws the packet now (world units), between the cursor's place and the next
// event's when the next hop of the same packet is elsewhere.
struct PacketMarker {
  bool visible = false;
  Vec2 position;
  bool encapsulated = false;
  const char* tunnel = "";
  Direction direction = Direction::Outbound;
  bool dropped = false;
};
PacketMarker packet_marker(const Timeline& timeline, const TopologyLayout& layout);

}  // namespace podlab::web
