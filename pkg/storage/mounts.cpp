#include "storage/mounts.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::storage {
namespace {

bool octal(char c) { return c >= '0' && c <= '7'; }

}  // namespace

std::string encode_mount_field(const std::string& field) {
  std::string out;
  for (char c : field) {
    switch (c) {
      case ' ': out += "\\040"; break;
      case '\t': out += "\\011"; break;
      case '\n': out += "\\012"; break;
      case '\\': out += "\\134"; break;
      default: out += c;
    }
  }
  return out;
}

std::string decode_mount_field(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] <= '3' && octal(field[i + 1]) && octal(field[i + 2]) && octal(field[i + 3])) {
      out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0'));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

std::string without_trailing_slash(const std::string& path) {
  auto end = path.find_last_not_of('/');
  if (end == std::string::npos) return path.empty() ? path : "/";
  return path.substr(0, end + 1);
}

std::vector<Mount> parse_proc_mounts(const std::string& text) {
  std::vector<Mount> out;
  int n = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    auto line = text.substr(at, nl - at);
    at = nl + 1;
    ++n;
    // The kernel separates the fields by single spaces and escapes any
    // inside them, so splitting on blanks is exact.
    auto f = text::tokens(line);
    if (f.empty()) continue;
    auto bad = [&](const std::string& what) {
      throw failure("line " + std::to_string(n) + " of /proc/mounts: " + what);
    };
    if (f.size() != 6)
      bad("expected 6 fields (device, mount point, type, options, 0, 0), got " + std::to_string(f.size()) + ": " +
          text::quoted(text::trim(line)));
    if (f[1][0] != '/') bad("the mount point " + text::quoted(f[1]) + " is not an absolute path");
    for (int i : {4, 5})
      if (f[i].find_first_not_of("0123456789") != std::string::npos)
        bad("expected a number in field " + std::to_string(i + 1) + ", got " + text::quoted(f[i]));
    out.push_back({decode_mount_field(f[0]), decode_mount_field(f[1]), decode_mount_field(f[2]), decode_mount_field(f[3])});
  }
  return out;
}

std::optional<Mount> mounted_at(const std::vector<Mount>& mounts, const std::string& mount_point) {
  auto want = without_trailing_slash(mount_point);
  for (auto it = mounts.rbegin(); it != mounts.rend(); ++it)
    if (without_trailing_slash(it->mount_point) == want) return *it;
  return std::nullopt;
}

std::vector<Mount> mounts_of(const std::vector<Mount>& mounts, const std::string& device) {
  std::vector<Mount> out;
  for (auto& m : mounts)
    if (m.device == device) out.push_back(m);
  return out;
}

}  // namespace anvil::storage
