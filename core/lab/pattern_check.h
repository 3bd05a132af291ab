// The regular expressions a lesson may use in `output: {matches: …}`, checked before std::regex sees
// them. std::regex reports a bad pattern by throwing, and the page's build cannot catch (the core
// does not use exceptions), so a pattern that std::regex might refuse must never reach it. The
// check accepts a plain subset of ECMAScript that libstdc++ (native) and libc++ (the page) both
// compile: literals, `.`, classes `[a-z0-9:]` and `[^…]`, the escapes \d \D \s \S \w \W \b \B \f \n
// \r \t \v and escaped punctuation, `^` `$`, groups `(…)` `(?:…)` `(?=…)` `(?!…)`, alternation, and
// the repeats `*` `+` `?` `{n}` `{n,}` `{n,m}` (counts up to 1000, lazy with a trailing `?`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace podlab::lab {

// What is wrong with `pattern`, in words for a lesson author, or nothing if std::regex may compile it.
std::optional<std::string> pattern_problem(std::string_view pattern);

}  // namespace podlab::lab
