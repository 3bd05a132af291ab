#include "core/lab/pattern_check.h"

#include <algorithm>

namespace podlab::lab {

namespace {

constexpr int max_group_depth = 16;     // the regex compilers recurse once per group
constexpr size_t max_repeat = 1000;     // {n,m} counts
constexpr size_t max_states = 10000;    // a rough count of the compiled automaton, repeats expanded

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_class_escape(char c) { return std::string_view("dDsSwW").find(c) != std::string_view::npos; }
bool is_control_escape(char c) { return std::string_view("fnrtv").find(c) != std::string_view::npos; }
// Escaped punctuation stands for itself; an escaped letter or digit other than the known ones is an
// error in libc++ (\q) or a back-reference (\1), so only ASCII punctuation is accepted.
bool is_identity_escape(char c) { return c > ' ' && c < 0x7f && !is_ascii_alnum(c) && c != '_'; }
std::string quoted_char(char c) { return std::string("'") + c + "'"; }

class PatternCheck {
 public:
  explicit PatternCheck(std::string_view pattern) : p_(pattern) {}

  std::optional<std::string> run() {
    size_t states = 0;
    if (auto problem = disjunction(0, states)) return problem;
    if (pos_ < p_.size()) return "a ')' has no '(' before it";  // disjunction stops only there
    return std::nullopt;
  }

 private:
  bool at_end() const { return pos_ >= p_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < p_.size() ? p_[pos_ + ahead] : '\0'; }
  bool quantifier_next() const { return !at_end() && std::string_view("*+?{").find(peek()) != std::string_view::npos; }

  std::optional<std::string> add(size_t& states, size_t more) {
    states += more;
    if (states > max_states) return "it is too large once its repeats are counted (keep it under " + std::to_string(max_states) + " steps)";
    return std::nullopt;
  }

  std::optional<std::string> disjunction(int depth, size_t& states) {
    while (true) {
      while (!at_end() && peek() != '|' && peek() != ')')
        if (auto problem = term(depth, states)) return problem;
      if (at_end() || peek() == ')') return std::nullopt;
      ++pos_;  // '|'
      if (auto problem = add(states, 1)) return problem;
    }
  }

  std::optional<std::string> term(int depth, size_t& states) {
    const char c = peek();
    size_t atom = 1;
    if (c == '^' || c == '$' || (c == '\\' && (peek(1) == 'b' || peek(1) == 'B'))) {
      pos_ += c == '\\' ? 2 : 1;
      if (quantifier_next()) return quoted_char(peek()) + " repeats an anchor, which matches no character";
      return add(states, 1);
    }
    if (c == '(') {
      ++pos_;
      bool lookahead = false;
      if (peek() == '?') {
        if (peek(1) == '=' || peek(1) == '!') lookahead = true;
        else if (peek(1) != ':') return "only (?:…), (?=…) and (?!…) groups are supported, not (?" + std::string(1, peek(1)) + "…)";
        pos_ += 2;
      }
      if (depth + 1 > max_group_depth) return "groups nest more than " + std::to_string(max_group_depth) + " deep";
      atom = 0;
      if (auto problem = disjunction(depth + 1, atom)) return problem;
      if (peek() != ')') return "a '(' is not closed";
      ++pos_;
      atom += 1;
      if (lookahead) {
        if (quantifier_next()) return quoted_char(peek()) + " repeats a lookahead (?=…) or (?!…), which matches no character";
        return add(states, atom);
      }
    } else if (c == '[') {
      if (auto problem = character_class()) return problem;
    } else if (c == '\\') {
      const char e = peek(1);
      if (pos_ + 1 >= p_.size()) return "it ends with a lone backslash";
      if (e >= '0' && e <= '9') return "back-references such as \\" + std::string(1, e) + " are not supported";
      if (!is_class_escape(e) && !is_control_escape(e) && !is_identity_escape(e))
        return "\\" + std::string(1, e) + " is not an escape this check accepts (\\d \\s \\w \\b, their capitals, \\n \\t, or \\ before punctuation)";
      pos_ += 2;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
      return quoted_char(c) + " repeats nothing";
    } else if (c == ']' || c == '}') {
      return "a " + quoted_char(c) + " has no opening bracket before it (write \\" + std::string(1, c) + " for the character)";
    } else {
      ++pos_;  // a literal character, or '.'
    }
    return quantifier(states, atom);
  }

  std::optional<std::string> quantifier(size_t& states, size_t atom) {
    if (!quantifier_next()) return add(states, atom);
    size_t copies = 2;  // * + ?: the atom, and a loop or a skip around it
    if (peek() == '{') {
      const size_t open = pos_;
      ++pos_;
      auto count = [&]() -> std::optional<size_t> {
        const size_t start = pos_;
        while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
        if (pos_ == start) return std::nullopt;
        size_t value = 0;
        for (size_t i = start; i < pos_ && value <= max_repeat; ++i) value = value * 10 + static_cast<size_t>(p_[i] - '0');
        return value;
      };
      const auto low = count();
      std::optional<size_t> high = low;
      if (low && peek() == ',') {
        ++pos_;
        high = peek() == '}' ? std::optional<size_t>(*low + 1) : count();
      }
      if (!low || !high || peek() != '}') return "'" + std::string(p_.substr(open, pos_ - open + 1)) + "' is not a repeat count such as {2}, {2,} or {1,3}";
      ++pos_;
      if (*low > max_repeat || *high > max_repeat + 1) return "repeat counts go up to " + std::to_string(max_repeat);
      if (*low > *high) return "in {" + std::to_string(*low) + "," + std::to_string(*high) + "} the first count is larger than the second";
      copies = std::max<size_t>(*high, 1);
    } else {
      ++pos_;
    }
    if (peek() == '?') ++pos_;  // lazy
    if (quantifier_next()) return quoted_char(peek()) + " repeats a repeat (group it first: (a*)*)";
    if (atom > max_states / copies) return add(states, max_states + 1);
    return add(states, atom * copies);
  }

  // '[' … ']': characters, ranges a-z with a <= b, and \d \s \w classes inside.
  std::optional<std::string> character_class() {
    ++pos_;
    if (peek() == '^') ++pos_;
    if (peek() == ']') return "an empty class '[]' matches nothing (write \\] for the character)";
    while (!at_end() && peek() != ']') {
      char first = 0;
      bool first_is_char = true;
      if (auto problem = class_atom(first, first_is_char)) return problem;
      if (peek() == '-' && peek(1) != ']' && pos_ + 1 < p_.size()) {
        if (!first_is_char) return "a range in a class starts with a character, not a class such as \\d";
        ++pos_;
        char last = 0;
        bool last_is_char = true;
        if (auto problem = class_atom(last, last_is_char)) return problem;
        if (!last_is_char) return "a range in a class ends with a character, not a class such as \\d";
        if (static_cast<unsigned char>(first) >= 0x80 || static_cast<unsigned char>(last) >= 0x80)
          return "ranges in a class are between ASCII characters";
        if (first > last) return "the range " + std::string(1, first) + "-" + std::string(1, last) + " is reversed (write " + std::string(1, last) + "-" + std::string(1, first) + ")";
      }
    }
    if (at_end()) return "a '[' is not closed";
    ++pos_;
    return std::nullopt;
  }

  std::optional<std::string> class_atom(char& c, bool& is_char) {
    c = peek();
    if (c == '\\') {
      const char e = peek(1);
      if (pos_ + 1 >= p_.size()) return "it ends with a lone backslash";
      if (is_class_escape(e)) is_char = false;
      else if (!is_control_escape(e) && !is_identity_escape(e))
        return "\\" + std::string(1, e) + " is not an escape this check accepts inside a class";
      static constexpr std::string_view controls = "fnrtv", control_chars = "\f\n\r\t\v";
      c = is_control_escape(e) ? control_chars[controls.find(e)] : e;
      pos_ += 2;
      return std::nullopt;
    }
    if (c == '[' && (peek(1) == ':' || peek(1) == '.' || peek(1) == '='))
      return "[" + std::string(1, peek(1)) + "…" + std::string(1, peek(1)) + "] classes are not supported (write the characters, e.g. [a-z])";
    ++pos_;
    return std::nullopt;
  }

  std::string_view p_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<std::string> pattern_problem(std::string_view pattern) { return PatternCheck(pattern).run(); }

}  // namespace podlab::lab
