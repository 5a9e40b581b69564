// lvm.conf's syntax (libdevmapper's libdm-config.c): "name { ... }"
// sections, nested or not, "key = value" settings whose value is a number,
// a quoted string or a [ list ] that may span lines, and '#' comments. The
// reader keeps every setting's and section's byte offsets, so an edit
// replaces or inserts at exact places and copies all the rest.
#include "storage/lvm_conf.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::storage {
namespace {

enum class Tok { ident, number, string, equals, open, close, lbracket, rbracket, comma, end };

struct Token {
  Tok kind;
  std::size_t begin, end;  // bytes of the token in the text
  std::string text;        // identifiers and numbers as written; strings decoded
  int line;
};

[[noreturn]] void bad(int line, const std::string& what) {
  throw failure("line " + std::to_string(line) + " of lvm.conf: " + what);
}

std::vector<Token> tokenize(const std::string& t) {
  std::vector<Token> out;
  int line = 1;
  std::size_t i = 0;
  auto ident_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/' || c == '-' || c == '.';
  };
  while (i < t.size()) {
    char c = t[i];
    if (c == '\n') ++line;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '#') {
      while (i < t.size() && t[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      Token k{Tok::string, i, 0, "", line};
      for (++i; i < t.size() && t[i] != c; ++i) {
        if (t[i] == '\n') bad(k.line, "a string without its closing quote");
        // libdm unescapes \" and \\ in double quotes, and only those.
        if (t[i] == '\\' && c == '"' && i + 1 < t.size() && (t[i + 1] == '"' || t[i + 1] == '\\')) ++i;
        k.text += t[i];
      }
      if (i >= t.size()) bad(k.line, "a string without its closing quote");
      k.end = ++i;
      out.push_back(k);
    } else if (std::strchr("={}[],", c)) {
      static const Tok kinds[] = {Tok::equals, Tok::open, Tok::close, Tok::lbracket, Tok::rbracket, Tok::comma};
      out.push_back({kinds[std::strchr("={}[],", c) - "={}[],"], i, i + 1, std::string(1, c), line});
      ++i;
    } else if (ident_char(c) || c == '+') {
      Token k{Tok::ident, i, 0, "", line};
      while (i < t.size() && (ident_char(t[i]) || t[i] == '+')) k.text += t[i++];
      k.end = i;
      auto first = k.text[0];
      if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') k.kind = Tok::number;
      out.push_back(k);
    } else {
      bad(line, "unexpected " + text::quoted(std::string(1, c)));
    }
  }
  out.push_back({Tok::end, t.size(), t.size(), "", line});
  return out;
}

struct Value {
  bool list = false;
  Tok kind = Tok::number;            // of a single value
  std::string scalar;                // a single value
  std::vector<std::string> strings;  // a list's strings (numbers in a list as written)
  std::size_t begin = 0, end = 0;
  int line = 0;
};

struct Setting {
  std::string path;  // "global/locking_type"
  Value value;
};

struct Section {
  std::string path;            // "devices", "tags/hosttags"
  std::size_t open = 0;        // the '{'
  std::size_t close = 0;       // the '}'
  std::size_t name_begin = 0;  // the first byte of its name
};

struct Conf {
  std::vector<Setting> settings;
  std::vector<Section> sections;
};

class Parser {
 public:
  explicit Parser(const std::string& text) : toks_(tokenize(text)) {}

  Conf parse() {
    items("");
    if (at().kind != Tok::end) bad(at().line, "a '}' without its section");
    return conf_;
  }

 private:
  const Token& at() const { return toks_[i_]; }
  const Token& take() { return toks_[i_++]; }

  void items(const std::string& prefix) {
    while (at().kind == Tok::ident) {
      auto name = take();
      auto path = prefix.empty() ? name.text : prefix + "/" + name.text;
      if (at().kind == Tok::open) {
        Section s{path, take().begin, 0, name.begin};
        items(path);
        if (at().kind != Tok::close) bad(name.line, "section " + text::quoted(name.text) + " has no closing '}'");
        s.close = take().begin;
        conf_.sections.push_back(s);
      } else if (at().kind == Tok::equals) {
        take();
        conf_.settings.push_back({path, value(name)});
      } else {
        bad(at().line, "expected '=' or '{' after " + text::quoted(name.text));
      }
    }
    if (at().kind != Tok::close && at().kind != Tok::end) bad(at().line, "unexpected " + text::quoted(at().text));
  }

  Value value(const Token& name) {
    Value v;
    v.line = at().line;
    v.begin = at().begin;
    if (at().kind == Tok::number || at().kind == Tok::string || at().kind == Tok::ident) {
      v.kind = at().kind == Tok::ident ? Tok::string : at().kind;  // a bare word is a string to libdm
      v.scalar = at().text;
      v.end = take().end;
      return v;
    }
    if (at().kind != Tok::lbracket) bad(at().line, "no value after " + text::quoted(name.text) + " =");
    take();
    v.list = true;
    while (at().kind != Tok::rbracket) {
      if (at().kind != Tok::number && at().kind != Tok::string)
        bad(at().line, "the list of " + text::quoted(name.text) + " is not closed with ']'");
      v.strings.push_back(take().text);
      if (at().kind == Tok::comma) take();
      else if (at().kind != Tok::rbracket) bad(at().line, "expected ',' or ']' in the list of " + text::quoted(name.text));
    }
    v.end = take().end;
    return v;
  }

  std::vector<Token> toks_;
  std::size_t i_ = 0;
  Conf conf_;
};

// What we write.
struct Wanted {
  const char* section;
  const char* key;
  Value value;
  std::string rendered;
};

std::string render_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

Wanted number_setting(const char* section, const char* key, const char* n) {
  Value v;
  v.kind = Tok::number;
  v.scalar = n;
  return {section, key, v, n};
}

Wanted list_setting(const char* section, const char* key, const std::vector<std::string>& items) {
  Value v;
  v.list = true;
  v.strings = items;
  std::string r = "[ ";
  for (std::size_t i = 0; i < items.size(); ++i) r += (i ? ", " : "") + render_string(items[i]);
  return {section, key, v, r + " ]"};
}

bool same_value(const Value& have, const Value& want) {
  if (want.list) return have.list ? have.strings == want.strings : have.kind == Tok::string && want.strings == std::vector{have.scalar};
  return !have.list && have.kind == want.kind && have.scalar == want.scalar;
}

// The indentation of the line `at` is on.
std::string indent_of(const std::string& t, std::size_t at) {
  auto start = t.rfind('\n', at == 0 ? 0 : at - 1);
  start = (start == std::string::npos || at == 0) ? 0 : start + 1;
  auto end = t.find_first_not_of(" \t", start);
  return t.substr(start, std::min(end, at) - start);
}

struct Edit {
  std::size_t begin, end;
  std::string text;
};

const Setting* first_setting(const Conf& conf, const std::string& path) {
  for (auto& s : conf.settings)
    if (s.path == path) return &s;
  return nullptr;
}

std::optional<std::int64_t> number_of(const Conf& conf, const char* path) {
  auto* s = first_setting(conf, path);
  if (!s) return std::nullopt;
  std::int64_t n = 0;
  auto& v = s->value;
  auto [end, ec] = std::from_chars(v.scalar.data(), v.scalar.data() + v.scalar.size(), n);
  if (v.list || v.kind != Tok::number || ec != std::errc() || end != v.scalar.data() + v.scalar.size())
    bad(v.line, std::string(std::strrchr(path, '/') + 1) + " is not a whole number");
  return n;
}

}  // namespace

std::vector<std::string> lvm_filter(const std::vector<std::string>& reject_devices, const std::vector<std::string>& accept_regexes) {
  if (accept_regexes.empty()) throw usage_error("the LVM filter accepts no device: LVM would see no PV at all");
  auto rule = [](char action, const std::string& regex) {
    if (regex.empty() || regex.find_first_of("\"\n") != std::string::npos)
      throw usage_error("cannot put " + text::quoted(regex) + " into an LVM filter (empty, or a '\"' or a newline in it)");
    for (char d : std::string("|#%!@,;~"))
      if (regex.find(d) == std::string::npos) return std::string(1, action) + d + regex + d;
    throw usage_error("no delimiter left for " + text::quoted(regex) + " in an LVM filter");
  };
  std::vector<std::string> out;
  for (auto& dev : reject_devices) {
    std::string exact = "^";
    for (char c : dev) exact += std::strchr(".[]()*+?{}^$\\|", c) ? std::string("\\") + c : std::string(1, c);
    out.push_back(rule('r', exact + "$"));
  }
  for (auto& re : accept_regexes) out.push_back(rule('a', re));
  out.push_back("r|.*|");
  return out;
}

LvmClusterSettings read_lvm_cluster_settings(const std::string& lvm_conf) {
  auto conf = Parser(lvm_conf).parse();
  LvmClusterSettings out;
  out.locking_type = number_of(conf, "global/locking_type");
  out.fallback_to_local_locking = number_of(conf, "global/fallback_to_local_locking");
  if (auto* f = first_setting(conf, "devices/filter")) {
    if (!f->value.list && f->value.kind != Tok::string) bad(f->value.line, "filter is neither a list nor a string");
    out.filter = f->value.list ? f->value.strings : std::vector{f->value.scalar};
  }
  return out;
}

std::string set_clustered_locking(const std::string& t, const std::vector<std::string>& filter) {
  if (filter.empty()) throw usage_error("an empty LVM filter: LVM would see every device, the DRBD backing disks too");
  auto conf = Parser(t).parse();
  const std::vector<Wanted> wanted = {number_setting("global", "locking_type", "3"),
                                      number_setting("global", "fallback_to_local_locking", "0"),
                                      list_setting("devices", "filter", filter)};
  std::vector<Edit> edits;
  std::vector<std::pair<std::string, std::vector<const Wanted*>>> missing;  // per section, in order
  for (auto& w : wanted) {
    bool found = false;
    for (auto& s : conf.settings) {
      if (s.path != std::string(w.section) + "/" + w.key) continue;
      found = true;
      if (!same_value(s.value, w.value)) edits.push_back({s.value.begin, s.value.end, w.rendered});
    }
    if (found) continue;
    auto it = std::find_if(missing.begin(), missing.end(), [&](auto& m) { return m.first == w.section; });
    if (it == missing.end()) it = missing.insert(missing.end(), {w.section, {}});
    it->second.push_back(&w);
  }

  std::string appended;
  for (auto& [name, settings] : missing) {
    auto section = std::find_if(conf.sections.begin(), conf.sections.end(), [&](auto& s) { return s.path == name; });
    if (section == conf.sections.end()) {
      appended += "\n" + name + " {\n";
      for (auto* w : settings) appended += std::string("\t") + w->key + " = " + w->rendered + "\n";
      appended += "}\n";
      continue;
    }
    // find_if gave the first of that name: sections are recorded as they
    // close, and two of one name are never nested in each other.
    auto eol = t.find('\n', section->open);
    std::string outer = indent_of(t, section->name_begin);
    if (eol == std::string::npos || eol > section->close) {
      // "global { }" on one line: open it up.
      std::string lines;
      for (auto* w : settings) lines += "\n" + outer + "\t" + w->key + " = " + w->rendered;
      edits.push_back({section->open + 1, section->open + 1, lines + "\n" + outer});
      continue;
    }
    // Indented like the first line of its body that has anything on it.
    std::string inner = outer + "\t";
    for (auto at = eol + 1; at < section->close;) {
      auto next = std::min(t.find('\n', at), t.size());
      auto first = t.find_first_not_of(" \t", at);
      if (first < next && first < section->close) {
        inner = t.substr(at, first - at);
        break;
      }
      at = next + 1;
    }
    std::string lines;
    for (auto* w : settings) lines += inner + w->key + " = " + w->rendered + "\n";
    edits.push_back({eol + 1, eol + 1, lines});
  }

  // Back to front, so that each edit's offsets still hold; at one offset a
  // replacement before an insertion, which then lands in front of it.
  std::sort(edits.begin(), edits.end(), [](auto& a, auto& b) { return a.begin != b.begin ? a.begin > b.begin : a.end > b.end; });
  std::string out = t;
  for (auto& e : edits) out.replace(e.begin, e.end - e.begin, e.text);
  if (!appended.empty()) out += (out.empty() || out.back() == '\n' ? "" : "\n") + appended;
  return out;
}

}  // namespace anvil::storage
