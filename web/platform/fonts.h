// The fonts embedded in the page: DejaVu Sans and DejaVu Sans Mono, subset at build time to Latin,
// Vietnamese and the punctuation and symbols the lab shows (see web/CMakeLists.txt).
#pragma once

struct ImFont;

namespace podlab::web {

struct Fonts {
  ImFont* sans = nullptr;  // the interface
  ImFont* mono = nullptr;  // console output, rule text, addresses in tables
};

// Adds both fonts to the current ImGui context's atlas. The sans font becomes the default.
Fonts load_fonts(float size_pixels);

}  // namespace podlab::web
