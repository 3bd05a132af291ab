#include <doctest/doctest.h>

#include "web/app/console_model.h"

using namespace podlab;
using namespace podlab::web;

TEST_CASE("the console records each line with its output and whether it worked") {
  lab::Session session(1);
  ConsoleModel console;
  console.submit(session, "kubectl run web --image=nginx");
  console.submit(session, "kubectl get pdos");
  REQUIRE(console.entries().size() == 2);
  CHECK(console.entries()[0].output == "pod/web created\n");
  CHECK(console.entries()[0].ok);
  CHECK_FALSE(console.entries()[1].ok);
  CHECK(console.revision() == 2);
}

TEST_CASE("Up and Down walk the history, newest first, and a repeated line is kept once") {
  lab::Session session(1);
  ConsoleModel console;
  CHECK(console.older().empty());
  console.submit(session, "kubectl get nodes");
  console.submit(session, "lab cluster");
  console.submit(session, "lab cluster");
  CHECK(console.older() == "lab cluster");
  CHECK(console.older() == "kubectl get nodes");
  CHECK(console.older() == "kubectl get nodes");  // stays at the oldest
  CHECK(console.newer() == "lab cluster");
  CHECK(console.newer().empty());  // past the newest: an empty line to type on
  console.submit(session, "help");
  CHECK(console.older() == "help");
}
