// Long pod names shortened in the middle: the start and the replica's suffix stay, the result fits.
#include <doctest/doctest.h>

#include <array>
#include <string>

#include "web/app/middle_ellipsis.h"

using namespace podlab::web;

namespace {

// One unit per character, as a monospace font would measure ("…" is one character).
float characters(std::string_view text) {
  float count = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

}  // namespace

TEST_CASE("a name that fits is left whole") {
  std::array<char, 64> buffer{};
  CHECK(middle_ellipsis("web-7d9f", 20, characters, buffer) == "web-7d9f");
  CHECK(middle_ellipsis("web-7d9f", 8, characters, buffer) == "web-7d9f");
}

TEST_CASE("a long name keeps its start and its end around an ellipsis, as wide as the room allows") {
  std::array<char, 64> buffer{};
  const std::string name = "very-long-deployment-name-7d9f";
  const std::string_view short_name = middle_ellipsis(name, 20, characters, buffer);
  CHECK(short_name == "very-long…-name-7d9f");
  CHECK(characters(short_name) == 20);
  // Narrower: fewer characters, still the start and the suffix.
  const std::string_view shorter = middle_ellipsis(name, 9, characters, buffer);
  CHECK(shorter == "very…7d9f");
  // Only the ellipsis fits, then nothing.
  CHECK(middle_ellipsis(name, 1, characters, buffer) == "…");
  CHECK(middle_ellipsis(name, 0.5f, characters, buffer).empty());
}

TEST_CASE("the cut falls between UTF-8 characters") {
  std::array<char, 64> buffer{};
  const std::string name = "máy-chủ-rất-dài-số-một";  // Vietnamese letters are two or three bytes
  const std::string_view short_name = middle_ellipsis(name, 10, characters, buffer);
  CHECK(characters(short_name) <= 10);
  CHECK(short_name.starts_with("má"));
  CHECK(short_name.ends_with("một"));
  // Every byte sequence stays whole: no continuation byte right after the start or the ellipsis.
  const size_t mark = short_name.find("…");
  REQUIRE(mark != std::string_view::npos);
  CHECK((static_cast<unsigned char>(short_name[mark + 3]) & 0xC0) != 0x80);
}
