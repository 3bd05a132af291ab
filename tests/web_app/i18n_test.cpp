#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>

#include "web/app/i18n.h"

using namespace podlab::web;

TEST_CASE("every string exists in English and in Vietnamese") {
  for (int key = 0; key < static_cast<int>(Text::Count); ++key) {
    CAPTURE(key);
    const char* english = translate(Language::English, static_cast<Text>(key));
    const char* vietnamese = translate(Language::Vietnamese, static_cast<Text>(key));
    REQUIRE(english != nullptr);
    REQUIRE(vietnamese != nullptr);
    CHECK(std::strlen(english) > 0);
    CHECK(std::strlen(vietnamese) > 0);
  }
}

TEST_CASE("the Vietnamese interface is translated, not copied") {
  // Names stay the same in both languages; every other string must differ.
  const std::set<Text> same_in_both = {Text::AppTitle, Text::LanguageEnglish, Text::LanguageVietnamese,
                                      Text::PauseContainer, Text::ColumnTime, Text::ColumnNode,
                                      Text::ActionArp, Text::ActionNetfilter, Text::ActionConntrack, Text::FieldTtl,
                                      Text::FieldVni, Text::EndpointCount, Text::PodCount, Text::FactIp, Text::FactNode,
                                      Text::FactInternalIp, Text::FactPodCidr, Text::FactClusterIp};  // Kubernetes terms, kept in English
  for (int key = 0; key < static_cast<int>(Text::Count); ++key) {
    const auto text = static_cast<Text>(key);
    if (same_in_both.count(text)) continue;
    CAPTURE(translate(Language::English, text));
    CHECK(std::string(translate(Language::English, text)) != translate(Language::Vietnamese, text));
  }
}

TEST_CASE("language tags") {
  CHECK(std::string(language_tag(Language::Vietnamese)) == "vi");
  CHECK(language_from_tag("en") == Language::English);
  CHECK(language_from_tag("vi") == Language::Vietnamese);
  CHECK_FALSE(language_from_tag("fr").has_value());
}
