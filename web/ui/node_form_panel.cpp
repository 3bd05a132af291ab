// "Add a node": a worker joins with the next free address on the node network (or the one given)
// and its own podCIDR. Runs `lab node add NAME [--ip IP]`.
#include <imgui.h>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

void draw_node_form(AppState& state, Intents& intents) {
  NodeFields& fields = state.build.node;
  if (begin_form_window(state, Text::FormTitleNode, "form.node")) {
    form_text_field(state, Text::InputName, "form.name", fields.name, "name", "node-4");
    form_text_field(state, Text::InputIpOptional, "form.ip", fields.ip, "ip", "192.168.56.20");
    form_footer(state, intents);
  }
  end_form_window();
}

}  // namespace podlab::web
