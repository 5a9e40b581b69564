#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <thread>

#include "core/error.hpp"
#include "exec/dry_run.hpp"
#include "exec/executor.hpp"
#include "exec/local_session.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;
using namespace anvil::exec;
using namespace std::chrono_literals;

TEST_CASE("local commands: output, exit status, signal, deadline", "[exec][local]") {
  LocalSession s("here");
  auto ok = s.run({"echo out; echo err >&2; exit 3", "", 5s, false});
  CHECK(ok.out == "out\n");
  CHECK(ok.err == "err\n");
  CHECK(ok.exit_status == 3);
  CHECK(ok.describe() == "exit 3");
  auto killed = s.run({"kill -9 $$", "", 5s, false});
  CHECK(killed.signal == "KILL");
  CHECK(killed.describe() == "killed by signal KILL");
  auto start = std::chrono::steady_clock::now();
  auto slow = s.run({"sleep 30", "", 300ms, false});
  CHECK(slow.timed_out);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("10 MB through stdin and stdout without blocking", "[exec][local]") {
  LocalSession s("here");
  std::string big(10 * 1024 * 1024, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = '\n';
  auto r = s.run({"cat; head -c 1000000 /dev/zero >&2", big, 30s, false});
  CHECK(r.ok());
  CHECK(r.out == big);
  CHECK(r.err.size() == 1000000);
}

TEST_CASE("files: read, atomic write with mode, remove", "[exec][files]") {
  test::TempDir dir;
  LocalSession s("here");
  SessionExecutor ex(s);
  auto path = dir.file("a file with 'quotes' and spaces.conf");
  CHECK_FALSE(ex.read_file(path));
  ex.write_file({path, "one\ntwo\n", "0640", "root:root"});
  CHECK(ex.read_file(path) == std::optional<std::string>("one\ntwo\n"));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
  ex.write_file({path, "", "0644", "root:root"});
  CHECK(ex.read_file(path) == std::optional<std::string>(""));
  ex.remove_file(path);
  CHECK_FALSE(ex.read_file(path));
  CHECK_THROWS_AS(ex.read_file("relative/path"), Error);
  CHECK_THROWS_WITH(ex.write_file({dir.file("missing-dir/x"), "x", "0644", "root:root"}), Catch::Contains("cannot write"));
}

TEST_CASE("a dry run reads but never writes", "[exec][dry-run]") {
  test::TempDir dir;
  LocalSession s("here");
  SessionExecutor real(s);
  auto path = dir.file("f");
  real.write_file({path, "old\n", "0644", "root:root"});
  DryRunExecutor dry(real);
  dry.write_file({path, "new\n", "0644", "root:root"});
  dry.write_file({dir.file("g"), "fresh\n", "0644", "root:root"});
  dry.remove_file(dir.file("never-existed"));
  auto r = dry.run({"touch " + dir.file("touched"), "", 5s, true});
  CHECK(r.ok());
  auto read = dry.run({"cat " + path, "", 5s, false});  // reads run for real
  CHECK(read.out == "old\n");
  CHECK(dry.read_file(path) == std::optional<std::string>("new\n"));  // later steps see the planned content
  REQUIRE(dry.actions().size() == 3);
  CHECK(dry.actions()[0].kind == PlannedAction::Kind::write);
  CHECK(dry.actions()[0].before == std::optional<std::string>("old\n"));
  CHECK_FALSE(dry.actions()[1].before);
  CHECK(dry.actions()[2].kind == PlannedAction::Kind::command);
  CHECK(real.read_file(path) == std::optional<std::string>("old\n"));
  CHECK_FALSE(real.read_file(dir.file("g")));
  CHECK_FALSE(real.read_file(dir.file("touched")));
}

TEST_CASE("the node lock: a second holder waits, then is refused with the first's name", "[exec][lock]") {
  LocalSession a("here"), b("here");
  {
    auto held = a.lock("first run (test)", 5s);
    auto start = std::chrono::steady_clock::now();
    try {
      b.lock("second run", 1s);
      FAIL("two holders");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::locked);
      CHECK(std::string(e.what()).find("held by first run (test)") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start >= 900ms);
  }
  auto again = b.lock("second run", 5s);  // released with the first holder
  CHECK(again);
}
