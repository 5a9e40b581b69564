#include "ledger/migrations.hpp"

#include <string>

#include "core/error.hpp"

namespace anvil::ledger {
namespace {

// Version 1: the model. Every table hangs off a cluster, so several
// clusters share one ledger.
constexpr std::string_view v1_model = R"sql(
CREATE TABLE clusters (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  number     INTEGER NOT NULL,
  domain     TEXT NOT NULL,
  profile    TEXT NOT NULL DEFAULT 'el6',
  created_at TEXT NOT NULL
);
CREATE TABLE networks (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  subnet     TEXT NOT NULL,
  bond       TEXT NOT NULL,
  bridge     TEXT NOT NULL DEFAULT '',
  links      TEXT NOT NULL,
  gateway    TEXT,
  dns        TEXT NOT NULL DEFAULT '',
  UNIQUE (cluster_id, name)
);
CREATE TABLE nodes (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  number     INTEGER NOT NULL,
  UNIQUE (cluster_id, name)
);
CREATE TABLE interfaces (
  id       INTEGER PRIMARY KEY,
  node_id  INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('nic', 'bond', 'bridge')),
  network  TEXT NOT NULL,
  master   TEXT NOT NULL DEFAULT '',
  mac      TEXT NOT NULL DEFAULT '',
  UNIQUE (node_id, name)
);
CREATE TABLE devices (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('ipmi', 'pdu', 'switch', 'ups')),
  node_id    INTEGER REFERENCES nodes(id) ON DELETE CASCADE,
  sequence   INTEGER NOT NULL,
  UNIQUE (cluster_id, name)
);
CREATE TABLE vms (
  id                INTEGER PRIMARY KEY,
  cluster_id        INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  sequence          INTEGER NOT NULL,
  ram_mib           INTEGER,
  vcpus             INTEGER,
  preferred_node_id INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
  UNIQUE (cluster_id, name)
);
-- One row per address; exactly one of node, device or vm owns it.
CREATE TABLE addresses (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  network    TEXT NOT NULL,
  address    TEXT NOT NULL,
  node_id    INTEGER REFERENCES nodes(id) ON DELETE CASCADE,
  device_id  INTEGER REFERENCES devices(id) ON DELETE CASCADE,
  vm_id      INTEGER REFERENCES vms(id) ON DELETE CASCADE,
  CHECK ((node_id IS NOT NULL) + (device_id IS NOT NULL) + (vm_id IS NOT NULL) = 1)
);
CREATE INDEX addresses_by_cluster ON addresses (cluster_id);
)sql";

// Version 2: what happened. A run is one invocation that changed something;
// its changes are the files, commands and plan edits it made.
constexpr std::string_view v2_history = R"sql(
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  cluster     TEXT,
  command     TEXT NOT NULL,
  argv        TEXT NOT NULL,
  user        TEXT NOT NULL,
  host        TEXT NOT NULL,
  reason      TEXT,
  summary     TEXT NOT NULL DEFAULT '',
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  exit_status INTEGER
);
CREATE TABLE changes (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  node           TEXT,
  kind           TEXT NOT NULL,
  target         TEXT NOT NULL,
  before_sha256  TEXT,
  after_sha256   TEXT,
  before_content BLOB,
  after_content  BLOB,
  status         TEXT NOT NULL,
  at             TEXT NOT NULL
);
CREATE INDEX changes_by_run ON changes (run_id);
)sql";

// Version 3: how to reach each node over SSH (`anvil node set`); empty
// means the default (the BCN address, ~/.ssh/config, port 22, root).
constexpr std::string_view v3_node_ssh = R"sql(
ALTER TABLE nodes ADD COLUMN ssh_host TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN ssh_port INTEGER NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN ssh_user TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN ssh_identity TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN ssh_known_hosts TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: a network's bonding options (BONDING_OPTS); empty means the
// seed's default (mode=1 ... primary=<link on switch 1>).
constexpr std::string_view v4_bond_options = R"sql(
ALTER TABLE networks ADD COLUMN bond_options TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: which switch each NIC is cabled to (0: by its place in the
// network's links), and the bonds' link-failure counts as `net check` last
// saw them, so that the next check can tell a count that grew.
constexpr std::string_view v5_switches_and_link_failures = R"sql(
ALTER TABLE interfaces ADD COLUMN switch_number INTEGER NOT NULL DEFAULT 0;
CREATE TABLE link_failures (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  node       TEXT NOT NULL,
  bond       TEXT NOT NULL,
  slave      TEXT NOT NULL,
  count      INTEGER NOT NULL,
  seen_at    TEXT NOT NULL,
  PRIMARY KEY (cluster_id, node, bond, slave)
);
)sql";

// Version 6: DRBD resources (a disk per node) and the settings they share;
// a setting without a row has the seed's default.
constexpr std::string_view v6_drbd = R"sql(
CREATE TABLE drbd_resources (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  minor      INTEGER NOT NULL,
  port       INTEGER NOT NULL,
  UNIQUE (cluster_id, name)
);
CREATE TABLE drbd_disks (
  resource_id INTEGER NOT NULL REFERENCES drbd_resources(id) ON DELETE CASCADE,
  node_id     INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  disk        TEXT NOT NULL,
  PRIMARY KEY (resource_id, node_id)
);
CREATE TABLE drbd_settings (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (cluster_id, key)
);
)sql";

// Version 7: fencing. Each device's agent, login and extra options; each
// node's fence methods in order (a BMC's "ipmi" method for every node that
// has one, as before); the fence delay; cluster.conf's applied version; and
// the devices' passwords, in a table of their own, never part of the model.
constexpr std::string_view v7_fencing = R"sql(
ALTER TABLE devices ADD COLUMN agent TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN login TEXT NOT NULL DEFAULT '';
UPDATE devices SET agent = 'fence_ipmilan' WHERE kind = 'ipmi';
UPDATE devices SET agent = 'fence_apc_snmp' WHERE kind = 'pdu';
CREATE TABLE device_options (
  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  key       TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (device_id, key)
);
CREATE TABLE fence_methods (
  id       INTEGER PRIMARY KEY,
  node_id  INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL
);
CREATE TABLE fence_steps (
  method_id INTEGER NOT NULL REFERENCES fence_methods(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  port      TEXT NOT NULL DEFAULT ''
);
INSERT INTO fence_methods (node_id, position, name)
  SELECT node_id, 0, 'ipmi' FROM devices WHERE kind = 'ipmi' AND node_id IS NOT NULL;
INSERT INTO fence_steps (method_id, position, device_id, port)
  SELECT m.id, 0, d.id, '' FROM fence_methods m JOIN devices d ON d.node_id = m.node_id AND d.kind = 'ipmi';
ALTER TABLE clusters ADD COLUMN fence_delay_node TEXT NOT NULL DEFAULT '';
ALTER TABLE clusters ADD COLUMN fence_delay INTEGER NOT NULL DEFAULT 15;
ALTER TABLE clusters ADD COLUMN post_join_delay INTEGER NOT NULL DEFAULT 30;
ALTER TABLE clusters ADD COLUMN config_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE secrets (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  device     TEXT NOT NULL,
  secret     TEXT NOT NULL,
  PRIMARY KEY (cluster_id, device)
);
CREATE TABLE fence_events (
  id        INTEGER PRIMARY KEY,
  cluster   TEXT NOT NULL,
  at        TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('check', 'fence')),
  node      TEXT NOT NULL,
  method    TEXT NOT NULL,
  device    TEXT NOT NULL,
  from_node TEXT NOT NULL,
  action    TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  took_ms   INTEGER NOT NULL,
  run_id    INTEGER REFERENCES runs(id) ON DELETE SET NULL
);
CREATE INDEX fence_events_by_time ON fence_events (cluster, at);
)sql";

// Version 8: what each `anvil check` found, so that the next can report
// only what changed.
constexpr std::string_view v8_check_findings = R"sql(
CREATE TABLE check_findings (
  run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  severity TEXT NOT NULL,
  id       TEXT NOT NULL,
  subject  TEXT NOT NULL,
  message  TEXT NOT NULL,
  fix      TEXT NOT NULL
);
CREATE INDEX check_findings_by_run ON check_findings (run_id);
)sql";

// Version 9: the guests' disks and boot order (`anvil vm add`), and how
// libvirt reaches each node.
constexpr std::string_view v9_vms = R"sql(
ALTER TABLE vms ADD COLUMN disk_lv TEXT NOT NULL DEFAULT '';
ALTER TABLE vms ADD COLUMN boot TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN libvirt_uri TEXT NOT NULL DEFAULT '';
)sql";

// Version 10: clustered storage, the VG on each DRBD resource and the GFS2
// filesystem (`anvil storage`).
constexpr std::string_view v10_storage = R"sql(
CREATE TABLE storage_vgs (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  drbd       TEXT NOT NULL,
  UNIQUE (cluster_id, name)
);
CREATE TABLE storage_gfs2 (
  cluster_id  INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  vg          TEXT NOT NULL,
  lv          TEXT NOT NULL,
  size        TEXT NOT NULL,
  fs_name     TEXT NOT NULL,
  mount_point TEXT NOT NULL,
  journals    INTEGER NOT NULL
);
)sql";

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all = {v1_model, v2_history, v3_node_ssh, v4_bond_options,
                                                    v5_switches_and_link_failures, v6_drbd, v7_fencing, v8_check_findings, v9_vms, v10_storage};
  return all;
}

int schema_version(Db& db) {
  auto stmt = db.prepare("PRAGMA user_version");
  stmt.step();
  return static_cast<int>(stmt.integer(0));
}

void migrate(Db& db, int up_to) {
  int version = schema_version(db);
  if (version > current_schema_version())
    throw failure("the ledger " + db.path() + " has schema version " + std::to_string(version) +
                  ", newer than this anvil knows (" + std::to_string(current_schema_version()) +
                  "); use a newer anvil");
  for (int next = version + 1; next <= up_to; ++next) {
    Transaction tx(db);
    // Re-read under the write lock: another anvil may have migrated meanwhile.
    if (schema_version(db) >= next) continue;
    db.exec(std::string(migrations()[static_cast<std::size_t>(next - 1)]));
    db.exec("PRAGMA user_version = " + std::to_string(next));
    tx.commit();
  }
}

}  // namespace anvil::ledger
