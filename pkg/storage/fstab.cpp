#include "storage/fstab.hpp"

#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "exec/quote.hpp"
#include "storage/mounts.hpp"

namespace anvil::storage {
namespace {

// The mount point of an fstab line, decoded; empty for comments, blank
// lines and lines with fewer than two fields.
std::string mount_point_of(const std::string& line) {
  auto t = text::trim(line);
  if (t.empty() || t[0] == '#') return "";
  auto f = text::tokens(t);
  return f.size() < 2 ? "" : without_trailing_slash(decode_mount_field(f[1]));
}

struct Line {
  std::string text;  // without its newline
  bool newline;      // whether one followed it
};

std::vector<Line> lines_of(const std::string& s) {
  std::vector<Line> out;
  std::size_t at = 0;
  while (at < s.size()) {
    auto nl = s.find('\n', at);
    if (nl == std::string::npos) {
      out.push_back({s.substr(at), false});
      break;
    }
    out.push_back({s.substr(at, nl - at), true});
    at = nl + 1;
  }
  return out;
}

}  // namespace

std::string gfs2_uuid_command(const Gfs2& fs) { return "blkid -o value -s UUID " + exec::shell_quote(fs.device()); }

std::string fstab_line(const Gfs2& fs, const std::string& uuid) {
  // As blkid prints it: with its newline.
  auto b = uuid.find_first_not_of(" \t\r\n"), e = uuid.find_last_not_of(" \t\r\n");
  auto u = b == std::string::npos ? std::string() : uuid.substr(b, e - b + 1);
  if (u.find_first_not_of("0123456789abcdefABCDEF-") != std::string::npos || (!uuid.empty() && u.empty()))
    throw usage_error("the filesystem UUID " + text::quoted(uuid) + " is not hex digits and dashes");
  auto device = u.empty() ? fs.device() : "UUID=" + u;
  return encode_mount_field(device) + " " + encode_mount_field(fs.mount_point) + " gfs2 " + gfs2_fstab_options + " 0 0";
}

std::optional<std::string> fstab_entry(const std::string& fstab, const std::string& mount_point) {
  auto want = without_trailing_slash(mount_point);
  for (auto& l : lines_of(fstab))
    if (mount_point_of(l.text) == want) return l.text;
  return std::nullopt;
}

std::string set_fstab_entry(const std::string& fstab, const std::string& line) {
  auto want = mount_point_of(line);
  if (want.empty() || line.find('\n') != std::string::npos)
    throw usage_error("not one fstab line with a mount point: " + text::quoted(line));
  std::string out;
  bool placed = false;
  for (auto& l : lines_of(fstab)) {
    if (mount_point_of(l.text) == want) {
      if (placed) continue;
      placed = true;
      out += line + (l.newline ? "\n" : "");
      continue;
    }
    out += l.text + (l.newline ? "\n" : "");
  }
  if (!placed) out += (out.empty() || out.back() == '\n' ? "" : "\n") + line + "\n";
  return out;
}

}  // namespace anvil::storage
