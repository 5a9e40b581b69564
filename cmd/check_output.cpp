#include "check_output.hpp"

#include <cstdio>
#include <map>
#include <ostream>

#include "context.hpp"
#include "output.hpp"

namespace anvil::cli {

namespace {

std::string number(double v) {
  char buf[32];
  // Plain digits, never 1.99e+08: monitoring systems parse perfdata as
  // decimal numbers, and a VG's free KiB is easily that large.
  if (v < 1e15 && v > -1e15 && v == static_cast<double>(static_cast<long long>(v)))
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  else
    std::snprintf(buf, sizeof buf, "%.6f", v);
  // Trailing zeros of a fraction say nothing.
  if (std::string(buf).find('.') != std::string::npos) {
    std::string t = buf;
    while (t.back() == '0') t.pop_back();
    if (t.back() == '.') t.pop_back();
    std::snprintf(buf, sizeof buf, "%s", t.c_str());
  }
  return buf;
}

}  // namespace

int print_findings(Context& ctx, const std::string& name, const std::string& format, std::vector<check::Finding> findings,
                   const std::vector<check::Perf>& perf) {
  check::sort_findings(findings);
  auto worst = check::worst(findings);
  std::map<check::Severity, int> count;
  for (auto& f : findings) ++count[f.severity];
  auto as = ctx.globals.json ? std::string("json") : format;
  if (as == "json") {
    json list = json::array();
    for (auto& f : findings)
      list.push_back({{"severity", check::severity_name(f.severity)},
                      {"id", f.id},
                      {"subject", f.subject},
                      {"message", f.message},
                      {"fix", f.fix.empty() ? json(nullptr) : json(f.fix)}});
    json doc = {{"status", check::severity_name(worst)}, {"findings", list}};
    // Always there, empty when nothing was measured: readers need not ask.
    json measurements = json::array();
    for (auto& p : perf) measurements.push_back({{"label", p.label}, {"value", p.value}, {"unit", p.unit}});
    doc["perfdata"] = measurements;
    print_json(ctx.out, doc);
  } else if (as == "nagios") {
    std::string summary;
    for (auto s : {check::Severity::critical, check::Severity::unknown, check::Severity::warning, check::Severity::ok})
      if (count[s]) summary += (summary.empty() ? "" : ", ") + std::to_string(count[s]) + " " + check::severity_name(s);
    ctx.out << name << ' ' << check::severity_name(worst) << ": " << (summary.empty() ? "nothing to check" : summary);
    for (auto& f : findings)
      if (f.severity != check::Severity::ok) {
        ctx.out << "; " << f.subject << ": " << f.message;
        break;  // the worst one on the summary line; the rest follow
      }
    ctx.out << " | critical=" << count[check::Severity::critical] << ";;;0 warning=" << count[check::Severity::warning]
            << ";;;0 unknown=" << count[check::Severity::unknown] << ";;;0 ok=" << count[check::Severity::ok] << ";;;0";
    for (auto& p : perf) ctx.out << ' ' << p.label << '=' << number(p.value) << p.unit << p.range;
    ctx.out << '\n';
    for (auto& f : findings)
      if (f.severity != check::Severity::ok) ctx.out << check::severity_name(f.severity) << ' ' << f.subject << ": " << f.message << '\n';
  } else {
    for (auto& f : findings) {
      ctx.out << check::severity_name(f.severity) << ' ' << f.id << ' ' << f.subject << ": " << f.message << '\n';
      if (!f.fix.empty()) ctx.out << "    fix: " << f.fix << '\n';
    }
  }
  return static_cast<int>(worst);
}

}  // namespace anvil::cli
