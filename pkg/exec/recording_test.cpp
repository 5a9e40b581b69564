#include <catch2/catch.hpp>

#include "core/sha256.hpp"
#include "exec/local_session.hpp"
#include "exec/recording.hpp"
#include "ledger/ledger.hpp"
#include "node/undo.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;
using namespace std::chrono_literals;

namespace {
ledger::Invocation invocation() { return {{"anvil", "test"}, "test", "tester", "host", std::nullopt, "2026-01-01T00:00:00.000Z"}; }
}  // namespace

TEST_CASE("every write is recorded with both hashes; no-op writes are not", "[exec][recording]") {
  test::TempDir dir;
  auto db = ledger::open_scratch();
  ledger::ChangeLog log(db, invocation(), std::string("c1"));
  exec::LocalSession s("n1");
  exec::SessionExecutor real(s);
  exec::RecordingExecutor ex(real, log);
  auto path = dir.file("f");
  ex.write_file({path, "v1\n", "0644", "root:root"});
  ex.write_file({path, "v1\n", "0644", "root:root"});  // unchanged: no change row
  ex.write_file({path, "v2\n", "0644", "root:root"});
  ex.remove_file(path);
  auto r = ex.run({"echo ran", "", 5s, true});
  CHECK(r.out == "ran\n");
  CHECK_THROWS(ex.write_file({dir.file("no/such/dir"), "x", "0644", "root:root"}));
  log.finish_run(0, "done");
  auto changes = ledger::list_changes(db, log.run_id());
  REQUIRE(changes.size() == 5);
  CHECK(changes[0].status == "applied");
  CHECK_FALSE(changes[0].before);
  CHECK(changes[0].after_sha256 == std::optional<std::string>(sha256_hex("v1\n")));
  CHECK(changes[1].before_sha256 == std::optional<std::string>(sha256_hex("v1\n")));
  CHECK(changes[2].after == std::nullopt);  // the removal
  CHECK(changes[3].kind == "command");
  CHECK(changes[3].after == std::optional<std::string>("ran\n"));
  CHECK(changes[4].status == "failed");
  auto run = ledger::find_run(db, log.run_id());
  REQUIRE(run);
  CHECK(run->exit_status == std::optional<int>(0));
  CHECK(run->ended_at);

  // Undo goes back to before the first write, and removes what the run created.
  auto steps = node::undo_steps(changes);
  REQUIRE(steps.size() == 1);  // one file; the failed write and the command are not undone
  CHECK(steps[0].path == path);
  CHECK_FALSE(steps[0].restore);      // it did not exist before the run
  CHECK_FALSE(steps[0].left_sha256);  // and the run left it removed
}
