// kubectl's -l syntax, read the way k8s.io/apimachinery/pkg/labels reads it: a comma-separated list
// of requirements, each `key`, `!key`, `key=value`, `key==value`, `key!=value`,
// `key in (a,b)` or `key notin (a,b)`. Equality becomes matchLabels, everything else
// matchExpressions, which is how `kubectl create deployment` and the API store selectors.
#include <algorithm>
#include <cstddef>

#include "core/k8s/objects.h"
#include "core/k8s/validation.h"

namespace podlab::k8s {

namespace {

enum class TokenKind { Word, Bang, Equals, DoubleEquals, NotEquals, Open, Close, Comma, Compare, End };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  int column = 0;  // 1-based
};

bool is_special(char c) { return c == '!' || c == '=' || c == '(' || c == ')' || c == ',' || c == '<' || c == '>'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::vector<Token> tokenize(const std::string& text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    Token token;
    token.column = static_cast<int>(i) + 1;
    const char c = text[i];
    const bool followed_by_equals = i + 1 < text.size() && text[i + 1] == '=';
    if (c == '!' && followed_by_equals) {
      token = {TokenKind::NotEquals, "!=", token.column};
      i += 2;
    } else if (c == '=' && followed_by_equals) {
      token = {TokenKind::DoubleEquals, "==", token.column};
      i += 2;
    } else if (is_special(c)) {
      const TokenKind kind = c == '!'   ? TokenKind::Bang
                             : c == '=' ? TokenKind::Equals
                             : c == '(' ? TokenKind::Open
                             : c == ')' ? TokenKind::Close
                             : c == ',' ? TokenKind::Comma
                                        : TokenKind::Compare;
      token = {kind, std::string(1, c), token.column};
      ++i;
    } else {
      const size_t start = i;
      while (i < text.size() && !is_space(text[i]) && !is_special(text[i])) ++i;
      token = {TokenKind::Word, text.substr(start, i - start), token.column};
    }
    tokens.push_back(std::move(token));
  }
  tokens.push_back(Token{TokenKind::End, "", static_cast<int>(text.size()) + 1});
  return tokens;
}

class SelectorParser {
 public:
  explicit SelectorParser(const std::string& text) : tokens_(tokenize(text)) {}

  Result<LabelSelector> parse() {
    if (peek().kind == TokenKind::End) return selector_;  // "" selects everything
    while (diagnostics_.empty()) {
      parse_requirement();
      if (!diagnostics_.empty()) break;
      if (peek().kind == TokenKind::End) break;
      if (peek().kind != TokenKind::Comma) {
        fail("selector.syntax", peek(), "expected ',' between requirements, found " + describe(peek()));
        break;
      }
      next();
    }
    if (!diagnostics_.empty()) return diagnostics_;
    return selector_;
  }

 private:
  const Token& peek() const { return tokens_[position_]; }
  const Token& next() { return tokens_[position_ < tokens_.size() - 1 ? position_++ : position_]; }

  static std::string describe(const Token& token) {
    return token.kind == TokenKind::End ? std::string("the end of the selector") : "\"" + token.text + "\"";
  }

  void fail(const char* code, const Token& at, std::string message) {
    diagnostics_.push_back(Diagnostic{code, std::move(message), {"", 1, at.column}});
  }

  bool take_key(std::string& key) {
    const Token& token = next();
    if (token.kind != TokenKind::Word) {
      fail("selector.syntax", token, "expected a label key, found " + describe(token));
      return false;
    }
    if (auto problem = check_qualified_name(token.text)) {
      fail("selector.invalid-key", token, "invalid label key \"" + token.text + "\": " + *problem);
      return false;
    }
    key = token.text;
    return true;
  }

  bool check_value(const Token& token) {
    if (auto problem = check_label_value(token.text)) {
      fail("selector.invalid-value", token, "invalid label value \"" + token.text + "\": " + *problem);
      return false;
    }
    return true;
  }

  void parse_requirement() {
    LabelSelectorRequirement requirement;
    if (peek().kind == TokenKind::Bang) {
      next();
      if (!take_key(requirement.key)) return;
      requirement.op = SelectorOperator::DoesNotExist;
      selector_.match_expressions.push_back(std::move(requirement));
      return;
    }
    if (!take_key(requirement.key)) return;
    const Token& op = peek();
    if (op.kind == TokenKind::End || op.kind == TokenKind::Comma) {
      requirement.op = SelectorOperator::Exists;
      selector_.match_expressions.push_back(std::move(requirement));
      return;
    }
    next();
    if (op.kind == TokenKind::Equals || op.kind == TokenKind::DoubleEquals || op.kind == TokenKind::NotEquals) {
      parse_single_value(std::move(requirement), op.kind == TokenKind::NotEquals);
    } else if (op.kind == TokenKind::Word && (op.text == "in" || op.text == "notin")) {
      requirement.op = op.text == "in" ? SelectorOperator::In : SelectorOperator::NotIn;
      parse_value_set(std::move(requirement));
    } else if (op.kind == TokenKind::Compare) {
      fail("selector.unsupported", op, "the '" + op.text + "' operator is not supported; use =, !=, in or notin");
    } else {
      fail("selector.syntax", op,
           "expected =, ==, !=, in or notin after \"" + requirement.key + "\", found " + describe(op));
    }
  }

  void parse_single_value(LabelSelectorRequirement requirement, bool negated) {
    std::string value;
    if (peek().kind == TokenKind::Word) {
      if (!check_value(peek())) return;
      value = next().text;
    } else if (peek().kind != TokenKind::End && peek().kind != TokenKind::Comma) {
      fail("selector.syntax", peek(), "expected a label value, found " + describe(peek()));
      return;
    }
    // A repeated key (app=a,app=b) must keep both conditions, so only the first goes to matchLabels.
    if (!negated && !selector_.match_labels.contains(requirement.key)) {
      selector_.match_labels[requirement.key] = value;
      return;
    }
    requirement.op = negated ? SelectorOperator::NotIn : SelectorOperator::In;
    requirement.values.push_back(value);
    selector_.match_expressions.push_back(std::move(requirement));
  }

  void parse_value_set(LabelSelectorRequirement requirement) {
    if (peek().kind != TokenKind::Open) {
      fail("selector.syntax", peek(),
           "expected '(' after \"" + std::string(requirement.op == SelectorOperator::In ? "in" : "notin") +
               "\", found " + describe(peek()));
      return;
    }
    next();
    while (true) {
      const Token& token = next();
      if (token.kind != TokenKind::Word) {
        fail("selector.syntax", token, "expected a label value, found " + describe(token));
        return;
      }
      if (!check_value(token)) return;
      requirement.values.push_back(token.text);
      const Token& separator = next();
      if (separator.kind == TokenKind::Close) break;
      if (separator.kind != TokenKind::Comma) {
        fail("selector.syntax", separator, "expected ',' or ')' in the set of values, found " + describe(separator));
        return;
      }
    }
    selector_.match_expressions.push_back(std::move(requirement));
  }

  std::vector<Token> tokens_;
  size_t position_ = 0;
  LabelSelector selector_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

Result<LabelSelector> parse_label_selector(const std::string& text) { return SelectorParser(text).parse(); }

}  // namespace podlab::k8s

namespace podlab::k8s {

std::string labels_text(const Labels& labels) {
  std::string text;
  for (const auto& [key, value] : labels) text += (text.empty() ? "" : ",") + key + "=" + value;
  return text;
}

std::string selector_text(const LabelSelector& selector) {
  std::vector<std::pair<std::string, std::string>> parts;  // (key, text) so they sort by key
  for (const auto& [key, value] : selector.match_labels) parts.emplace_back(key, key + "=" + value);
  for (const LabelSelectorRequirement& requirement : selector.match_expressions) {
    std::vector<std::string> values = requirement.values;
    std::sort(values.begin(), values.end());
    std::string set;
    for (const std::string& value : values) set += (set.empty() ? "" : ",") + value;
    switch (requirement.op) {
      case SelectorOperator::In: parts.emplace_back(requirement.key, requirement.key + " in (" + set + ")"); break;
      case SelectorOperator::NotIn:
        parts.emplace_back(requirement.key, requirement.key + " notin (" + set + ")");
        break;
      case SelectorOperator::Exists: parts.emplace_back(requirement.key, requirement.key); break;
      case SelectorOperator::DoesNotExist: parts.emplace_back(requirement.key, "!" + requirement.key); break;
    }
  }
  std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ",") + part.second;
  return text;
}

}  // namespace podlab::k8s
