#include "web/app/i18n.h"

namespace podlab::web {

namespace {

struct Entry {
  const char* english;
  const char* vietnamese;
};

// One row per Text key, in the same order.
constexpr Entry table[] = {
    /* AppTitle */ {"Podlab", "Podlab"},
    /* MenuLab */ {"Lab", "Phòng lab"},
    /* MenuLabFitView */ {"Fit to screen", "Vừa khung hình"},
    /* MenuLabResetView */ {"Reset zoom", "Đặt lại thu phóng"},
    /* MenuView */ {"View", "Xem"},
    /* MenuViewGrid */ {"Grid", "Lưới"},
    /* MenuLanguage */ {"Language", "Ngôn ngữ"},
    /* MenuHelp */ {"Help", "Trợ giúp"},
    /* MenuHelpAbout */ {"About Podlab", "Giới thiệu Podlab"},
    /* LanguageEnglish */ {"English", "English"},
    /* LanguageVietnamese */ {"Tiếng Việt", "Tiếng Việt"},
    /* TopologyEmpty */ {"The cluster is empty.", "Cụm đang trống."},
    /* TopologyHint */
    {"Drag to pan, scroll to zoom.", "Kéo để di chuyển, cuộn chuột để thu phóng."},
    /* PauseContainer */ {"pause", "pause"},
    /* NodeNetwork */ {"node network", "mạng node"},
    /* Datapath */ {"datapath", "đường dữ liệu"},
    /* NoBridgeYet */ {"no bridge yet (created with the first pod)", "chưa có bridge (tạo khi có pod đầu tiên)"},
    /* ConsoleTitle */ {"Console", "Bảng lệnh"},
    /* ConsoleHint */
    {"Type a command and press Enter (↑/↓: history). Try: kubectl get nodes -o wide",
     "Gõ lệnh rồi nhấn Enter (↑/↓: lịch sử). Thử: kubectl get nodes -o wide"},
    /* ConsoleWelcome */
    {"The same commands as on a real cluster: kubectl, ip, ping, curl, traceroute, plus lab … — type help.",
     "Các lệnh giống như trên một cụm thật: kubectl, ip, ping, curl, traceroute, và lab … — gõ help."},
    /* StatusZoom */ {"Zoom", "Thu phóng"},
    /* AboutTitle */ {"About Podlab", "Giới thiệu Podlab"},
    /* AboutTagline */
    {"A Kubernetes networking lab in the browser.", "Phòng thí nghiệm mạng Kubernetes ngay trong trình duyệt."},
    /* AboutBody */
    {"Build a cluster, send traffic and watch every packet move hop by hop: through the pod's eth0, "
     "the veth pair, the bridge, the node's routes and the tunnel to another node. "
     "Every pod reaches every pod on every node, without NAT.",
     "Dựng một cụm, gửi lưu lượng và xem từng gói tin đi qua từng chặng: qua eth0 của pod, cặp veth, "
     "bridge, bảng định tuyến của node và đường hầm sang node khác. "
     "Tất cả các pod có thể giao tiếp với nhau trên mọi node, không cần NAT."},
    /* AboutBuiltWith */ {"Built with", "Xây dựng với"},
    /* AboutClose */ {"Close", "Đóng"},
    /* MenuViewSendTraffic */ {"Send traffic", "Gửi lưu lượng"},
    /* MenuViewTimeline */ {"Timeline", "Dòng thời gian"},
    /* MenuViewInspector */ {"Packet inspector", "Xem gói tin"},
    /* SendTrafficTitle */ {"Send traffic", "Gửi lưu lượng"},
    /* SendFrom */ {"From", "Từ"},
    /* SendTo */ {"To", "Đến"},
    /* SendOther */ {"Other address or name…", "Địa chỉ hoặc tên khác…"},
    /* SendOtherHint */ {"IP address or name", "Địa chỉ IP hoặc tên"},
    /* ToolPing */ {"ping (ICMP)", "ping (gói ICMP)"},
    /* ToolCurl */ {"curl (HTTP)", "curl (yêu cầu HTTP)"},
    /* SendButton */ {"Send", "Gửi"},
    /* SendNeedsPods */ {"Create a pod first, for example: kubectl run web --image=nginx", "Hãy tạo một pod trước, ví dụ: kubectl run web --image=nginx"},
    /* SendRunsCommand */ {"Runs this line in the console:", "Chạy dòng lệnh này trong bảng lệnh:"},
    /* TimelineTitle */ {"Timeline", "Dòng thời gian"},
    /* TimelinePlay */ {"Play", "Phát"},
    /* TimelinePause */ {"Pause", "Tạm dừng"},
    /* TimelineFirst */ {"First hop (Home)", "Chặng đầu (Home)"},
    /* TimelineLast */ {"Last hop (End)", "Chặng cuối (End)"},
    /* TimelineStepBack */ {"Step back (←)", "Lùi một bước (←)"},
    /* TimelineStepForward */ {"Step forward (→)", "Tiến một bước (→)"},
    /* TimelinePlayPause */ {"Play or pause (Space)", "Phát hoặc tạm dừng (Space)"},
    /* TimelineSpeed */ {"Speed", "Tốc độ"},
    /* TimelinePosition */ {"hop %d of %d", "chặng %d / %d"},
    /* TimelineEmpty */ {"No traffic yet. Send a ping or a curl (with the form above, or in the console) and watch its packets move hop by hop.", "Chưa có lưu lượng. Hãy gửi ping hoặc curl (bằng biểu mẫu phía trên, hoặc trong bảng lệnh) rồi xem gói tin đi qua từng chặng."},
    /* TimelineKeys */ {"Space: play/pause   ←/→: step   Home/End", "Space: phát/tạm dừng   ←/→: từng bước   Home/End"},
    /* ColumnTime */ {"ms", "ms"},
    /* ColumnNode */ {"Node", "Node"},
    /* ColumnWhere */ {"Where", "Vị trí"},
    /* ColumnWhat */ {"What happened", "Diễn biến"},
    /* DirectionOutbound */ {"on the way there", "chiều đi"},
    /* DirectionReturn */ {"on the way back", "chiều về"},
    /* ActionSend */ {"send", "gửi"},
    /* ActionRoute */ {"route", "định tuyến"},
    /* ActionArp */ {"ARP", "ARP"},
    /* ActionTransmit */ {"transmit", "phát ra"},
    /* ActionReceive */ {"receive", "nhận vào"},
    /* ActionBridge */ {"bridge", "qua bridge"},
    /* ActionEncapsulate */ {"encapsulate", "đóng gói"},
    /* ActionDecapsulate */ {"decapsulate", "mở gói"},
    /* ActionForward */ {"forward", "chuyển tiếp"},
    /* ActionDeliver */ {"deliver", "chuyển giao"},
    /* ActionNetfilter */ {"netfilter", "netfilter"},
    /* ActionConntrack */ {"conntrack", "conntrack"},
    /* ActionDrop */ {"drop", "bị hủy"},
    /* InspectorTitle */ {"Packet inspector", "Xem gói tin"},
    /* InspectorEmpty */ {"Select a hop in the timeline to see the packet there.", "Chọn một chặng trong dòng thời gian để xem gói tin tại đó."},
    /* InspectorOnTheWire */ {"On the wire (tcpdump -n):", "Trên đường truyền (tcpdump -n):"},
    /* InspectorHeaders */ {"Headers, outermost first", "Các header, lớp ngoài cùng trước"},
    /* InspectorDecision */ {"Decided by", "Quyết định bởi"},
    /* InspectorRules */ {"iptables rules that matched", "Các luật iptables đã khớp"},
    /* InspectorOuter */ {"outer", "lớp ngoài"},
    /* InspectorAdded */ {"added here", "thêm tại đây"},
    /* InspectorRemoved */ {"Removed here:", "Gỡ bỏ tại đây:"},
    /* InspectorNoChange */ {"No header changed at this hop.", "Không header nào thay đổi ở chặng này."},
    /* InspectorChangedCount */ {"%d field(s) changed at this hop (highlighted).", "%d trường đã thay đổi ở chặng này (được tô sáng)."},
    /* InspectorFirstHop */ {"The packet as its sender built it.", "Gói tin như bên gửi đã tạo ra."},
    /* InspectorNoPacket */ {"No packet at this hop.", "Không có gói tin ở chặng này."},
    /* InspectorReason */ {"Not delivered:", "Không tới đích:"},
    /* InspectorInTunnel */ {"Inside a tunnel: the outer headers carry the pod's packet from node to node.", "Trong đường hầm: các header lớp ngoài chở gói tin của pod từ node này sang node khác."},
    /* FieldSource */ {"source", "nguồn"},
    /* FieldDestination */ {"destination", "đích"},
    /* FieldType */ {"type", "loại"},
    /* FieldProtocol */ {"protocol", "giao thức"},
    /* FieldTtl */ {"TTL", "TTL"},
    /* FieldIdentification */ {"identification", "định danh"},
    /* FieldCode */ {"code", "mã"},
    /* FieldIdentifier */ {"identifier", "mã định danh"},
    /* FieldSequence */ {"sequence", "số thứ tự"},
    /* FieldSourcePort */ {"source port", "cổng nguồn"},
    /* FieldDestinationPort */ {"destination port", "cổng đích"},
    /* FieldFlags */ {"flags", "cờ"},
    /* FieldAcknowledgement */ {"acknowledgement", "số xác nhận"},
    /* FieldVni */ {"VNI", "VNI"},
    /* OutsideCluster */ {"outside the cluster", "ngoài cụm"},
    /* EndpointCount */ {"endpoint", "endpoint"},
    /* EndpointsCount */ {"endpoints", "endpoint"},
    /* PodCount */ {"pod", "pod"},
    /* PodsCount */ {"pods", "pod"},
    /* MenuViewCollapseKubeSystem */ {"Collapse kube-system", "Thu gọn kube-system"},
    /* LegendTitle */ {"Namespaces", "Namespace"},
    /* LegendCollapsed */ {"(collapsed, click to expand)", "(đã thu gọn, bấm để mở rộng)"},
    /* FactIp */ {"IP", "IP"},
    /* FactNode */ {"Node", "Node"},
    /* FactPauseContainer */ {"pause container", "container pause"},
    /* FactContainers */ {"Containers", "Container"},
    /* FactInternalIp */ {"InternalIP", "InternalIP"},
    /* FactPodCidr */ {"podCIDR", "podCIDR"},
    /* FactType */ {"Type", "Loại"},
    /* FactClusterIp */ {"ClusterIP", "ClusterIP"},
    /* FactPorts */ {"Ports", "Cổng"},
    /* ObjectInspectorTitle */ {"Object inspector", "Chi tiết đối tượng"},
    /* ObjectInspectorGone */ {"The selected object is no longer in the lab.", "Đối tượng đã chọn không còn trong lab."},
    /* ObjectInspectorHint */ {"Each section is titled with a console command and shows what it prints in this lab.", "Mỗi mục mang tên một lệnh console và cho thấy đúng những gì lệnh đó in ra trong lab này."},
    /* DnsViewTitle */ {"DNS lookup", "Tra cứu DNS"},
    /* DnsViewEmpty */ {"No lookup yet: run nslookup, dig, or curl by name from a pod.", "Chưa có tra cứu nào: hãy chạy nslookup, dig hoặc curl theo tên từ một pod."},
    /* DnsViewNdots */ {"A name with fewer than %d dots is tried with each search domain first.", "Tên có ít hơn %d dấu chấm được thử ghép với từng miền search trước."},
    /* DnsViewQueries */ {"Queries the resolver sent, in order", "Các truy vấn resolver đã gửi, theo thứ tự"},
    /* DnsViewAnsweredBy */ {"answered by", "trả lời bởi"},
    /* DnsViewNoReply */ {"no reply (timed out)", "không có trả lời (hết thời gian chờ)"},
    /* DnsViewJumpHint */ {"Click a query to see its packet in the timeline.", "Bấm vào một truy vấn để xem gói tin của nó trên timeline."},
    /* DnsViewOtherTraffic */ {"The timeline now shows other traffic.", "Timeline đang hiển thị lưu lượng khác."},
    /* DnsViewResult */ {"Result:", "Kết quả:"},
    /* MenuViewDnsView */ {"DNS view", "Xem DNS"},
    /* ObjectInspectorNoOutput */ {"(prints nothing)", "(không in ra gì)"},
};
static_assert(sizeof table / sizeof table[0] == static_cast<size_t>(Text::Count),
              "every Text key needs one row in the table");

}  // namespace

const char* translate(Language language, Text key) {
  const Entry& entry = table[static_cast<int>(key)];
  return language == Language::Vietnamese ? entry.vietnamese : entry.english;
}

const char* language_tag(Language language) {
  return language == Language::Vietnamese ? "vi" : "en";
}

std::optional<Language> language_from_tag(std::string_view tag) {
  if (tag == "en") return Language::English;
  if (tag == "vi") return Language::Vietnamese;
  return std::nullopt;
}

}  // namespace podlab::web
