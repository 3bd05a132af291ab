// The web lab's entry point: SDL2 window and WebGL2 context on the page's canvas, Dear ImGui, and the
// browser-paced main loop. Each frame runs the panels, applies their intents and renders.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <SDL_opengles2.h>

#include <algorithm>
#include <array>

#include "web/app/app_state.h"
#include "web/platform/exercise_interop.h"
#include "web/platform/first_run.h"
#include "web/platform/fonts.h"
#include "web/platform/js_api.h"
#include "web/platform/keeping.h"
#include "web/platform/replacing.h"
#include "web/platform/page_guard.h"
#include "web/ui/panels.h"

namespace podlab::web {
namespace {

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl_context = nullptr;
  AppState state;
  bool first_frame_reported = false;
  // Key releases held back to the next frame (see poll_events).
  std::array<SDL_Event, 16> deferred_key_ups{};
  size_t deferred_count = 0;
};

// ImGui 1.86 reads each key's state once per frame, so a key pressed and released within one frame
// (a quick tap at 30 fps) would never be seen. A release that follows its own press in the same
// frame is handed over one frame later.
void poll_events(Platform& platform) {
  std::array<SDL_Keycode, 16> pressed{};
  size_t pressed_count = 0;
  for (size_t i = 0; i < platform.deferred_count; ++i) ImGui_ImplSDL2_ProcessEvent(&platform.deferred_key_ups[i]);
  platform.deferred_count = 0;
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    if (event.type == SDL_KEYDOWN && pressed_count < pressed.size()) pressed[pressed_count++] = event.key.keysym.sym;
    if (event.type == SDL_KEYUP && platform.deferred_count < platform.deferred_key_ups.size() &&
        std::find(pressed.begin(), pressed.begin() + pressed_count, event.key.keysym.sym) != pressed.begin() + pressed_count) {
      platform.deferred_key_ups[platform.deferred_count++] = event;
      continue;
    }
    ImGui_ImplSDL2_ProcessEvent(&event);
  }
}

void apply_style() {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 6.0f;
  style.FrameRounding = 4.0f;
  style.PopupRounding = 4.0f;
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(8, 6);
}

void run_frame(void* argument) {
  Platform& platform = *static_cast<Platform*>(argument);
  const double started = emscripten_get_now();
  poll_events(platform);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();

  AppState& state = platform.state;
  state.widgets.clear();
  Intents intents;
  draw_menu_bar(state, intents);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const Rect work_area{{viewport->WorkPos.x, viewport->WorkPos.y},
                       {viewport->WorkPos.x + viewport->WorkSize.x, viewport->WorkPos.y + viewport->WorkSize.y}};
  update_before_panels(state, work_area, ImGui::GetIO().DeltaTime);
  handle_shortcuts(state, intents);
  draw_topology_panel(state, intents);
  draw_console_panel(state, intents);
  draw_send_traffic_panel(state, intents);
  draw_timeline_panel(state, intents);
  draw_packet_inspector_panel(state, intents);
  draw_build_form(state, intents);
  draw_object_inspector_panel(state, intents);
  draw_dns_view_panel(state, intents);
  draw_lessons_panel(state, intents);
  draw_welcome_card(state, intents);
  draw_about_box(state, intents);
  draw_yaml_panel(state, intents);
  draw_keeping_windows(state, intents);
  draw_replace_prompt(state, intents);
  apply_intents(state, intents);
  keep_work(state, intents);
  keep_replaced_labs(state);
  hand_over_exercise_report(state);
  remember_welcome(state);
  const double built = emscripten_get_now();

  ImGui::Render();
  const ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  glClearColor(0.09f, 0.11f, 0.14f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(platform.window);
  state.frame_times.record(static_cast<float>(emscripten_get_now() - started), static_cast<float>(built - started));

  ++state.frame;
  if (!platform.first_frame_reported) {
    platform.first_frame_reported = true;
    notify_first_frame();
  }
}

}  // namespace
}  // namespace podlab::web

int main(int, char**) {
  using namespace podlab::web;
  static Platform platform;

  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    report_fatal_error(SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  platform.window = SDL_CreateWindow("Podlab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 800,
                                     SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!platform.window) {
    report_fatal_error(SDL_GetError());
    return 1;
  }
  platform.gl_context = SDL_GL_CreateContext(platform.window);
  if (!platform.gl_context) {
    report_fatal_error("This browser could not create a WebGL2 context, which Podlab needs to draw.");
    return 1;
  }
  SDL_GL_MakeCurrent(platform.window, platform.gl_context);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layouts are the lab's to keep, not ImGui's
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  apply_style();
  // Rasterise the fonts at the screen's pixel density and draw them scaled back, so text stays
  // sharp on high-density screens and when the page is zoomed.
  const float pixel_ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  load_fonts(17.0f * pixel_ratio);
  io.FontGlobalScale = 1.0f / pixel_ratio;
  ImGui_ImplSDL2_InitForOpenGL(platform.window, platform.gl_context);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  install_js_api(&platform.state);
  start_replacing(&platform.state);
  install_page_guard(platform.state);
  start_welcome(platform.state.welcome, welcome_dismissed_before(), page_opened_for_something());
  start_keeping(&platform.state);
  platform.state.session.set_wall_clock([] { return std::optional<int64_t>(wall_clock_now()); });
  open_exercise_from_url(platform.state);
  emscripten_set_main_loop_arg(run_frame, &platform, 0, false);
  return 0;
}
