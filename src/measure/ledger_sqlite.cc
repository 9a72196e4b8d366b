// The SQLite ledger (ledger.h): schema version 1, WAL, one transaction per record.
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "gpufleet/error.h"
#include "gpufleet/ledger.h"
#include "util/atomic_file.h"

namespace gpufleet {
namespace {

constexpr int kApplicationId = 0x47464c44;  // "GFLD": a gpufleet ledger

// The interval columns of `records`: name -> member (value, then _low and _high columns).
struct IntervalColumn {
  const char* name;
  std::optional<Interval> Record::*member;
};
constexpr IntervalColumn kIntervals[] = {
    {"energy_kwh", &Record::energy_kwh},     {"gpu_kwh", &Record::gpu_kwh},
    {"cpu_kwh", &Record::cpu_kwh},           {"ram_kwh", &Record::ram_kwh},
    {"emissions_kg", &Record::emissions_kg}, {"cost_usd", &Record::cost_usd},
    {"water_l", &Record::water_l},           {"facility_kwh", &Record::facility_kwh},
};
constexpr const char* kTextColumns[] = {
    "timestamp", "kind",     "project", "run_id", "experiment_id", "window_name",   "node",
    "job",       "launcher", "method",  "site",   "gpu_model",     "python_version"};
std::string Record::*const kTextMembers[] = {
    &Record::timestamp,     &Record::kind,   &Record::project, &Record::run_id,
    &Record::experiment_id, &Record::window, &Record::node,    &Record::job,
    &Record::launcher,      &Record::method, &Record::site,    &Record::gpu_model,
    &Record::python_version};

std::string Schema() {
  std::string cols;
  for (const char* c : kTextColumns) cols += fmt::format("  {} TEXT NOT NULL,\n", c);
  for (const auto& c : kIntervals) {
    cols += fmt::format("  {0} REAL, {0}_low REAL, {0}_high REAL,\n", c.name);
  }
  return fmt::format(
      "CREATE TABLE records (\n  id INTEGER PRIMARY KEY,\n{}  rank INTEGER NOT NULL,\n"
      "  duration_s REAL NOT NULL,\n  pue REAL,\n  gpu_count INTEGER NOT NULL,\n"
      "  partial INTEGER NOT NULL\n);\n"
      "CREATE TABLE devices (\n  record_id INTEGER NOT NULL REFERENCES records(id),\n"
      "  device_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, uuid TEXT NOT NULL,\n"
      "  method TEXT NOT NULL, energy_j REAL, energy_j_low REAL, energy_j_high REAL\n);\n"
      "CREATE INDEX records_by_run ON records(project, run_id);\n"
      "CREATE INDEX devices_by_record ON devices(record_id);\n"
      "PRAGMA application_id = {};\nPRAGMA user_version = {};\n",
      cols, kApplicationId, kLedgerSchemaVersion);
}

// `path` as a SQLite URI that opens it immutable (read-only, no locks, no -wal or -shm): bytes
// that mean something in a URI are percent-encoded.
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7F) {
      uri += fmt::format("%{:02X}", c);
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

class SqliteLedger : public Ledger {
 public:
  // `read_only`: for reading records only (`gpufleet ledger`): the file must exist, its mode
  // may forbid writing, nothing is created, converted or prepared for inserts.
  SqliteLedger(std::string path, bool read_only) : path_(std::move(path)), read_only_(read_only) {
    try {
      Open();
    } catch (...) {
      Close();
      throw;
    }
  }
  ~SqliteLedger() override { Close(); }

  void Append(const Record& r) override {
    if (read_only_) {
      throw InputError(Where{path_, 0, ""}, "ledger: opened for reading: records cannot be added");
    }
    std::lock_guard lock(mu_);
    Exec("BEGIN IMMEDIATE");
    try {
      sqlite3_reset(insert_);
      sqlite3_clear_bindings(insert_);
      int i = 1;
      for (auto m : kTextMembers) BindText(insert_, i++, r.*m);
      for (const auto& c : kIntervals) {
        const auto& x = r.*(c.member);
        for (double v : {x ? x->value : 0, x ? x->low : 0, x ? x->high : 0}) {
          if (x)
            sqlite3_bind_double(insert_, i, v);
          else
            sqlite3_bind_null(insert_, i);
          ++i;
        }
      }
      sqlite3_bind_int(insert_, i++, r.rank);
      sqlite3_bind_double(insert_, i++, r.duration_s);
      if (r.pue)
        sqlite3_bind_double(insert_, i, *r.pue);
      else
        sqlite3_bind_null(insert_, i);
      ++i;
      sqlite3_bind_int(insert_, i++, r.gpu_count);
      sqlite3_bind_int(insert_, i++, r.partial ? 1 : 0);
      Step(insert_);
      const sqlite3_int64 id = sqlite3_last_insert_rowid(db_);
      for (const auto& d : r.devices) {
        sqlite3_reset(insert_device_);
        sqlite3_clear_bindings(insert_device_);
        sqlite3_bind_int64(insert_device_, 1, id);
        int k = 2;
        for (const std::string* s : {&d.id, &d.kind, &d.name, &d.uuid, &d.method}) {
          BindText(insert_device_, k++, *s);
        }
        for (double v : {d.energy_j ? d.energy_j->value : 0, d.energy_j ? d.energy_j->low : 0,
                         d.energy_j ? d.energy_j->high : 0}) {
          if (d.energy_j)
            sqlite3_bind_double(insert_device_, k, v);
          else
            sqlite3_bind_null(insert_device_, k);
          ++k;
        }
        Step(insert_device_);
      }
      Exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    NoteInput(path_);  // changed by the write: still an input no output may replace
  }

  std::vector<Record> Query(const LedgerFilter& f) const override {
    std::lock_guard lock(mu_);
    if (!immutable_) return QueryLocked(f);
    // Read without locks (immutable): a writer that came in meanwhile may have rewritten pages
    // under the read ("the file is corrupt", seen with a listing beside `measure --ledger` in a
    // loop; found by an adversarial tester). Then it is read again, with locks.
    std::vector<Record> out;
    bool again = false;
    try {
      out = QueryLocked(f);
      again = Changed();
    } catch (const InputError&) {
      again = true;
    }
    if (!again) return out;
    auto* self = const_cast<SqliteLedger*>(this);
    self->Close();
    self->allow_immutable_ = false;
    self->Open();
    return QueryLocked(f);
  }

  std::vector<Record> QueryLocked(const LedgerFilter& f) const {
    std::string sql = "SELECT id, rank, duration_s, pue, gpu_count, partial";
    for (const char* c : kTextColumns) sql += fmt::format(", {}", c);
    for (const auto& c : kIntervals) sql += fmt::format(", {0}, {0}_low, {0}_high", c.name);
    sql +=
        " FROM records WHERE (?1 = '' OR project = ?1) AND (?2 = '' OR run_id = ?2) AND "
        "(?3 = '' OR window_name = ?3) AND (?4 = '' OR kind = ?4) ORDER BY id";
    sqlite3_stmt* q = Prepare(sql);
    sqlite3_stmt* qd = nullptr;
    std::vector<Record> out;
    try {
      int i = 1;
      for (const std::string* s : {&f.project, &f.run_id, &f.window, &f.kind}) {
        BindText(q, i++, *s);
      }
      qd = Prepare(
          "SELECT device_id, kind, name, uuid, method, energy_j, energy_j_low, energy_j_high "
          "FROM devices WHERE record_id = ?1 ORDER BY rowid");
      for (;;) {
        const int rc = sqlite3_step(q);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) Fail("reading records");
        Record r;
        const sqlite3_int64 id = sqlite3_column_int64(q, 0);
        // Read as 64 bits and bounded: a hand-edited 99999999999 was listed as 1215752191.
        const sqlite3_int64 rank = sqlite3_column_int64(q, 1);
        if (rank < 0 || rank > 1'000'000'000) Tampered(id, "rank", "must be a rank from 0 to 1e9");
        r.rank = static_cast<int>(rank);
        r.duration_s = sqlite3_column_double(q, 2);
        if (sqlite3_column_type(q, 2) != SQLITE_FLOAT &&
            sqlite3_column_type(q, 2) != SQLITE_INTEGER) {
          Tampered(id, "duration_s", "must be a number");
        }
        if (!(r.duration_s >= 0 && r.duration_s < 1e12)) {
          Tampered(id, "duration_s", "must be a number of seconds from 0 to 1e12");
        }
        if (sqlite3_column_type(q, 3) != SQLITE_NULL) {
          r.pue = sqlite3_column_double(q, 3);
          if (!(*r.pue >= 1 && *r.pue < 100)) Tampered(id, "pue", "must be a PUE from 1 to 100");
        }
        r.gpu_count = sqlite3_column_int(q, 4);
        r.partial = sqlite3_column_int(q, 5) != 0;
        int c = 6;
        for (auto m : kTextMembers) r.*m = Text(q, c++);
        for (const auto& col : kIntervals) {
          r.*(col.member) = IntervalAt(q, c, id);
          c += 3;
        }
        sqlite3_reset(qd);
        sqlite3_bind_int64(qd, 1, id);
        for (;;) {
          const int rd = sqlite3_step(qd);
          if (rd == SQLITE_DONE) break;
          if (rd != SQLITE_ROW) Fail("reading devices");
          RecordDevice d{Text(qd, 0), Text(qd, 1), Text(qd, 2),
                         Text(qd, 3), Text(qd, 4), IntervalAt(qd, 5, id)};
          r.devices.push_back(std::move(d));
        }
        out.push_back(std::move(r));
      }
    } catch (...) {
      sqlite3_finalize(q);
      sqlite3_finalize(qd);
      throw;
    }
    sqlite3_finalize(q);
    sqlite3_finalize(qd);
    return out;
  }

  std::string Describe() const override { return "ledger " + path_; }

 private:
  void Close() {
    for (sqlite3_stmt* s : {insert_, insert_device_}) sqlite3_finalize(s);
    insert_ = insert_device_ = nullptr;
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
  [[noreturn]] void Fail(const std::string& what) const {
    const int code = sqlite3_extended_errcode(db_) & 0xff;
    std::string why = sqlite3_errmsg(db_);
    if (code == SQLITE_NOTADB) why = "not a SQLite database, so not a gpufleet ledger";
    if (code == SQLITE_CORRUPT) why = "the file is corrupt (" + why + ")";
    if (code == SQLITE_READONLY) why = "the ledger is read-only (" + why + ")";
    throw InputError(Where{path_, 0, ""}, fmt::format("ledger: {}: {}", what, why));
  }
  void Exec(const std::string& sql) const {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      Fail(sql.substr(0, sql.find_first_of(" \n")));
    }
  }
  sqlite3_stmt* Prepare(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      sqlite3_finalize(s);
      Fail("preparing a statement");
    }
    return s;
  }
  void Step(sqlite3_stmt* s) const {
    if (sqlite3_step(s) != SQLITE_DONE) Fail("writing a record");
  }
  static void BindText(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  static std::string Text(sqlite3_stmt* s, int c) {
    const auto* t = sqlite3_column_text(s, c);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  // The range in columns c, c+1, c+2 (value, low, high) of record `id`: NULL, or three numbers
  // with 0 <= low <= value <= high <= 1e30 (energies, emissions, costs and water are never
  // negative). Anything else was written by hand, not by gpufleet: an InputError naming the
  // record and the column, never a figure ("0 EWh (-inf to inf)" from a tampered row).
  std::optional<Interval> IntervalAt(sqlite3_stmt* s, int c, int64_t id) const {
    // NULL is all three NULL: a NULL value beside a _low and _high was read as n/a, its range
    // dropped (found by an adversarial tester); a value without its range is refused below.
    if (sqlite3_column_type(s, c) == SQLITE_NULL) {
      for (int k = 1; k < 3; ++k) {
        if (sqlite3_column_type(s, c + k) != SQLITE_NULL) {
          Tampered(id, sqlite3_column_name(s, c + k),
                   fmt::format("holds a number where {} is NULL: a range is three numbers or "
                               "three NULLs",
                               sqlite3_column_name(s, c)));
        }
      }
      return std::nullopt;
    }
    double x[3];
    for (int k = 0; k < 3; ++k) {
      const int type = sqlite3_column_type(s, c + k);
      x[k] = sqlite3_column_double(s, c + k);
      // At most 1e30 (the world uses about 2e14 kWh a year): 1e308 kWh printed as "infeinf Wh"
      // once converted (found by an adversarial tester).
      if ((type != SQLITE_FLOAT && type != SQLITE_INTEGER) || !std::isfinite(x[k]) || x[k] < 0 ||
          x[k] > 1e30) {
        Tampered(id, sqlite3_column_name(s, c + k), "must be a number from 0 to 1e30");
      }
    }
    if (!(x[1] <= x[0] && x[0] <= x[2])) {
      Tampered(id, sqlite3_column_name(s, c), "must lie between its _low and _high columns");
    }
    return Interval(x[0], x[1], x[2]);
  }
  [[noreturn]] void Tampered(int64_t id, const char* column, const std::string& what) const {
    throw InputError(Where{path_, 0, fmt::format("record {}: {}", id, column ? column : "?")},
                     what + ": not as gpufleet writes it (edited by hand?)");
  }
  int64_t PragmaInt(const char* name) const {
    sqlite3_stmt* s = Prepare(fmt::format("PRAGMA {}", name));
    const int rc = sqlite3_step(s);
    const int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) Fail(fmt::format("reading PRAGMA {}", name));
    return v;
  }

  std::string JournalMode() const {
    sqlite3_stmt* s = Prepare("PRAGMA journal_mode");
    const int rc = sqlite3_step(s);
    const std::string mode = rc == SQLITE_ROW ? Text(s, 0) : "";
    sqlite3_finalize(s);
    return mode;
  }

  void Open() {
    // The file itself, absolute and with links resolved: SQLite keeps -wal beside the real file
    // (through a symlink the log was not seen and committed records were missed), and a path
    // SQLite would read as a URI ("file:L.db", "//tmp/x") is a plain file name once absolute.
    std::error_code ec;
    real_ = std::filesystem::weakly_canonical(std::filesystem::absolute(path_, ec), ec).string();
    if (ec || real_.empty()) real_ = path_;
    struct stat st {};
    bool exists = false;
    if (stat(path_.c_str(), &st) == 0) {
      exists = true;
      if (!S_ISREG(st.st_mode)) throw InputError(Where{path_, 0, ""}, "ledger: not a regular file");
      if (!read_only_ && !(st.st_mode & 0222)) {
        throw InputError(Where{path_, 0, ""},
                         "ledger: the file is read-only (no write permission bit): records "
                         "cannot be added; make it writable or give another --ledger");
      }
      if (st.st_size > 0) {
        char head[16] = {};
        std::ifstream in(path_, std::ios::binary);
        in.read(head, sizeof head);
        if (in.gcount() < 16 || std::memcmp(head, "SQLite format 3", 16) != 0) {
          // "Refusing to write" only where something would be written (`ledger --db` reads;
          // found by an adversarial tester).
          throw InputError(Where{path_, 0, ""},
                           read_only_ ? "ledger: not a SQLite database, so not a gpufleet ledger"
                                      : "ledger: not a SQLite database, so not a gpufleet ledger "
                                        "(refusing to write into it)");
        }
      }
    } else if (errno != ENOENT || read_only_) {
      throw InputError(Where{path_, 0, ""},
                       fmt::format("ledger: cannot open: {}", std::strerror(errno)));
    } else if (struct stat lst{}; lstat(path_.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
      // As every output: the record would be created wherever the link points (found by an
      // adversarial tester; -o and the CSV records refused it).
      throw InputError(Where{path_, 0, ""},
                       "ledger: a symbolic link to a missing file (dangling); refusing to create "
                       "its target");
    }
    // A writer needs the write-ahead log's files; ones it cannot write (left by another user's
    // reading, before reading stopped creating them) are said now, before `measure` runs its
    // command, not after it when the record is lost.
    for (const char* suffix : {"-wal", "-shm"}) {
      const std::string side = real_ + suffix;
      if (!read_only_ && ::access(side.c_str(), F_OK) == 0 && ::access(side.c_str(), W_OK) != 0) {
        throw InputError(Where{side, 0, ""},
                         "ledger: this file of the ledger's write-ahead log is not writable by "
                         "this user: records cannot be added; remove it (when no one is using "
                         "the ledger) or give another --ledger");
      }
    }
    // Reading writes nothing: SQLite opens a WAL database's -shm (creating it and -wal when
    // missing), files then owned by the reader that the ledger's owner cannot write (a listing by
    // another user stopped every later record). With no -wal (no writer has the ledger open, and
    // the last one folded its log into the file) the file is all there is: read as immutable,
    // which creates nothing and needs no write permission (an archived, read-only ledger).
    immutable_ = read_only_ && allow_immutable_ &&
                 ::access((real_ + "-wal").c_str(), F_OK) != 0 && ::stat(real_.c_str(), &opened_) == 0;
    const bool immutable = immutable_;
    const int rc = sqlite3_open_v2(
        immutable ? ImmutableUri(real_).c_str() : real_.c_str(), &db_,
        (read_only_ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
            SQLITE_OPEN_FULLMUTEX | (immutable ? SQLITE_OPEN_URI : 0),
        nullptr);
    if (rc != SQLITE_OK) Fail("opening");
    NoteInput(path_);  // `-o` onto the ledger is refused
    sqlite3_busy_timeout(db_, 10000);  // ranks of one job may share a ledger
    if (!read_only_ && sqlite3_db_readonly(db_, "main") == 1) {
      throw InputError(Where{path_, 0, ""}, "ledger: opened read-only: records cannot be added");
    }
    // One snapshot: read apart, another rank's schema could commit between the reads (the
    // application id read before it, the tables after: "a database of something else"; seen
    // under AddressSanitizer with four ranks creating one ledger).
    Exec("BEGIN");
    int64_t app = 0, version = 0, objects = -1;
    try {
      app = PragmaInt("application_id");
      version = PragmaInt("user_version");
      sqlite3_stmt* s = Prepare("SELECT count(*) FROM sqlite_master");
      objects = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
      sqlite3_finalize(s);
      if (objects < 0) Fail("reading the schema");
      Exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    if (read_only_ && app != kApplicationId) {
      throw InputError(Where{path_, 0, ""},
                       objects == 0 ? "ledger: an empty SQLite database, not a gpufleet ledger"
                                    : "ledger: a SQLite database of something else, not a "
                                      "gpufleet ledger");
    }
    if (objects == 0 && app == 0) {
      Exec("BEGIN IMMEDIATE");
      try {
        if (PragmaInt("application_id") == 0) Exec(Schema());  // another rank may have won
        Exec("COMMIT");
      } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
    } else if (app != kApplicationId) {
      throw InputError(Where{path_, 0, ""},
                       exists ? "ledger: a SQLite database of something else, not a gpufleet "
                                "ledger (refusing to write into it)"
                              : "ledger: not a gpufleet ledger");
    } else if (version > kLedgerSchemaVersion) {
      throw InputError(Where{path_, 0, ""},
                       fmt::format("ledger: schema version {} is newer than this gpufleet's ({})",
                                   version, kLedgerSchemaVersion));
    }
    sqlite3_stmt* check = Prepare("PRAGMA quick_check");
    const int crc = sqlite3_step(check);
    const std::string verdict = crc == SQLITE_ROW ? Text(check, 0) : "";
    sqlite3_finalize(check);
    if (crc != SQLITE_ROW) Fail("checking the file");
    if (verdict != "ok") {
      throw InputError(Where{path_, 0, ""},
                       fmt::format("ledger: the file is corrupt ({})", verdict));
    }
    if (read_only_) return;  // no WAL switch, no inserts: nothing is written
    // Switching to WAL takes an exclusive lock and answers "database is locked" at once, without
    // the busy handler, while another rank holds the file; WAL is kept in the file, so only the
    // first switch matters: retry it for up to the busy timeout.
    for (int tries = 0;; ++tries) {
      if (JournalMode() == "wal") break;
      const int rc = sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) break;
      if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) Fail("PRAGMA journal_mode");
      if (tries >= 1000) Fail("PRAGMA journal_mode");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Exec("PRAGMA synchronous = FULL");
    std::string cols, marks;
    int n = 0;
    for (const char* c : kTextColumns) cols += fmt::format("{}{}", n++ ? ", " : "", c);
    for (const auto& c : kIntervals) cols += fmt::format(", {0}, {0}_low, {0}_high", c.name);
    cols += ", rank, duration_s, pue, gpu_count, partial";
    const int count = static_cast<int>(std::size(kTextColumns) + 3 * std::size(kIntervals) + 5);
    for (int i = 0; i < count; ++i) marks += i ? ", ?" : "?";
    insert_ = Prepare(fmt::format("INSERT INTO records ({}) VALUES ({})", cols, marks));
    insert_device_ = Prepare(
        "INSERT INTO devices (record_id, device_id, kind, name, uuid, method, energy_j, "
        "energy_j_low, energy_j_high) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  // Whether the file changed since it was opened immutable, or a writer's log appeared.
  bool Changed() const {
    struct stat st {};
    if (::stat(real_.c_str(), &st) != 0) return true;
    return st.st_size != opened_.st_size || st.st_mtim.tv_sec != opened_.st_mtim.tv_sec ||
           st.st_mtim.tv_nsec != opened_.st_mtim.tv_nsec ||
           ::access((real_ + "-wal").c_str(), F_OK) == 0;
  }

  std::string path_;
  std::string real_;  // the file itself: absolute, links resolved (SQLite's -wal sits beside it)
  bool read_only_ = false;
  bool immutable_ = false;        // opened without locks (a listing with no writer's log)
  bool allow_immutable_ = true;   // false once a writer was seen
  struct stat opened_ {};         // the file when opened immutable
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* insert_device_ = nullptr;
  mutable std::mutex mu_;
};

}  // namespace

std::shared_ptr<Ledger> OpenLedger(const std::string& path) {
  if (path.empty()) throw InputError(Where{"", 0, "ledger"}, "an empty path");
  return std::make_shared<SqliteLedger>(path, false);
}

std::shared_ptr<const Ledger> OpenLedgerForReading(const std::string& path) {
  if (path.empty()) throw InputError(Where{"", 0, "ledger"}, "an empty path");
  return std::make_shared<SqliteLedger>(path, true);
}

}  // namespace gpufleet
