// The interface in English and Vietnamese. Every visible string of the web lab is a Text key with
// one entry per language; tests check that no entry is missing in either language.
#pragma once

#include <optional>
#include <string_view>

namespace podlab::web {

enum class Language { English, Vietnamese };
inline constexpr int language_count = 2;

enum class Text {
  AppTitle,
  MenuLab,
  MenuLabFitView,
  MenuLabResetView,
  MenuView,
  MenuViewGrid,
  MenuLanguage,
  MenuHelp,
  MenuHelpAbout,
  LanguageEnglish,
  LanguageVietnamese,
  TopologyEmpty,
  TopologyHint,
  PauseContainer,
  NodeNetwork,
  Datapath,
  NoBridgeYet,
  ConsoleTitle,
  ConsoleHint,
  ConsoleWelcome,
  StatusZoom,
  AboutTitle,
  AboutTagline,
  AboutBody,
  AboutBuiltWith,
  AboutClose,
  Count
};

const char* translate(Language language, Text key);
// BCP 47 tag used by the page and the test API: "en" or "vi".
const char* language_tag(Language language);
std::optional<Language> language_from_tag(std::string_view tag);

}  // namespace podlab::web
