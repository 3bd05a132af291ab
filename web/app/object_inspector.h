// The object inspector: for the pod, node or Service selected on the canvas, a few key facts and
// sections titled with a console command, each holding exactly what that command prints in the lab
// (run on a copy of the World, so nothing enters the learner's history): a pod's `ip addr`, `ip
// route`, resolv.conf and CNI result; a node's `ip route`, `ip neigh`, `bridge fdb` and
// `iptables-save -t nat`; a Service, its EndpointSlices and its KUBE-SVC / KUBE-SEP chains.
//
// Owned by AppState. Rebuilt only when the selection, the lab's revision or the layout options
// change, so an idle frame allocates nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/lab/session.h"
#include "web/app/i18n.h"
#include "web/app/selection.h"

namespace podlab::web {

struct InspectorFact {
  Text label;
  std::string value;
};

struct InspectorSection {
  std::string command;  // the console line, shown as the section's title
  std::string output;   // what it printed
  bool ok = true;
};

struct ObjectInspector {
  Selection selection;  // what the canvas selected; the rest is built from it
  Selection built_for;
  uint64_t revision = UINT64_MAX;
  LayoutOptions options;
  std::string title;  // "Pod default/web"
  std::vector<InspectorFact> facts;
  std::vector<InspectorSection> sections;
  SelectionHighlight highlight;
};

// The read-only console lines whose output describes the object (a Service's endpoint chains
// come after, from what its KUBE-SVC chains print).
std::vector<std::string> inspector_commands(const World& world, const Selection& selection);

// Rebuilds `inspector` if the selection, the session or the layout options moved since it was built.
void refresh_object_inspector(ObjectInspector& inspector, const lab::Session& session, const TopologyLayout& layout,
                              const LayoutOptions& options);

}  // namespace podlab::web
