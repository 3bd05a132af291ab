// "Add an IPIP tunnel" (the manual datapath): a tunnel device on two nodes, each end pointing at the
// other's address. Runs `lab tunnel add NAME --from NODE --to NODE`; the route through it is the
// learner's next step (the route form).
#include <imgui.h>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

void draw_tunnel_form(AppState& state, Intents& intents) {
  TunnelFields& fields = state.build.tunnel;
  if (begin_form_window(state, Text::FormTitleTunnel, "form.tunnel")) {
    form_text_field(state, Text::InputName, "form.name", fields.name, "name", "tunl1");
    form_name_choice(state, Text::InputFromNode, "form.from", fields.from, state.build.choices.nodes, "from");
    form_name_choice(state, Text::InputToNode, "form.to", fields.to, state.build.choices.nodes, "to");
    form_footer(state, intents);
  }
  end_form_window();
}

}  // namespace podlab::web
