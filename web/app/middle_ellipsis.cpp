#include "web/app/middle_ellipsis.h"

#include <cstring>

namespace podlab::web {

namespace {

constexpr std::string_view ellipsis = "…";

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// `text` with `kept` bytes kept (the end's share rounded up: it tells replicas apart), cut back to
// character boundaries.
std::string_view shortened(std::string_view text, size_t kept, std::span<char> buffer) {
  size_t head = kept / 2;
  size_t tail_start = text.size() - (kept - kept / 2);
  while (head > 0 && head < text.size() && continuation(text[head])) --head;
  while (tail_start < text.size() && continuation(text[tail_start])) ++tail_start;
  const size_t tail = text.size() - tail_start;
  if (head + ellipsis.size() + tail > buffer.size()) return {};
  char* out = buffer.data();
  std::memcpy(out, text.data(), head);
  std::memcpy(out + head, ellipsis.data(), ellipsis.size());
  std::memcpy(out + head + ellipsis.size(), text.data() + tail_start, tail);
  return {out, head + ellipsis.size() + tail};
}

}  // namespace

std::string_view middle_ellipsis(std::string_view text, float max_width, const MeasureText& width, std::span<char> buffer) {
  if (width(text) <= max_width) return text;
  // The widest shortening that fits: its width grows with the bytes kept.
  size_t low = 0, high = text.size() - 1;  // kept bytes; `low` fits when anything does
  if (width(shortened(text, 0, buffer)) > max_width) return {};
  while (low < high) {
    const size_t middle = (low + high + 1) / 2;
    const std::string_view candidate = shortened(text, middle, buffer);
    if (!candidate.empty() && width(candidate) <= max_width) low = middle;
    else high = middle - 1;
  }
  return shortened(text, low, buffer);
}

}  // namespace podlab::web
