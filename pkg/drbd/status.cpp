// Which of the DRBD state formats a text is, handed to its parser.
#include "drbd/status.hpp"

#include "core/text.hpp"
#include "drbd/status_text.hpp"

namespace anvil::drbd {

using namespace detail;
using text::quoted;
using text::tokens;
using text::trim;

DrbdState parse_drbd_state(const std::string& text) {
  auto lines = lines_of(text);
  int n = 0;
  for (auto& line : lines) {
    ++n;
    auto t = tokens(line);
    if (t.empty()) continue;
    if (t[0] == "version:") return parse_proc_drbd(text);
    std::size_t a = looks_like_timestamp(t[0]) ? 1 : 0;
    if (t.size() > a + 1 && one_of(t[a], actions) && (t[a + 1] == "-" || one_of(t[a + 1], objects)))
      return parse_drbd9_events2(text);
    if (line[0] == '#' || (line[0] != ' ' && t.size() >= 2 && t[0].find(':') == std::string::npos && t[1].find(':') != std::string::npos))
      return parse_drbd9_status(text);
    bad(n, "not /proc/drbd, `drbdadm status` or `drbdsetup events2` output: " + quoted(trim(line)));
  }
  return {"none", "", {}};
}

}  // namespace anvil::drbd
