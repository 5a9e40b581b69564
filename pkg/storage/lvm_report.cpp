#include "storage/lvm_report.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::storage {
namespace {

using text::quoted;
using text::trim;

// One report: which command, the fields it asked for, the line being read.
struct Report {
  const char* tool;  // "vgs"
  std::vector<std::string> fields;
  int line = 0;

  [[noreturn]] void bad(const std::string& what) const {
    throw failure("line " + std::to_string(line) + " of the " + tool + " output: " + what);
  }
};

// The field names after " -o " of the command line.
Report report_of(const char* tool, const char* command) {
  Report r{tool, {}, 0};
  std::string list = std::strstr(command, " -o ") + 4;
  std::size_t at = 0;
  while (at <= list.size()) {
    auto comma = std::min(list.find(',', at), list.size());
    r.fields.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  return r;
}

std::string joined(const std::vector<std::string>& words, const char* sep) {
  std::string out;
  for (auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

// The non-blank lines of `text`, each split at '|' into exactly the
// report's fields (trimmed: lvm2 indents every line by two spaces).
template <class F>
void each_row(Report& r, const std::string& text, F&& row) {
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    auto line = text.substr(at, nl - at);
    at = nl + 1;
    ++r.line;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    std::vector<std::string> f;
    std::size_t from = 0;
    for (;;) {
      auto bar = line.find('|', from);
      f.push_back(trim(line.substr(from, bar == std::string::npos ? std::string::npos : bar - from)));
      if (bar == std::string::npos) break;
      from = bar + 1;
    }
    if (f.size() != r.fields.size())
      r.bad("expected " + std::to_string(r.fields.size()) + " fields separated by '|' (" + joined(r.fields, ",") + "), got " +
            std::to_string(f.size()) + ": " + quoted(trim(line)));
    row(f);
  }
}

// "61440.00" (KiB, two decimals; a ',' from a locale that writes one; a
// '<' lvm2 puts before a rounded value) to whole KiB.
std::int64_t kib(const Report& r, const std::string& field, const std::string& v) {
  std::string s = !v.empty() && v[0] == '<' ? v.substr(1) : v;
  auto mark = s.find_first_of(".,");
  std::string whole = s.substr(0, mark), frac = mark == std::string::npos ? "" : s.substr(mark + 1);
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), n);
  bool ok = !whole.empty() && ec == std::errc() && end == whole.data() + whole.size() &&
            std::all_of(frac.begin(), frac.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            (mark == std::string::npos || !frac.empty());
  if (!ok) r.bad(field + " " + quoted(v) + " is not a size in KiB (like 61440.00)");
  return n + (!frac.empty() && frac[0] >= '5' ? 1 : 0);
}

int count(const Report& r, const std::string& field, const std::string& v) {
  int n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || n < 0) r.bad(field + " " + quoted(v) + " is not a count");
  return n;
}

// VG and LV names: lvm2 allows letters, digits and "+_.-" only (so no '|').
const std::string& name(const Report& r, const std::string& field, const std::string& v, bool may_be_empty = false) {
  if (v.empty() && may_be_empty) return v;
  bool ok = !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || std::strchr("+_.-", c);
  });
  if (!ok) r.bad(field + " " + quoted(v) + " is not an LVM name");
  return v;
}

// The attribute string: its length, and letters or '-' only.
void attributes(const Report& r, const std::string& field, const std::string& v, std::size_t min, std::size_t max) {
  bool ok = v.size() >= min && v.size() <= max &&
            std::all_of(v.begin(), v.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; });
  if (!ok) r.bad(field + " " + quoted(v) + " is not LVM's attribute string (like " + (max == 6 ? "wz--nc" : "-wi-ao----") + ")");
}

const std::string& device(const Report& r, const std::string& field, const std::string& v) {
  if (v.empty() || v[0] != '/' || v.find_first_of(" \t") != std::string::npos) r.bad(field + " " + quoted(v) + " is not a device path");
  return v;
}

}  // namespace

std::vector<VolumeGroup> parse_vgs(const std::string& text) {
  auto r = report_of("vgs", vgs_command);
  std::vector<VolumeGroup> out;
  each_row(r, text, [&](const std::vector<std::string>& f) {
    VolumeGroup vg;
    vg.name = name(r, "vg_name", f[0]);
    vg.attr = f[1];
    attributes(r, "vg_attr", vg.attr, 6, 6);
    vg.writeable = vg.attr[0] == 'w';
    vg.exported = vg.attr[2] == 'x';
    vg.partial = vg.attr[3] == 'p';
    vg.clustered = vg.attr[5] == 'c';
    vg.shared = vg.attr[5] == 's';
    vg.size_kib = kib(r, "vg_size", f[2]);
    vg.free_kib = kib(r, "vg_free", f[3]);
    if (vg.free_kib > vg.size_kib) r.bad("vg_free " + f[3] + " is more than vg_size " + f[2]);
    vg.pv_count = count(r, "pv_count", f[4]);
    vg.lv_count = count(r, "lv_count", f[5]);
    out.push_back(vg);
  });
  return out;
}

std::vector<LogicalVolume> parse_lvs(const std::string& text) {
  auto r = report_of("lvs", lvs_command);
  std::vector<LogicalVolume> out;
  each_row(r, text, [&](const std::vector<std::string>& f) {
    LogicalVolume lv;
    lv.name = name(r, "lv_name", f[0]);
    lv.vg = name(r, "vg_name", f[1]);
    lv.attr = f[2];
    attributes(r, "lv_attr", lv.attr, 6, 10);
    lv.state = lv.attr[4];
    lv.active = lv.state == 'a';
    lv.open = lv.attr[5] == 'o';
    lv.size_kib = kib(r, "lv_size", f[3]);
    // "/dev/drbd0(0),/dev/drbd1(0)" (striped); empty for LVs on no PV (thin, virtual).
    std::size_t at = 0;
    while (at < f[4].size()) {
      auto comma = std::min(f[4].find(',', at), f[4].size());
      auto one = f[4].substr(at, comma - at);
      at = comma + 1;
      auto paren = one.find('(');
      if (paren == std::string::npos || one.back() != ')') r.bad("devices " + quoted(one) + " is not DEVICE(EXTENT)");
      count(r, "the extent of devices", one.substr(paren + 1, one.size() - paren - 2));
      lv.devices.push_back(one.substr(0, paren));
    }
    auto same = std::find_if(out.begin(), out.end(), [&](auto& o) { return o.vg == lv.vg && o.name == lv.name; });
    if (same == out.end()) {
      out.push_back(lv);
      return;
    }
    if (same->attr != lv.attr || same->size_kib != lv.size_kib)
      r.bad("another segment of " + lv.vg + "/" + lv.name + " with a different lv_attr or lv_size");
    for (auto& d : lv.devices)
      if (std::find(same->devices.begin(), same->devices.end(), d) == same->devices.end()) same->devices.push_back(d);
  });
  return out;
}

std::vector<PhysicalVolume> parse_pvs(const std::string& text) {
  auto r = report_of("pvs", pvs_command);
  std::vector<PhysicalVolume> out;
  each_row(r, text, [&](const std::vector<std::string>& f) {
    PhysicalVolume pv;
    pv.name = device(r, "pv_name", f[0]);
    pv.vg = name(r, "vg_name", f[1], true);
    pv.size_kib = kib(r, "pv_size", f[2]);
    pv.free_kib = kib(r, "pv_free", f[3]);
    out.push_back(pv);
  });
  return out;
}

}  // namespace anvil::storage
