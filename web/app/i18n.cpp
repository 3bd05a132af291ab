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
    /* MenuViewLessons */ {"Lessons", "Bài học"},
    /* LessonsTitle */ {"Lessons", "Bài học"},
    /* LessonsHeading */ {"Lessons", "Bài học"},
    /* ExercisesHeading */ {"Exercises", "Bài tập"},
    /* LessonsCatalog */ {"All lessons and exercises", "Tất cả bài học và bài tập"},
    /* LessonsNoExercises */ {"No exercises in this build.", "Bản dựng này chưa có bài tập nào."},
    /* LessonStart */ {"Start", "Bắt đầu"},
    /* LessonStatusDone */ {"done", "đã xong"},
    /* LessonStatusInProgress */ {"in progress", "đang học"},
    /* LessonMinutes */ {"%d min", "%d phút"},
    /* LessonFaultFinding */ {"fault-finding", "tìm lỗi"},
    /* LessonStep */ {"Step %d of %d", "Bước %d / %d"},
    /* LessonGoals */ {"Goals", "Mục tiêu"},
    /* LessonQuestion */ {"Predict first", "Dự đoán trước"},
    /* LessonQuestionHint */ {"Answer before you send the traffic.", "Hãy trả lời trước khi gửi gói tin."},
    /* LessonRight */ {"Right.", "Đúng rồi."},
    /* LessonWrong */ {"Not quite: the right answer is marked.", "Chưa đúng: đáp án đúng đã được đánh dấu."},
    /* LessonShowHint */ {"Show a hint (%d left)", "Xem gợi ý (còn %d)"},
    /* LessonHint */ {"Hint %d", "Gợi ý %d"},
    /* LessonBack */ {"Back", "Quay lại"},
    /* LessonNext */ {"Next", "Tiếp"},
    /* LessonFinish */ {"Finish", "Hoàn thành"},
    /* LessonNeedsAnswer */ {"Answer the question first.", "Hãy trả lời câu hỏi trước."},
    /* LessonNeedsGoals */ {"Meet every goal to go on.", "Hãy đạt mọi mục tiêu để đi tiếp."},
    /* LessonFinished */ {"Lesson complete. Well done!", "Đã hoàn thành bài học. Làm tốt lắm!"},
    /* LessonCodeTip */ {"Click to put this line in the console, then press Enter to run it.", "Bấm để đưa dòng này vào bảng lệnh, rồi nhấn Enter để chạy."},
    /* LessonCodeNote */ {"Click a command in the text to put it in the console.", "Bấm vào một lệnh trong bài để đưa nó vào bảng lệnh."},
    /* ExerciseTasks */ {"Tasks", "Nhiệm vụ"},
    /* ExercisePoints */ {"%d pts", "%d điểm"},
    /* ExerciseScore */ {"Score: %d / %d points (%d%%)", "Điểm: %d / %d (%d%%)"},
    /* ExerciseTimeLeft */ {"Time left: %s", "Còn lại: %s"},
    /* ExerciseTimeUp */ {"Time is up (%s over)", "Hết giờ (quá %s)"},
    /* ExerciseElapsed */ {"Time taken: %s", "Đã làm: %s"},
    /* ExerciseLocked */ {"Locked (do not change): %s", "Bị khoá (không được sửa): %s"},
    /* ExerciseHint */ {"Hint", "Gợi ý"},
    /* ExerciseSubmit */ {"Submit", "Nộp bài"},
    /* ExerciseSubmitted */ {"Report saved and opened for printing.", "Đã lưu báo cáo và mở trang để in."},
    /* ReportTitle */ {"Exercise report", "Báo cáo bài tập"},
    /* ReportStarted */ {"Started", "Bắt đầu lúc"},
    /* ReportSubmitted */ {"Submitted", "Nộp lúc"},
    /* ReportScore */ {"Score", "Điểm"},
    /* ReportFingerprint */ {"Fingerprint of the run", "Dấu vân tay của lần chạy"},
    /* ReportTask */ {"Task", "Nhiệm vụ"},
    /* ReportPoints */ {"Points", "Số điểm"},
    /* ReportResult */ {"Result", "Kết quả"},
    /* ReportMet */ {"met", "đạt"},
    /* ReportNotMet */ {"not met", "chưa đạt"},
    /* ReportLines */ {"Console lines run", "Các dòng lệnh đã chạy"},
    /* ReportVerify */ {"A teacher checks this report by replaying it:", "Giáo viên kiểm tra báo cáo này bằng cách chạy lại:"},
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
