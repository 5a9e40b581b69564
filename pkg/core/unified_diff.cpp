#include "core/unified_diff.hpp"

#include <algorithm>
#include <vector>

namespace anvil {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start + 1));
    start = nl + 1;
  }
  return lines;
}

enum class Op { keep, remove, add };
struct Edit {
  Op op;
  std::size_t a, b;  // line indexes in before / after
};

// Longest common subsequence by dynamic programming: configuration files are
// small (hundreds of lines), so O(n*m) is fine and the result is minimal.
std::vector<Edit> edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<Edit> script;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      script.push_back({Op::keep, i++, j++});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      script.push_back({Op::remove, i++, j});  // removals first, as diff -u prints them
    } else {
      script.push_back({Op::add, i, j++});
    }
  }
  return script;
}

std::string line_out(char prefix, const std::string& line) {
  std::string out(1, prefix);
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
  return out;
}

std::string range(std::size_t start, std::size_t count) {
  // diff -u numbers lines from 1; an empty range names the line before it.
  std::string s = std::to_string(count == 0 ? start : start + 1);
  if (count != 1) s += "," + std::to_string(count);
  return s;
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after, const std::string& before_label,
                         const std::string& after_label, int context) {
  if (before == after) return {};
  auto a = split_lines(before);
  auto b = split_lines(after);
  auto script = edit_script(a, b);
  std::string out = "--- " + before_label + "\n+++ " + after_label + "\n";
  const std::size_t ctx = static_cast<std::size_t>(std::max(context, 0));
  std::size_t k = 0;
  while (k < script.size()) {
    // Find the next change, then grow the hunk while changes are close.
    while (k < script.size() && script[k].op == Op::keep) ++k;
    if (k == script.size()) break;
    std::size_t first = k >= ctx ? k - ctx : 0;
    std::size_t last = k;  // one past the last change in the hunk
    for (std::size_t x = k; x < script.size(); ++x) {
      if (script[x].op != Op::keep) {
        last = x + 1;
      } else if (x - last >= 2 * ctx) {
        break;
      }
    }
    std::size_t end = std::min(script.size(), last + ctx);
    std::size_t a_start = script[first].a, b_start = script[first].b, a_count = 0, b_count = 0;
    std::string body;
    for (std::size_t x = first; x < end; ++x) {
      auto& e = script[x];
      if (e.op == Op::keep) {
        body += line_out(' ', a[e.a]);
        ++a_count;
        ++b_count;
      } else if (e.op == Op::remove) {
        body += line_out('-', a[e.a]);
        ++a_count;
      } else {
        body += line_out('+', b[e.b]);
        ++b_count;
      }
    }
    out += "@@ -" + range(a_start, a_count) + " +" + range(b_start, b_count) + " @@\n" + body;
    k = end;
  }
  return out;
}

}  // namespace anvil
