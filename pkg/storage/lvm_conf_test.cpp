#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "storage/lvm_conf.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

using V = std::vector<std::string>;

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < s.size()) {
    auto nl = s.find('\n', at);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

// The lines of `after` that are not `before`'s, as "N: line" (N counted in
// `after`), when `before`'s lines all appear in `after` unchanged and in
// order; a "missing: ..." entry for each that does not.
V inserted_lines(const std::string& before, const std::string& after) {
  auto b = split_lines(before), a = split_lines(after);
  V extra;
  std::size_t i = 0;
  for (std::size_t j = 0; j < a.size(); ++j) {
    if (i < b.size() && a[j] == b[i]) {
      ++i;
      continue;
    }
    extra.push_back(std::to_string(j + 1) + ": " + a[j]);
  }
  for (; i < b.size(); ++i) extra.push_back("missing: " + b[i]);
  return extra;
}

const V drbd_filter = storage::lvm_filter({"/dev/sda5"});

std::string conf_error(const std::string& text) {
  try {
    storage::set_clustered_locking(text, drbd_filter);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::failed);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the LVM filter: backing disks rejected first, DRBD devices accepted, the rest rejected", "[storage][lvm-conf]") {
  CHECK(storage::lvm_filter({"/dev/sda5", "/dev/sdb1"}) == V{"r|^/dev/sda5$|", "r|^/dev/sdb1$|", "a|^/dev/drbd[0-9]+$|", "r|.*|"});
  CHECK(storage::lvm_filter({}) == V{"a|^/dev/drbd[0-9]+$|", "r|.*|"});
  // A path's regex characters are escaped; a '|' in a regex picks another delimiter.
  CHECK(storage::lvm_filter({"/dev/disk/by-id/ata-X_Y.1-part5"}, {"^/dev/drbd[0-9]+$", "^/dev/(sda|sdb)2$"}) ==
        V{"r|^/dev/disk/by-id/ata-X_Y\\.1-part5$|", "a|^/dev/drbd[0-9]+$|", "a#^/dev/(sda|sdb)2$#", "r|.*|"});
  CHECK_THROWS_AS(storage::lvm_filter({"/dev/sda5"}, {}), Error);
  CHECK_THROWS_WITH(storage::lvm_filter({}, {"a\"b"}), "cannot put 'a\"b' into an LVM filter (empty, or a '\"' or a newline in it)");
}

TEST_CASE("lvm.conf of Debian 12: only the three settings are added, each at the start of its section", "[storage][lvm-conf]") {
  auto before = test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/lvm.conf.debian12");
  auto was = storage::read_lvm_cluster_settings(before);
  CHECK_FALSE(was.locking_type);  // every setting there is commented out, "# locking_type = 1" too
  CHECK_FALSE(was.fallback_to_local_locking);
  CHECK_FALSE(was.filter);
  CHECK_FALSE(was.clustered());

  auto after = storage::set_clustered_locking(before, drbd_filter);
  auto lines = split_lines(before);
  int devices = 0, global = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == "devices {") devices = int(i) + 1;
    if (lines[i] == "global {") global = int(i) + 1;
  }
  REQUIRE(devices == 52);
  REQUIRE(global == 968);
  // Every original line unchanged and in order; these three new, right
  // after their section's opening line, indented with a tab as its body is.
  CHECK(inserted_lines(before, after) == V{"53: \tfilter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]",
                                           "970: \tlocking_type = 3", "971: \tfallback_to_local_locking = 0"});

  auto now = storage::read_lvm_cluster_settings(after);
  CHECK(now.locking_type == 3);
  CHECK(now.fallback_to_local_locking == 0);
  CHECK(now.filter == drbd_filter);
  CHECK(now.clustered());

  CHECK(storage::set_clustered_locking(after, drbd_filter) == after);
  // Another filter (a second backing disk) replaces the one line only.
  auto two = storage::lvm_filter({"/dev/sda5", "/dev/sdb5"});
  auto again = storage::set_clustered_locking(after, two);
  auto a = split_lines(after), b = split_lines(again);
  REQUIRE(a.size() == b.size());
  V changed;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) changed.push_back(std::to_string(i + 1) + ": " + b[i]);
  CHECK(changed == V{"53: \tfilter = [ \"r|^/dev/sda5$|\", \"r|^/dev/sdb5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]"});
}

TEST_CASE("lvm.conf with the settings there: values replaced in place, a multi-line filter made one line", "[storage][lvm-conf]") {
  // By hand, in the shape of EL6's lvm.conf (four-space indentation).
  const std::string before =
      "# This is an example configuration file for the LVM2 system.\n"
      "devices {\n"
      "    dir = \"/dev\"\n"
      "    # filter = [ \"a/.*/\" ]\n"
      "    filter = [ \"a|^/dev/sda2$|\",\n"
      "               \"r|.*|\" ]   # the local root only\n"
      "    write_cache_state = 1\n"
      "}\n"
      "global {\n"
      "    umask = 077\n"
      "    # locking_type = 1\n"
      "    locking_type=1\n"
      "    wait_for_locks = 1\n"
      "    fallback_to_local_locking = 1 # comment\n"
      "    locking_dir = \"/var/lock/lvm\"\n"
      "}\n";
  auto was = storage::read_lvm_cluster_settings(before);
  CHECK(was.locking_type == 1);
  CHECK(was.fallback_to_local_locking == 1);
  CHECK(was.filter == V{"a|^/dev/sda2$|", "r|.*|"});
  auto filter = storage::lvm_filter({"/dev/sda5"}, {"^/dev/drbd[0-9]+$", "^/dev/sda2$"});
  auto after = storage::set_clustered_locking(before, filter);
  CHECK(after ==
        "# This is an example configuration file for the LVM2 system.\n"
        "devices {\n"
        "    dir = \"/dev\"\n"
        "    # filter = [ \"a/.*/\" ]\n"
        "    filter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"a|^/dev/sda2$|\", \"r|.*|\" ]   # the local root only\n"
        "    write_cache_state = 1\n"
        "}\n"
        "global {\n"
        "    umask = 077\n"
        "    # locking_type = 1\n"
        "    locking_type=3\n"
        "    wait_for_locks = 1\n"
        "    fallback_to_local_locking = 0 # comment\n"
        "    locking_dir = \"/var/lock/lvm\"\n"
        "}\n");
  CHECK(storage::set_clustered_locking(after, filter) == after);
  // Already as wanted, whatever its spelling: not rewritten.
  const std::string spelled = "global {\n  locking_type = 3\n  fallback_to_local_locking = 0\n}\ndevices {\n  filter = [\n    'r|^/dev/sda5$|',\n"
                              "    \"a|^/dev/drbd[0-9]+$|\",\n    \"r|.*|\",\n  ]\n}\n";
  CHECK(storage::set_clustered_locking(spelled, drbd_filter) == spelled);
}

TEST_CASE("lvm.conf without the sections, with one-line and nested sections, with path-style settings", "[storage][lvm-conf]") {
  CHECK(storage::set_clustered_locking("", drbd_filter) ==
        "\nglobal {\n\tlocking_type = 3\n\tfallback_to_local_locking = 0\n}\n"
        "\ndevices {\n\tfilter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]\n}\n");
  CHECK(storage::set_clustered_locking("log { verbose = 0 }", drbd_filter) ==
        "log { verbose = 0 }\n"
        "\nglobal {\n\tlocking_type = 3\n\tfallback_to_local_locking = 0\n}\n"
        "\ndevices {\n\tfilter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]\n}\n");
  CHECK(storage::set_clustered_locking("global { umask = 077 }\ndevices {\n}\n", drbd_filter) ==
        "global {\n\tlocking_type = 3\n\tfallback_to_local_locking = 0\n umask = 077 }\n"
        "devices {\n\tfilter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]\n}\n");
  // A "global" nested elsewhere is not the global section; "global/locking_type" at the top is its setting.
  const std::string nested =
      "tags {\n    global {\n        locking_type = 1\n    }\n}\nglobal/locking_type = 1\nglobal {\n  fallback_to_local_locking = 0\n}\n"
      "devices { filter = \"a|.*|\" }\n";
  CHECK(storage::read_lvm_cluster_settings(nested).locking_type == 1);
  CHECK(storage::read_lvm_cluster_settings(nested).filter == V{"a|.*|"});
  CHECK(storage::set_clustered_locking(nested, drbd_filter) ==
        "tags {\n    global {\n        locking_type = 1\n    }\n}\nglobal/locking_type = 3\nglobal {\n  fallback_to_local_locking = 0\n}\n"
        "devices { filter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ] }\n");
  // Set twice: both occurrences change, so LVM reads the new value whichever it takes.
  CHECK(storage::set_clustered_locking("global {\n\tlocking_type = 1\n\tlocking_type = 2\n\tfallback_to_local_locking = 0\n}\n"
                                       "devices {\n\tfilter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]\n}",
                                       drbd_filter) ==
        "global {\n\tlocking_type = 3\n\tlocking_type = 3\n\tfallback_to_local_locking = 0\n}\n"
        "devices {\n\tfilter = [ \"r|^/dev/sda5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]\n}");
  // Backslashes in a filter are written as libdm reads them back.
  auto escaped = storage::lvm_filter({"/dev/disk/by-id/a.b"});
  auto with = storage::set_clustered_locking("devices {\n}\n", escaped);
  CHECK(with.find("\"r|^/dev/disk/by-id/a\\\\.b$|\"") != std::string::npos);
  CHECK(storage::read_lvm_cluster_settings(with).filter == escaped);
  CHECK(storage::set_clustered_locking(with, escaped) == with);
}

TEST_CASE("lvm.conf that is not lvm.conf's syntax is refused by line", "[storage][lvm-conf]") {
  CHECK(conf_error("global {\n  locking_type = 1\n") == "line 1 of lvm.conf: section 'global' has no closing '}'");
  CHECK(conf_error("devices {\n  filter = [ \"a|x|\",\n \"r|.*|\"\n}\n") == "line 4 of lvm.conf: expected ',' or ']' in the list of 'filter'");
  CHECK(conf_error("devices {\n  dir = \"/dev\n}\n") == "line 2 of lvm.conf: a string without its closing quote");
  CHECK(conf_error("}\n") == "line 1 of lvm.conf: a '}' without its section");
  CHECK(conf_error("global {\n  locking_type 3\n}\n") == "line 2 of lvm.conf: expected '=' or '{' after 'locking_type'");
  CHECK(conf_error("global {\n  locking_type = ;\n}\n") == "line 2 of lvm.conf: unexpected ';'");
  CHECK_THROWS_WITH(storage::read_lvm_cluster_settings("global {\n\n  locking_type = \"3\"\n}\n"),
                    "line 3 of lvm.conf: locking_type is not a whole number");
  CHECK_THROWS_AS(storage::set_clustered_locking("", {}), Error);
}
