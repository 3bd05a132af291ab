// Long names shortened in their middle, so both the start a learner recognises and the end that
// tells replicas apart stay: "very-long-deployment-name-7d9f" in a narrow box becomes
// "very-long…-name-7d9f". The caller measures (ImGui's font at the size drawn; tests count
// characters) and holds the buffer, so drawing a frame allocates nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>

namespace podlab::web {

using MeasureText = std::function<float(std::string_view)>;

// `text` itself when it is no wider than `max_width`; else as many of its characters as fit, half
// from the start and half from the end around "…", written into `buffer`. Empty when not even "…"
// fits. Cuts only between UTF-8 characters.
std::string_view middle_ellipsis(std::string_view text, float max_width, const MeasureText& width, std::span<char> buffer);

}  // namespace podlab::web
