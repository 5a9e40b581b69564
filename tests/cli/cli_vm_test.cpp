// `anvil vm add|render` and `anvil storage` planning without any node: the
// rendered domain XML checked by libvirt itself (virt-xml-validate against
// its schema, and the test driver's define --validate and start), and the
// bad inputs, each refused with one line and the ledger unchanged.
#include <catch2/catch.hpp>

#include <filesystem>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

bool have(const std::string& program) { return run_process({"sh", "-c", "command -v " + program}).status == 0; }

void guest(const Anvil& a) {
  a.run_ok({"ip-plan", "init"});
  a.run_ok({"vm", "add", "vm01-dev", "--ram", "2G", "--vcpus", "2", "--disk-lv", "/dev/an01-vg0/vm01-dev", "--node", "an-node01",
            "--boot", "cdrom,hd"});
}

}  // namespace

TEST_CASE("vm render: domain XML that libvirt's schema and its test driver accept, and the cluster.conf entry", "[cli][vm]") {
  Anvil a;
  guest(a);
  auto r = a.run_ok({"vm", "render", "vm01-dev"});
  CHECK(has(r.err, "<vm autostart=\"0\" domain=\"primary_n01\" exclusive=\"0\" max_restarts=\"2\" name=\"vm01-dev\" path=\"/shared/definitions/\""));
  auto file = a.dir().file("vm01-dev.xml");
  write_file(file, r.out);
  if (!have("virt-xml-validate") || !have("virsh")) {
    WARN("skipped the libvirt checks: needs virt-xml-validate and virsh (libvirt-clients)");
    return;
  }
  auto valid = run_process({"virt-xml-validate", file, "domain"});
  INFO(valid.out << valid.err);
  CHECK(valid.status == 0);
  auto defined = run_process({"virsh", "-c", "test:///default", "define --validate " + file + "; start vm01-dev; domstate vm01-dev"});
  INFO(defined.err);
  CHECK(defined.status == 0);
  CHECK(has(defined.out, "running"));
  // And the same guest in cluster.conf, which validates against the RHCS schema.
  auto conf = a.run_ok({"cluster", "render"});
  CHECK(has(conf.out, "name=\"vm01-dev\" path=\"/shared/definitions/\""));
  // A broken definition is what the validator would catch: the check can fail.
  write_file(file, "<domain type='kvm'><name>x</name><devices><disk type='block' device='floppy-drive'/></devices></domain>\n");
  CHECK(run_process({"virt-xml-validate", file, "domain"}).status != 0);
}

TEST_CASE("vm add and render refuse bad input with one line and change nothing", "[cli][vm]") {
  Anvil a;
  guest(a);
  auto before = read_file(a.ledger());
  struct Bad {
    std::vector<std::string> args;
    int status;
    std::string err;
  };
  for (auto& b : std::vector<Bad>{
           {{"vm", "add", "vm02", "--ram", "lots", "--vcpus", "1", "--disk-lv", "/dev/vg/vm02", "--node", "an-node01"}, 2,
            "anvil: invalid vm02.ram 'lots': give the RAM as 2G, 512M or a number of MiB\n"},
           {{"vm", "add", "vm02", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/etc/passwd", "--node", "an-node01"}, 2,
            "anvil: invalid vm02.disk-lv '/etc/passwd': give the guest's logical volume as /dev/VG/LV\n"},
           {{"vm", "add", "vm02", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/dev/vg/vm02", "--node", "an-node09"}, 2,
            "anvil: invalid vm02.node 'an-node09': no node of that name in cluster an-cluster-01\n"},
           {{"vm", "add", "vm02", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/dev/an01-vg0/vm01-dev", "--node", "an-node01"}, 1,
            "anvil: /dev/an01-vg0/vm01-dev is the disk of vm01-dev already; give vm02 its own LV\n"},
           {{"vm", "add", "vm01-dev", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/dev/vg/x", "--node", "an-node01"}, 1,
            "anvil: guest vm01-dev is in the plan already; change it with `anvil ip-plan set vm01-dev.ram 4G` and the like\n"},
           {{"vm", "render", "nosuch"}, 1, "anvil: no guest 'nosuch' in the plan of cluster an-cluster-01; `anvil vm list` shows them\n"},
           {{"vm", "list", "--transport", "carrier-pigeon"}, 2, ""},
       }) {
    auto r = a.run(b.args);
    INFO(b.args[1] << " " << r.err);
    CHECK(r.status == b.status);
    if (!b.err.empty()) CHECK(r.err == b.err);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  CHECK(read_file(a.ledger()) == before);
  a.run_ok({"ip-plan", "add", "vm", "vm03"});  // an address only: nothing to render yet
  auto unsized = a.run({"vm", "render", "vm03"});
  CHECK(unsized.status == 1);
  CHECK(has(unsized.err, "guest vm03 is missing its RAM (--ram)"));
}

TEST_CASE("storage planning and render without a node; bad input refused", "[cli][storage]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto no_drbd = a.run({"storage", "add-vg", "an01-vg0", "--drbd", "r0"});
  CHECK(no_drbd.status == 2);
  CHECK(no_drbd.err == "anvil: no DRBD resource 'r0' in the plan; plan it with `anvil drbd add r0 ...` first\n");
  a.run_ok({"drbd", "add", "r0", "--disk", "an-node01=/dev/sda5", "--disk", "an-node02=/dev/sdb5"});
  a.run_ok({"storage", "add-vg", "an01-vg0", "--drbd", "r0"});
  a.run_ok({"storage", "gfs2", "--size", "20G"});
  auto render = a.run_ok({"storage", "render", "an-node02"});
  CHECK(has(render.out, "\tlocking_type = 3\n"));
  CHECK(has(render.out, "\tfallback_to_local_locking = 0\n"));
  CHECK(has(render.out, "filter = [ \"r|^/dev/sdb5$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]"));
  CHECK(has(render.out, "/dev/an01-vg0/shared /shared gfs2 defaults,noatime,nodiratime 0 0\n"));
  auto j = a.json({"storage", "list"});
  CHECK(j["gfs2"]["lock_table"] == "an-cluster-01:shared");
  auto before = read_file(a.ledger());
  CHECK(a.run({"storage", "gfs2", "--name", "a-name-far-too-long"}).status == 2);
  CHECK(a.run({"storage", "gfs2", "--remove", "--size", "1G"}).status == 2);
  CHECK(a.run({"storage", "remove-vg", "an01-vg0"}).status == 1);  // the filesystem is on it
  CHECK(a.run({"drbd", "remove", "r0"}).status == 1);             // the VG is on it
  CHECK(read_file(a.ledger()) == before);
  a.run_ok({"storage", "gfs2", "--remove"});
  a.run_ok({"storage", "remove-vg", "an01-vg0"});
}

TEST_CASE("storage status and check from a captured healthy EL6 node, with settable free-space thresholds", "[cli][storage]") {
  Anvil a;
  a.run_ok({"ip-plan", "init", "--name", "an-anvil-05", "--nodes", "an-a05n01,an-a05n02"});
  a.run_ok({"drbd", "add", "r0", "--disk", "an-a05n01=/dev/sda5", "--disk", "an-a05n02=/dev/sda5"});
  a.run_ok({"drbd", "add", "r1", "--disk", "an-a05n01=/dev/sda6", "--disk", "an-a05n02=/dev/sda6"});
  a.run_ok({"storage", "add-vg", "an-a05n01_vg0", "--drbd", "r0"});
  a.run_ok({"storage", "add-vg", "an-a05n02_vg0", "--drbd", "r1"});
  a.run_ok({"storage", "gfs2"});
  const auto capture = std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/node-el6-healthy.txt";
  auto status = a.run_ok({"storage", "status", "an-a05n01", "--from", capture});
  CHECK(has(status.out, "an-a05n01_vg0"));
  CHECK(has(status.out, "/shared (gfs2)"));
  auto ok = a.run({"storage", "check", "an-a05n01", "--from", capture, "--format", "nagios"});
  INFO(ok.out);
  CHECK(ok.status == 0);
  CHECK(ok.out.rfind("STORAGE OK", 0) == 0);
  CHECK(has(ok.out, "an-a05n01_vg0_free_kb=199229440KB"));  // plain digits, not 1.99229e+08
  // an-a05n01_vg0 has 67.9% free: below a 70% warning, and a 68% critical.
  auto warning = a.run({"storage", "check", "an-a05n01", "--from", capture, "--free-warning", "70"});
  CHECK(warning.status == 1);
  CHECK(has(warning.out, "WARNING storage.vg-free-low"));
  auto critical = a.run({"storage", "check", "an-a05n01", "--from", capture, "--free-warning", "80", "--free-critical", "68"});
  CHECK(critical.status == 2);
  auto bad = a.run({"storage", "check", "an-a05n01", "--from", capture, "--free-warning", "5", "--free-critical", "10"});
  CHECK(bad.status == 3);  // critical above warning: UNKNOWN, as a monitoring plugin says bad arguments
  auto garbage = a.run({"storage", "check", "an-a05n01", "--from", std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/vgs-loop.txt"});
  CHECK(garbage.status == 3);
  CHECK(std::count(garbage.err.begin(), garbage.err.end(), '\n') == 1);
}
