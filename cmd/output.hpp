// The one printer: a command builds a Table or a JSON value, and this
// renders it. Data goes to stdout, diagnostics to stderr.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace anvil::cli {

using json = nlohmann::ordered_json;

// Every JSON document anvil prints carries this; docs/json.md documents
// each shape, and a change to a shape bumps it.
inline constexpr int json_schema_version = 1;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// Columns padded to their widest cell; the header bold when colour is on.
void print_table(std::ostream& out, const Table& table, bool color);
// RFC 4180 quoting (fields with commas, quotes or line breaks), with
// Unix line ends so that cut, awk and sort read it as they expect.
void print_csv(std::ostream& out, const Table& table);
// Pretty-printed, with schema_version as the first member.
void print_json(std::ostream& out, json document);

// "anvil: MESSAGE" (or a JSON error object when --json) on stderr.
void print_error(std::ostream& err, const std::string& message, const std::string& kind, bool as_json, bool color);

}  // namespace anvil::cli
