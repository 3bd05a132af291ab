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
