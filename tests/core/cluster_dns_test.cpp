// Cluster DNS end to end: pods' lookups are UDP packets to a CoreDNS pod, answered from the API
// objects, every record type and rcode through the packet path, the glibc and musl search orders
// on the wire, a query crossing nodes, Corefile reloads, the tools' output and the --json report,
// and a capture tshark decodes. Most cases ask a CoreDNS pod's IP directly (dnsPolicy None with
// that nameserver, or dig @IP), so they test CoreDNS and the resolver alone; the last section goes
// through the kube-dns ClusterIP and kube-proxy's DNAT, as every ClusterFirst pod does.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/k8s/coredns.h"
#include "core/k8s/dns_server.h"
#include "core/net/pcap.h"
#include "tests/core/lab_fixtures.h"

using namespace podlab;
using namespace podlab::testing;

namespace {

// The IP of the CoreDNS pod on `node` (node-1 and node-2 have one in a fresh lab).
std::string coredns_ip(const lab::Session& session, const std::string& node) {
  std::string ip;
  session.world().pods.for_each([&](PodId, const PodRecord& pod) {
    if (pod.pod.metadata.namespace_name == "kube-system" && session.world().nodes.at(pod.node).name == node)
      ip = pod.ip.to_string();
  });
  REQUIRE_MESSAGE(!ip.empty(), "no CoreDNS pod on ", node);
  return ip;
}

// A pod whose resolv.conf is what the kubelet writes for ClusterFirst, except that the nameserver is
// a CoreDNS pod's own IP (reachable without kube-proxy's DNAT).
std::string resolver_pod(const std::string& name, const std::string& node, const std::string& image,
                         const std::string& nameserver, const std::string& ns = "default") {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\nspec:\n  nodeName: " + node +
         "\n  dnsPolicy: None\n  dnsConfig:\n    nameservers: [" + nameserver + "]\n    searches: [" + ns +
         ".svc.cluster.local, svc.cluster.local, cluster.local]\n    options:\n    - name: ndots\n      value: \"5\"\n"
         "  containers:\n  - name: main\n    image: " + image + "\n";
}

// A lab with services of every kind in namespaces default and prod, and two resolver pods on node-3
// (where no CoreDNS runs) asking the CoreDNS pod on node-1: `deb` (Debian, glibc) and `alp` (Alpine, musl).
void dns_lab(lab::Session& session) {
  const std::string server = coredns_ip(session, "node-1");
  run_ok(session, "kubectl create namespace prod");
  apply_manifest(session,
                 "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  replicas: 2\n"
                 "  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
                 "    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        ports:\n"
                 "        - name: http\n          containerPort: 80\n"
                 "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  selector:\n"
                 "    app: web\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n"
                 "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: prod\nspec:\n  clusterIP: None\n"
                 "  selector:\n    app: db\n  ports:\n  - name: pg\n    port: 5432\n"
                 "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: db-0\n  namespace: prod\n  labels:\n    app: db\n"
                 "spec:\n  hostname: db-0\n  subdomain: db\n  containers:\n  - name: pg\n    image: postgres\n"
                 "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: db-1\n  namespace: prod\n  labels:\n    app: db\n"
                 "spec:\n  containers:\n  - name: pg\n    image: postgres\n"
                 "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: docs\n  namespace: prod\nspec:\n"
                 "  type: ExternalName\n  externalName: www.example.com\n");
  apply_manifest(session, resolver_pod("deb", "node-3", "debian:12", server) + "---\n" +
                              resolver_pod("alp", "node-3", "alpine:3.20", server));
}

std::string service_ip(const lab::Session& session, const std::string& ns, const std::string& name) {
  for (const ServiceRecord& record : session.world().services)
    if (record.service.metadata.namespace_name == ns && record.service.metadata.name == name)
      return record.cluster_ip.to_string();
  FAIL("no service ", ns, "/", name);
  return "";
}

nlohmann::json json_of(const lab::Session& session, const lab::CommandResult& result) { return result.to_json(session.world()); }

// "name type rcode" of every query of a --json line, in the order sent.
std::vector<std::string> queries_of(const nlohmann::json& json) {
  std::vector<std::string> out;
  for (const auto& query : json["queries"])
    out.push_back(query["name"].get<std::string>() + " " + query["type"].get<std::string>() + " " +
                  (query["rcode"].is_null() ? std::string("timeout") : query["rcode"].get<std::string>()));
  return out;
}

std::string dig(lab::Session& session, const std::string& args) {
  return run_ok(session, "kubectl exec deb -- dig @" + coredns_ip(session, "node-1") + " " + args).output;
}

}  // namespace

TEST_CASE("cluster DNS: A records of ClusterIP services, namespaces as subdomains, TTL 30 from kubeadm's Corefile") {
  lab::Session session;
  dns_lab(session);
  const std::string web = service_ip(session, "prod", "web");
  const std::string answer = dig(session, "web.prod.svc.cluster.local");
  CHECK(contains(answer, ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: "));
  CHECK(contains(answer, ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n"));
  CHECK(contains(answer, ";; WARNING: recursion requested but not available\n"));
  CHECK(contains(answer, ";; ANSWER SECTION:\nweb.prod.svc.cluster.local. 30\tIN\tA\t" + web + "\n"));
  CHECK(contains(answer, ";; SERVER: " + coredns_ip(session, "node-1") + "#53(" + coredns_ip(session, "node-1") + ") (UDP)"));
  CHECK(dig(session, "kubernetes.default.svc.cluster.local +short") == "10.96.0.1\n");
  CHECK(dig(session, "kube-dns.kube-system.svc.cluster.local +short") == "10.96.0.10\n");
}

TEST_CASE("cluster DNS: headless services answer one A per ready endpoint, and hostname.subdomain names") {
  lab::Session session;
  dns_lab(session);
  const std::string all = dig(session, "db.prod.svc.cluster.local +short");
  CHECK(contains(all, pod_record(session, "db-0", "prod").ip.to_string() + "\n"));
  CHECK(contains(all, pod_record(session, "db-1", "prod").ip.to_string() + "\n"));
  CHECK(dig(session, "db-0.db.prod.svc.cluster.local +short") == pod_record(session, "db-0", "prod").ip.to_string() + "\n");
  // db-1 has no hostname: its endpoint is named by its dashed IP.
  const std::string dashed = k8s::dashed_ip(pod_record(session, "db-1", "prod").ip.to_string());
  CHECK(dig(session, dashed + ".db.prod.svc.cluster.local +short") == pod_record(session, "db-1", "prod").ip.to_string() + "\n");
}

TEST_CASE("cluster DNS: SRV for named ports, PTR for a service IP, ExternalName CNAME, dns-version TXT, pod A records") {
  lab::Session session;
  dns_lab(session);
  const std::string srv = dig(session, "_http._tcp.web.prod.svc.cluster.local SRV");
  CHECK(contains(srv, "_http._tcp.web.prod.svc.cluster.local. 30 IN SRV 0 100 80 web.prod.svc.cluster.local.\n"));
  CHECK(contains(srv, ";; ADDITIONAL SECTION:\nweb.prod.svc.cluster.local. 30\tIN\tA\t" + service_ip(session, "prod", "web")));
  const std::string headless_srv = dig(session, "_pg._tcp.db.prod.svc.cluster.local SRV +short");
  CHECK(contains(headless_srv, "0 50 5432 db-0.db.prod.svc.cluster.local.\n"));

  const std::string web = service_ip(session, "prod", "web");
  CHECK(dig(session, "-x " + web + " +short") == "web.prod.svc.cluster.local.\n");

  const std::string cname = dig(session, "docs.prod.svc.cluster.local");
  CHECK(contains(cname, "docs.prod.svc.cluster.local. 30\tIN\tCNAME\twww.example.com.\n"));
  CHECK(contains(cname, "example.com.\t\t30\tIN\tA\t192.0.2.10\n"));  // chased through forward, capped by cache 30

  CHECK(contains(dig(session, "dns-version.cluster.local TXT"), "dns-version.cluster.local. 28800 IN\tTXT\t\"1.1.0\"\n"));
  CHECK(dig(session, "10-244-9-9.prod.pod.cluster.local +short") == "10.244.9.9\n");  // pods insecure
}

TEST_CASE("cluster DNS: NS at the apex names kube-dns, the Service the CoreDNS pods are endpoints of; the asked case is kept") {
  lab::Session session;
  dns_lab(session);
  CHECK(dig(session, "NS cluster.local +short") == "kube-dns.kube-system.svc.cluster.local.\n");
  const std::string ns = run_ok(session, "kubectl exec deb -- dig NS cluster.local").output;  // through 10.96.0.10
  CHECK(contains(ns, ";; ANSWER SECTION:\ncluster.local.\t\t30\tIN\tNS\tkube-dns.kube-system.svc.cluster.local.\n"));
  CHECK(contains(ns, ";; ADDITIONAL SECTION:\nkube-dns.kube-system.svc.cluster.local. 30 IN A\t10.96.0.10\n"));
  const std::string web = service_ip(session, "prod", "web");
  const std::string mixed = dig(session, "Web.Prod.svc.cluster.local");
  CHECK(contains(mixed, ";; QUESTION SECTION:\n;Web.Prod.svc.cluster.local."));
  CHECK(contains(mixed, ";; ANSWER SECTION:\nWeb.Prod.svc.cluster.local. 30\tIN\tA\t" + web + "\n"));
}

TEST_CASE("cluster DNS: NXDOMAIN and NODATA both carry the zone's SOA; forwarded names are not authoritative") {
  lab::Session session;
  dns_lab(session);
  const std::string soa = "cluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30\n";
  const std::string missing = dig(session, "nosuch.prod.svc.cluster.local");
  CHECK(contains(missing, "status: NXDOMAIN"));
  CHECK(contains(missing, ";; AUTHORITY SECTION:\n" + soa));
  CHECK(contains(dig(session, "web.nosuchns.svc.cluster.local"), "status: NXDOMAIN"));
  const std::string nodata = dig(session, "web.prod.svc.cluster.local AAAA");
  CHECK(contains(nodata, "status: NOERROR"));
  CHECK(contains(nodata, "ANSWER: 0, AUTHORITY: 1"));
  CHECK(contains(nodata, ";; AUTHORITY SECTION:\n" + soa));
  const std::string outside = dig(session, "example.com");
  CHECK(contains(outside, ";; flags: qr rd ra;"));
  CHECK_FALSE(contains(outside, "WARNING"));
  CHECK(contains(dig(session, "nothing.invalid"), "status: NXDOMAIN"));
}

TEST_CASE("cluster DNS: glibc's search walk on the wire, A and AAAA per candidate") {
  lab::Session session;
  dns_lab(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec deb -- getent hosts web.prod");
  CHECK(result.output == service_ip(session, "prod", "web") + std::string(15 - service_ip(session, "prod", "web").size(), ' ') +
                             " web.prod.svc.cluster.local\n");
  const nlohmann::json json = json_of(session, result);
  // getent asks AF_INET6 first (every candidate, NODATA at the right one), then AF_INET.
  CHECK(queries_of(json) == std::vector<std::string>{
                                "web.prod.default.svc.cluster.local AAAA NXDOMAIN",
                                "web.prod.svc.cluster.local AAAA NOERROR",
                                "web.prod.cluster.local AAAA NXDOMAIN",
                                "web.prod AAAA NXDOMAIN",
                                "web.prod.default.svc.cluster.local A NXDOMAIN",
                                "web.prod.svc.cluster.local A NOERROR",
                            });
  // curl's getaddrinfo(AF_UNSPEC): A and AAAA together per candidate.
  const lab::CommandResult curl = session.run("kubectl exec deb -- curl -s http://www.example.com");
  CHECK(queries_of(json_of(session, curl)) == std::vector<std::string>{
                                                  "www.example.com.default.svc.cluster.local A NXDOMAIN",
                                                  "www.example.com.default.svc.cluster.local AAAA NXDOMAIN",
                                                  "www.example.com.svc.cluster.local A NXDOMAIN",
                                                  "www.example.com.svc.cluster.local AAAA NXDOMAIN",
                                                  "www.example.com.cluster.local A NXDOMAIN",
                                                  "www.example.com.cluster.local AAAA NXDOMAIN",
                                                  "www.example.com A NOERROR",
                                                  "www.example.com AAAA NOERROR",
                                              });
}

TEST_CASE("cluster DNS: musl ends the search at NODATA; a trailing dot is one absolute query") {
  lab::Session session;
  dns_lab(session);
  const lab::CommandResult musl = session.run("kubectl exec alp -- getent hosts web.prod");
  // musl stops at the NODATA AAAA answer of the second candidate; the AF_INET lookup then finds it.
  CHECK(queries_of(json_of(session, musl)) == std::vector<std::string>{
                                                  "web.prod.default.svc.cluster.local AAAA NXDOMAIN",
                                                  "web.prod.svc.cluster.local AAAA NOERROR",
                                                  "web.prod.default.svc.cluster.local A NXDOMAIN",
                                                  "web.prod.svc.cluster.local A NOERROR",
                                              });
  const lab::CommandResult absolute = session.run("kubectl exec alp -- ping -c 1 web.prod.svc.cluster.local.");
  CHECK(queries_of(json_of(session, absolute)) ==
        std::vector<std::string>{"web.prod.svc.cluster.local A NOERROR", "web.prod.svc.cluster.local AAAA NOERROR"});
}

TEST_CASE("cluster DNS: a query from a node without CoreDNS crosses the node network in VXLAN, and the reply comes back") {
  lab::Session session;
  dns_lab(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec deb -- dig @" + coredns_ip(session, "node-1") + " web.prod.svc.cluster.local");
  const nlohmann::json trace = trace_json(session, result);
  CHECK(trace["delivered"] == true);
  CHECK(!hops_with(trace, "encapsulate").empty());
  CHECK(!hops_with(trace, "decapsulate").empty());
  CHECK(trace["hops"].back()["node"] == "node-1");
  CHECK(trace["received"]["dst_port"] == 53);
  REQUIRE(trace.contains("reply"));
  CHECK(trace["reply"]["delivered"] == true);
  CHECK(trace["reply"]["hops"].back()["node"] == "node-3");
  CHECK(!hops_with(trace["reply"], "encapsulate").empty());
}

TEST_CASE("cluster DNS: a node looks names up too, from its own namespace") {
  lab::Session session;
  dns_lab(session);
  CHECK(run_ok(session, "node node-3 -- dig @" + coredns_ip(session, "node-1") + " kubernetes.default.svc.cluster.local +short")
            .output == "10.96.0.1\n");
  // The node's own resolv.conf names the node network's gateway, which the lab does not simulate.
  const lab::CommandResult own = session.run("node node-3 -- host example.com");
  CHECK_FALSE(own.ok);
  CHECK(contains(own.output, ";; connection timed out; no servers could be reached"));
}

TEST_CASE("cluster DNS: an edited Corefile takes effect at once; a broken one leaves the last good configuration") {
  lab::Session session;
  dns_lab(session);
  const std::string edit_head = "kubectl -n kube-system edit configmap coredns\napiVersion: v1\nkind: ConfigMap\n"
                                "metadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n";
  run_ok(session, edit_head + "    .:53 {\n        kubernetes cluster.local in-addr.arpa ip6.arpa {\n           ttl 7\n"
                              "        }\n        forward . /etc/resolv.conf\n    }\n");
  CHECK(contains(dig(session, "web.prod.svc.cluster.local"), "web.prod.svc.cluster.local. 7\tIN\tA\t"));
  // Without `pods insecure`, pod names are NXDOMAIN now.
  CHECK(contains(dig(session, "10-244-9-9.prod.pod.cluster.local"), "status: NXDOMAIN"));
  const lab::CommandResult broken = run_ok(session, edit_head + "    .:53 {\n        kubernetes cluster.local {\n           ttl\n");
  CHECK(contains(broken.output, "Warning: CoreDNS did not reload the Corefile"));
  CHECK(contains(broken.output, "Corefile:"));
  CHECK(contains(dig(session, "web.prod.svc.cluster.local"), "web.prod.svc.cluster.local. 7\tIN\tA\t"));
}

TEST_CASE("cluster DNS: nslookup as bind9 prints it on Debian and as BusyBox prints it on Alpine") {
  lab::Session session;
  dns_lab(session);
  const std::string server = coredns_ip(session, "node-1");
  const std::string web = service_ip(session, "prod", "web");
  CHECK(run_ok(session, "kubectl exec deb -- nslookup web.prod").output ==
        "Server:\t\t" + server + "\nAddress:\t" + server + "#53\n\nName:\tweb.prod.svc.cluster.local\nAddress: " + web + "\n\n");
  const lab::CommandResult missing = session.run("kubectl exec deb -- nslookup nosuch");
  CHECK_FALSE(missing.ok);
  CHECK(contains(missing.output, "** server can't find nosuch: NXDOMAIN\n"));
  CHECK(contains(run_ok(session, "kubectl exec deb -- nslookup example.com").output,
                 "Non-authoritative answer:\nName:\texample.com\nAddress: 192.0.2.10\nName:\texample.com\nAddress: 2001:db8::10\n"));
  CHECK(contains(run_ok(session, "kubectl exec deb -- nslookup " + web).output,
                 k8s::reverse_pointer_name(web) + "\tname = web.prod.svc.cluster.local.\n"));

  const std::string busybox = run_ok(session, "kubectl exec alp -- nslookup web.prod").output;
  CHECK(busybox == "Server:\t\t" + server + "\nAddress:\t" + server + ":53\n\n" +
                       "** server can't find web.prod.default.svc.cluster.local: NXDOMAIN\n\n" +
                       "Name:\tweb.prod.svc.cluster.local\nAddress: " + web + "\n\n");
}

TEST_CASE("cluster DNS: host, getent, and the resolution failures of curl, ping and traceroute") {
  lab::Session session;
  dns_lab(session);
  CHECK(run_ok(session, "kubectl exec deb -- host web.prod").output ==
        "web.prod.svc.cluster.local has address " + service_ip(session, "prod", "web") + "\n");
  CHECK(run_ok(session, "kubectl exec deb -- host www.example.com").output ==
        "www.example.com is an alias for example.com.\nexample.com has address 192.0.2.10\n"
        "example.com has IPv6 address 2001:db8::10\n");
  CHECK(session.run("kubectl exec deb -- host nosuch").output == "Host nosuch not found: 3(NXDOMAIN)\n");
  // glibc's getent asks AF_INET6 first: example.com has an IPv6 address, so that is what it prints.
  CHECK(run_ok(session, "kubectl exec deb -- getent hosts example.com").output == "2001:db8::10    example.com\n");
  const lab::CommandResult none = session.run("kubectl exec deb -- getent hosts nosuch");
  CHECK_FALSE(none.ok);
  CHECK(none.output.empty());
  CHECK(session.run("kubectl exec deb -- curl -s http://nosuch").output == "curl: (6) Could not resolve host: nosuch\n");
  CHECK(session.run("kubectl exec deb -- ping -c 1 nosuch").output == "ping: nosuch: Name or service not known\n");
  CHECK(session.run("kubectl exec alp -- ping -c 1 nosuch").output == "ping: bad address 'nosuch'\n");
  CHECK(contains(session.run("kubectl exec deb -- traceroute nosuch").output, "nosuch: Name or service not known\n"));
  // A resolved name: ping sends its lookups first, then its echo requests to the pod behind the name.
  const std::string db0 = pod_record(session, "db-0", "prod").ip.to_string();
  const lab::CommandResult ping = run_ok(session, "kubectl exec deb -- ping -c 1 db-0.db.prod.svc.cluster.local");
  CHECK(contains(ping.output, "PING db-0.db.prod.svc.cluster.local (" + db0 + ") 56(84) bytes of data."));
  CHECK(contains(ping.output, "1 received"));
  REQUIRE(ping.dns.has_value());
  CHECK(ping.dns->queries.size() == 2);  // 5 dots >= ndots 5: the name as it is, first and found
}

TEST_CASE("cluster DNS: a lookup's --json reports queries, rcode, answers and the trace") {
  lab::Session session;
  dns_lab(session);
  const lab::CommandResult result = run_ok(session, "kubectl exec deb -- nslookup web.prod");
  const nlohmann::json json = json_of(session, result);
  CHECK(json["rcode"] == "NOERROR");
  REQUIRE(json["answers"].size() == 1);
  CHECK(json["answers"][0]["name"] == "web.prod.svc.cluster.local");
  CHECK(json["answers"][0]["type"] == "A");
  CHECK(json["answers"][0]["ttl"] == 30);
  CHECK(json["answers"][0]["data"] == service_ip(session, "prod", "web"));
  REQUIRE(json["queries"].size() == 3);
  const auto& first = json["queries"][0];
  CHECK(first["name"] == "web.prod.default.svc.cluster.local");
  CHECK(first["type"] == "A");
  CHECK(first["rcode"] == "NXDOMAIN");
  CHECK(first["server"] == coredns_ip(session, "node-1"));
  CHECK(first["trace"]["delivered"] == true);
  CHECK(first["trace"]["reply"]["delivered"] == true);
  CHECK(json["queries"][2]["type"] == "AAAA");
  CHECK(json.contains("trace"));
  // Every query is a distinct id; ids come from the world's generator, so a replay gives the same.
  CHECK(first["id"] != json["queries"][1]["id"]);
  lab::Session again;
  dns_lab(again);
  CHECK(json_of(again, run_ok(again, "kubectl exec deb -- nslookup web.prod")).dump() == json.dump());
}

TEST_CASE("cluster DNS: a nameserver that does not answer: every try times out, and the clock moved") {
  lab::Session session;
  dns_lab(session);
  const SimTime before = session.world().now;
  const lab::CommandResult result = session.run("kubectl exec deb -- dig @" + pod_ip(session, "deb") + " web.prod.svc.cluster.local");
  CHECK_FALSE(result.ok);
  CHECK(contains(result.output, ";; communications error to " + pod_ip(session, "deb") + "#53: timed out\n"));
  CHECK(contains(result.output, ";; no servers could be reached\n"));
  CHECK((session.world().now - before).ns >= SimTime::from_seconds(15).ns);
  REQUIRE(result.dns.has_value());
  CHECK(result.dns->queries.size() == 1);
  CHECK(result.dns->queries[0].traces.size() == 3);  // dig's three tries
  CHECK_FALSE(result.dns->queries[0].rcode.has_value());
}

TEST_CASE("CoreDNS's server: malformed payloads get FORMERR, responses and runts are ignored") {
  const k8s::ClusterDnsView view;
  const auto config = *k8s::parse_corefile(k8s::kubeadm_corefile());
  const std::vector<k8s::SimulatedUpstream> upstreams;
  CHECK_FALSE(k8s::coredns_reply(view, config, upstreams, {0x12, 0x34, 0x01}).has_value());
  auto query = *net::encode_dns_message(net::make_dns_query(0x1234, "web.default.svc.cluster.local", net::DnsType::A));
  std::vector<uint8_t> response = query;
  response[2] |= 0x80;  // QR: a response is never answered
  CHECK_FALSE(k8s::coredns_reply(view, config, upstreams, response).has_value());
  std::vector<uint8_t> truncated(query.begin(), query.begin() + 16);  // the question cut short
  const auto reply = k8s::coredns_reply(view, config, upstreams, truncated);
  REQUIRE(reply.has_value());
  const auto decoded = net::decode_dns_message(*reply);
  REQUIRE(decoded.ok());
  CHECK(decoded->header.id == 0x1234);
  CHECK(decoded->header.rcode == net::DnsRcode::FormErr);
  const auto good = net::decode_dns_message(*k8s::coredns_reply(view, config, upstreams, query));
  REQUIRE(good.ok());
  CHECK(good->header.rcode == net::DnsRcode::NxDomain);  // an empty cluster: no namespace "default"
}

#if !defined(__EMSCRIPTEN__)  // node has no popen
TEST_CASE("cluster DNS: a lookup's capture decodes in tshark with the query name") {
  if (!std::filesystem::exists("/usr/bin/tshark")) {
    MESSAGE("tshark is not installed: skipping the capture check");
    return;
  }
  lab::Session session;
  dns_lab(session);
  const size_t before = session.captured().size();
  run_ok(session, "kubectl exec deb -- dig @" + coredns_ip(session, "node-1") + " web.prod.svc.cluster.local");
  net::PcapWriter writer;
  for (size_t i = before; i < session.captured().size(); ++i) writer.add(session.captured()[i].first, session.captured()[i].second);
  const auto path = std::filesystem::temp_directory_path() / "podlab-dns.pcap";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(writer.bytes().data()), static_cast<std::streamsize>(writer.bytes().size()));
  }
  FILE* pipe = popen(("tshark -r '" + path.string() + "' -d udp.port==8472,vxlan -V 2>/dev/null").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string decoded;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) decoded += buffer;
  pclose(pipe);
  std::filesystem::remove(path);
  CHECK(contains(decoded, "Domain Name System (query)"));
  CHECK(contains(decoded, "Domain Name System (response)"));
  CHECK(contains(decoded, "Name: web.prod.svc.cluster.local"));
  CHECK(contains(decoded, "Type: A ("));  // "Type: A (Host Address) (1)" or "Type: A (1)" by version
  CHECK(contains(decoded, "Address: " + service_ip(session, "prod", "web")));
}
#endif

// [SECTION] Through the kube-dns ClusterIP, DNATed by kube-proxy's rules to a CoreDNS pod

TEST_CASE("cluster DNS via 10.96.0.10: a ClusterFirst pod resolves a service by its short name") {
  lab::Session session;
  run_ok(session, "kubectl create deployment web --image=nginx --replicas=2");
  run_ok(session, "kubectl expose deployment web --port=80");
  run_ok(session, "kubectl run client --image=debian");
  const std::string web = service_ip(session, "default", "web");
  CHECK(run_ok(session, "kubectl exec client -- nslookup web").output ==
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb.default.svc.cluster.local\nAddress: " + web + "\n\n");
  const lab::CommandResult result = run_ok(session, "kubectl exec client -- getent hosts web");
  CHECK(contains(result.output, web));
  // The reply's source is the ClusterIP again (conntrack undoes the DNAT on the client's node).
  const nlohmann::json json = json_of(session, result);
  CHECK(json["queries"].back()["trace"]["reply"]["received"]["src_ip"] == "10.96.0.10");
}

TEST_CASE("cluster DNS via 10.96.0.10: curl http://web gets nginx's page after the lookup") {
  lab::Session session;
  run_ok(session, "kubectl create deployment web --image=nginx --replicas=2");
  run_ok(session, "kubectl expose deployment web --port=80");
  run_ok(session, "kubectl run client --image=busybox");
  const lab::CommandResult result = run_ok(session, "kubectl exec client -- curl -s http://web");
  CHECK(contains(result.output, "Welcome to nginx!"));
  REQUIRE(result.dns.has_value());
  CHECK(result.dns->queries.front().name == "web.default.svc.cluster.local");
}

TEST_CASE("cluster DNS via 10.96.0.10: a node's dig through the kube-dns ClusterIP") {
  lab::Session session;
  CHECK(run_ok(session, "node node-3 -- dig @10.96.0.10 kubernetes.default.svc.cluster.local +short").output == "10.96.0.1\n");
}

TEST_CASE("cluster DNS via 10.96.0.10: dig with the pod's resolv.conf uses no search list without +search") {
  lab::Session session;
  run_ok(session, "kubectl run client --image=debian");
  CHECK(contains(session.run("kubectl exec client -- dig kubernetes").output, "status: NXDOMAIN"));
  CHECK(contains(run_ok(session, "kubectl exec client -- dig +search kubernetes").output,
                 "kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1"));
}
