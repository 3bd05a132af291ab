// "Create a namespace": runs `kubectl create namespace NAME`.
#include <imgui.h>

#include "web/ui/build_form_widgets.h"

namespace podlab::web {

void draw_namespace_form(AppState& state, Intents& intents) {
  if (begin_form_window(state, Text::FormTitleNamespace, "form.namespace")) {
    form_text_field(state, Text::InputName, "form.name", state.build.namespace_fields.name, "name", "shop");
    form_footer(state, intents);
  }
  end_form_window();
}

}  // namespace podlab::web
