// curl as a whole HTTP exchange over TCP: handshake, request, response and the FIN exchange are
// packets, conntrack sees the connection close, and the options learners use print as curl does.
#include <doctest/doctest.h>

#include "core/k8s/services.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

void web_and_client(lab::Session& session) {
  run_ok(session, "kubectl create deployment web --image=nginx --replicas=1");
  run_ok(session, "kubectl expose deployment web --port=80");
  apply_manifest(session, pod_manifest("client", "node-1", "debian"));
}

}  // namespace

TEST_CASE("curl: the connection closes in TIME_WAIT on the client's node, the exchange is in the traces") {
  lab::Session session(4);
  web_and_client(session);
  const auto result = run_ok(session, "kubectl exec client -- curl -s http://web");
  CHECK(contains(result.output, "<h1>Welcome to nginx!</h1>"));
  // SYN, SYN-ACK, ACK, request, response, FIN, FIN-ACK, ACK (plus the DNS queries before them).
  std::vector<std::string> segments;
  for (const Trace& trace : result.traces)
    if (!trace.hops.empty())
      if (const auto* tcp = trace.hops.front().packet.find<net::TcpHeader>()) {
        std::string flags;
        if (tcp->flags & net::tcp_flags::syn) flags += "S";
        if (tcp->flags & net::tcp_flags::fin) flags += "F";
        if (tcp->flags & net::tcp_flags::psh) flags += "P";
        if (tcp->flags & net::tcp_flags::ack) flags += ".";
        segments.push_back(flags);
      }
  CHECK(segments == std::vector<std::string>{"S", "S.", ".", "P.", "P.", "F.", "F.", "."});
  const std::string listed = run_ok(session, "node node-1 -- conntrack -L -p tcp").output;
  CHECK(contains(listed, "TIME_WAIT src=" + pod_ip(session, "client")));
  CHECK(contains(listed, "[ASSURED]"));
}

TEST_CASE("curl options: -o with -w, -I, -f, -i, -v and combined flags") {
  lab::Session session(4);
  web_and_client(session);
  const std::string vip = k8s::find_service(session.world(), "default", "web")->cluster_ip.to_string();
  CHECK(run_ok(session, "kubectl exec client -- curl -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' http://web").output ==
        "200 " + vip + "\n");
  const std::string head = run_ok(session, "kubectl exec client -- curl -sI http://web/missing").output;
  CHECK(head.starts_with("HTTP/1.1 404 Not Found\nServer: nginx/1.27.3\n"));
  const auto failed = session.run("kubectl exec client -- curl -fsS http://web/missing");
  CHECK_FALSE(failed.ok);
  CHECK(failed.output == "curl: (22) The requested URL returned error: 404\n");
  const std::string included = run_ok(session, "kubectl exec client -- curl -si http://web").output;
  CHECK(included.starts_with("HTTP/1.1 200 OK\n"));
  CHECK(contains(included, "\n\n<!DOCTYPE html>"));
  const std::string verbose = run_ok(session, "kubectl exec client -- curl -v http://web").output;
  CHECK(verbose.starts_with("*   Trying " + vip + ":80...\n* Connected to web (" + vip + ") port 80 (#0)\n> GET / HTTP/1.1\n> Host: web\n"));
  CHECK(contains(verbose, "< HTTP/1.1 200 OK\n"));
  CHECK_FALSE(session.run("kubectl exec client -- curl -X POST http://web").ok);
}
