#include "output.hpp"

#include <algorithm>
#include <ostream>

namespace anvil::cli {
namespace {

constexpr const char* bold = "\033[1m";
constexpr const char* red = "\033[31m";
constexpr const char* reset = "\033[0m";

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

void print_table(std::ostream& out, const Table& t, bool color) {
  std::vector<std::size_t> width(t.columns.size());
  for (std::size_t i = 0; i < t.columns.size(); ++i) width[i] = t.columns[i].size();
  for (auto& row : t.rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      text += cells[i];
      // No trailing blanks after the last column: output stays diff-friendly.
      if (i + 1 < cells.size()) text += std::string(width[i] - cells[i].size() + 2, ' ');
    }
    return text;
  };
  if (color) out << bold;
  out << line(t.columns);
  if (color) out << reset;
  out << '\n';
  for (auto& row : t.rows) out << line(row) << '\n';
}

void print_csv(std::ostream& out, const Table& t) {
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csv_field(cells[i]);
    out << '\n';
  };
  line(t.columns);
  for (auto& row : t.rows) line(row);
}

void print_json(std::ostream& out, json document) {
  json doc = {{"schema_version", json_schema_version}};
  for (auto& [key, value] : document.items())
    if (key != "schema_version") doc[key] = value;
  out << doc.dump(2) << '\n';
}

void print_error(std::ostream& err, const std::string& message, const std::string& kind, bool as_json, bool color) {
  if (as_json) {
    err << json{{"schema_version", json_schema_version}, {"error", {{"kind", kind}, {"message", message}}}}.dump()
        << '\n';
    return;
  }
  err << (color ? std::string(red) + "anvil:" + reset : std::string("anvil:")) << ' ' << message << '\n';
}

}  // namespace anvil::cli
