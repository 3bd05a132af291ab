#include "web/platform/fonts.h"

#include <imgui.h>

#include "web/platform/embedded_fonts.h"

namespace podlab::web {

Fonts load_fonts(float size_pixels) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the data lives in the binary's read-only memory
  config.OversampleH = 2;
  Fonts fonts;
  fonts.sans = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(embedded::sans_ttf),
                                               static_cast<int>(embedded::sans_ttf_size), size_pixels, &config,
                                               embedded::glyph_ranges);
  fonts.mono = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(embedded::mono_ttf),
                                               static_cast<int>(embedded::mono_ttf_size), size_pixels - 1, &config,
                                               embedded::glyph_ranges);
  // DejaVu Sans Mono lacks many Vietnamese letters (ồ, ử …): take those from DejaVu Sans, which has
  // them all. Merging keeps the glyphs the monospace font already has.
  ImFontConfig merge = config;
  merge.MergeMode = true;
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(embedded::sans_ttf), static_cast<int>(embedded::sans_ttf_size),
                                 size_pixels - 1, &merge, embedded::glyph_ranges);
  return fonts;
}

}  // namespace podlab::web
