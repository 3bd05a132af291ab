// The DNS view of the last lookup: any console line that resolved a name (nslookup, dig, host,
// getent, or curl / ping / traceroute by name). It shows the resolv.conf of where the lookup ran
// (search list, ndots), every query the resolver put on the wire in order (the search-list
// expansion), each answer or NXDOMAIN, and the CoreDNS pod that answered: the address kube-proxy
// DNATed the query to, read from the query's trace. Everything comes from the command's DnsReport
// and traces (core/lab/session.h); nothing about DNS is worked out here.
//
// Owned by AppState; recorded once per console line that looked a name up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/lab/session.h"
#include "web/app/timeline.h"

namespace podlab::web {

struct DnsQueryRow {
  std::string name;   // "kubernetes.default.svc.cluster.local"
  std::string type;   // "A", "AAAA"
  std::string rcode;  // "NOERROR", "NXDOMAIN"; empty when nothing answered
  std::vector<std::string> answers;  // "kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1"
  std::string server;       // the nameserver asked: "10.96.0.10"
  std::string answered_by;  // "kube-system/coredns-6854bd8b94-v9f45 10.244.0.2", or the address alone
  size_t trace = SIZE_MAX;  // the query's first packet in the traces of `DnsView::traffic_revision`
};

struct DnsView {
  bool present = false;
  bool visible = false;  // the learner may close the window; the next lookup opens it again
  std::string command;  // the console line that looked the name up
  uint64_t traffic_revision = UINT64_MAX;  // the session's traffic the query traces belong to
  std::string resolv_conf_command;  // "kubectl exec client -- cat /etc/resolv.conf"
  std::string resolv_conf;          // what it prints
  std::string search;               // "default.svc.cluster.local svc.cluster.local cluster.local"
  int ndots = 1;
  std::vector<DnsQueryRow> queries;
  std::string outcome;  // the rcode of the reply the tool acted on, "" when none came
};

// Records `result` if it looked a name up; other lines leave the view as it was. Call right after
// the line ran, while the World still holds the pods involved.
void record_lookup(DnsView& view, const lab::Session& session, const lab::CommandResult& result);

// The timeline event of query `query`'s first packet, or SIZE_MAX when the timeline shows other
// traffic now.
size_t dns_query_event(const DnsView& view, const Timeline& timeline, const lab::Session& session, size_t query);

}  // namespace podlab::web
