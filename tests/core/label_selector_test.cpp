#include <doctest/doctest.h>

#include "core/k8s/objects.h"

using namespace podlab;
using namespace podlab::k8s;

namespace {

bool selects(const std::string& selector, const Labels& labels) {
  auto parsed = parse_label_selector(selector);
  REQUIRE_MESSAGE(parsed.ok(), selector);
  return parsed->matches(labels);
}

std::string error_of(const std::string& selector) {
  auto parsed = parse_label_selector(selector);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error().to_string();
}

}  // namespace

TEST_CASE("selectors match labels as Kubernetes does") {
  const Labels web = {{"app", "web"}, {"env", "prod"}, {"tier", "frontend"}};
  const Labels db = {{"app", "db"}, {"env", "staging"}, {"legacy", "true"}};
  CHECK(selects("", web));  // the empty selector selects everything
  CHECK(LabelSelector{}.matches({}));
  CHECK(selects("app=web", web));
  CHECK(selects("app==web", web));
  CHECK_FALSE(selects("app=web", db));
  CHECK(selects("app!=web", db));
  CHECK(selects("tier!=backend", db));  // a missing label is "not equal"
  CHECK(selects("env in (prod, staging)", web));
  CHECK(selects("env in (prod,staging)", db));
  CHECK_FALSE(selects("env notin (prod)", web));
  CHECK(selects("tier notin (frontend)", db));  // absent counts as not in the set
  CHECK(selects("legacy", db));
  CHECK_FALSE(selects("legacy", web));
  CHECK(selects("!legacy", web));
  CHECK(selects("app=web,env in (prod),!legacy,tier", web));
  CHECK_FALSE(selects("app=web,app=db", web));  // both conditions hold, never one replacing the other
  CHECK(selects("app.kubernetes.io/name=x", {{"app.kubernetes.io/name", "x"}}));
  CHECK(selects("app=", {{"app", ""}}));

  LabelSelector selector;
  selector.match_labels = {{"app", "web"}};
  selector.match_expressions.push_back({"env", SelectorOperator::In, {"prod"}});
  selector.match_expressions.push_back({"legacy", SelectorOperator::DoesNotExist, {}});
  CHECK(selector.matches(web));
  CHECK_FALSE(selector.matches(db));
}

TEST_CASE("selectors keep the API's shape and print back") {
  auto parsed = parse_label_selector("tier!=db, app=web,env in (staging,prod),!legacy,debug");
  REQUIRE(parsed.ok());
  CHECK(parsed->match_labels == Labels{{"app", "web"}});
  REQUIRE(parsed->match_expressions.size() == 4);
  CHECK(parsed->match_expressions[0].op == SelectorOperator::NotIn);
  CHECK(parsed->match_expressions[0].values == std::vector<std::string>{"db"});
  CHECK(parsed->match_expressions[2].op == SelectorOperator::DoesNotExist);
  CHECK(parsed->match_expressions[3].op == SelectorOperator::Exists);
  CHECK(selector_text(*parsed) == "app=web,debug,env in (prod,staging),!legacy,tier notin (db)");
  CHECK(selector_text(*parse_label_selector(selector_text(*parsed))) == selector_text(*parsed));
  CHECK(labels_text({{"tier", "db"}, {"app", "web"}}) == "app=web,tier=db");
}

TEST_CASE("selector syntax errors say where and what") {
  CHECK(error_of("app=web,") == "1:9: expected a label key, found the end of the selector");
  CHECK(error_of("env in prod") == "1:8: expected '(' after \"in\", found \"prod\"");
  CHECK(error_of("env in ()") == "1:9: expected a label value, found \")\"");
  CHECK(error_of("env in (a b)") == "1:11: expected ',' or ')' in the set of values, found \"b\"");
  CHECK(error_of("app web") == "1:5: expected =, ==, !=, in or notin after \"app\", found \"web\"");
  CHECK(error_of("replicas>2") == "1:9: the '>' operator is not supported; use =, !=, in or notin");
  CHECK(error_of("-app=web").starts_with("1:1: invalid label key \"-app\": name part must consist"));
  CHECK(error_of("app=we$b").starts_with("1:5: invalid label value \"we$b\""));
  CHECK(parse_label_selector("=web").error().code == "selector.syntax");
}
