// Where the canvas writes the node network's name ("node network 192.168.56.0/24 · datapath …"):
// just under the last row's line, in the first stretch no line crosses. The Services' links climb
// the gutters beside the nodes through that band, and the external host's eth0 hangs from the line
// there; text drawn over them reads badly. Plain math on the layout, tested without ImGui.
#pragma once

#include "web/app/topology_layout.h"

namespace podlab::web {

// The label's left edge (world units) for a label `width` wide (its width as drawn at this zoom,
// in world units).
float node_network_label_x(const TopologyLayout& layout, float width);

}  // namespace podlab::web
