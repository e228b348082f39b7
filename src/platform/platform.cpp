// SPDX-License-Identifier: Apache-2.0
// The care platform's rules: accounts, sessions, access, consent, encryption and audit.
#include "platform/internal.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>

namespace attune::platform {
namespace {

constexpr std::size_t kMaxJournalBytes = 100'000;
constexpr std::size_t kMaxNoteBytes = 10'000;
constexpr std::size_t kMaxEmotionWords = 20;

Result<std::string> normalise_username(std::string_view name) {
    std::string out;
    for (unsigned char c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return Status::invalid_argument(
                "username: only letters a-z, digits and . _ - are allowed");
        out += static_cast<char>(c);
    }
    if (out.size() < 3 || out.size() > 64)
        return Status::invalid_argument("username: must be 3 to 64 characters, got " +
                                        std::to_string(out.size()));
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Opening.

Platform::Platform(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Platform::~Platform() = default;
store::Store& Platform::store() { return *impl_->store; }
std::int64_t Platform::now_ms() const { return impl_->now(); }

std::int64_t Platform::Impl::now() const { return options.clock ? options.clock() : system_now_ms(); }

Result<std::unique_ptr<Platform>> Platform::open(Options options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (options.data_dir.empty() || !fs::is_directory(options.data_dir, ec))
        return Status::invalid_argument("data directory '" + options.data_dir +
                                        "' does not exist: create it first");
    auto impl = std::make_unique<Impl>(options.max_concurrent_password_checks);
    // A directory keyed one way must not silently grow a key of the other kind, under which
    // nothing already stored would open.
    const std::string key_file = options.data_dir + "/master.key";
    const std::string salt_file = options.data_dir + "/master.salt";
    if (!options.passphrase.empty() && fs::exists(key_file, ec))
        return Status::invalid_argument("a passphrase was given but " + key_file +
                                        " holds this directory's master key: do not set one");
    if (options.passphrase.empty() && fs::exists(salt_file, ec))
        return Status::invalid_argument("this directory's master key comes from a passphrase (" +
                                        salt_file + " exists): give it ($ATTUNE_PASSPHRASE)");
    auto master = options.passphrase.empty()
                      ? privacy::MasterKey::load_or_create_key_file(key_file)
                      : privacy::MasterKey::from_passphrase(options.passphrase, salt_file);
    if (!master) return master.status();
    impl->master.emplace(std::move(master).value());
    auto st = store::open_store(options.db_url, options.data_dir);
    if (!st) return st.status();
    impl->store = std::move(st).value();
    if (options.analyzer) {
        impl->analyzer = options.analyzer;
    } else {
        auto analyzer = text::Analyzer::load(options.models_dir);
        if (!analyzer) return analyzer.status();
        impl->analyzer = std::move(analyzer).value();
    }
    if (options.companion) {
        impl->companion = options.companion;
    } else if (!options.exercises_dir.empty() || !options.crisis_lines_path.empty()) {
        care::CompanionOptions co;
        co.exercises_dir = options.exercises_dir;
        co.crisis_lines_path = options.crisis_lines_path;
        co.analyzer = impl->analyzer;
        if (!options.bandit_prior_path.empty()) {
            auto prior = care::BanditPrior::load(options.bandit_prior_path);
            if (!prior) return prior.status().with_context("companion");
            prior->apply(co.bandit);
        }
        auto companion = care::Companion::load(std::move(co));
        if (!companion) return companion.status().with_context("companion");
        impl->companion = std::move(companion).value();
    }
    impl->options = std::move(options);
    ATTUNE_RETURN_IF_ERROR(impl->check_master_key());
    return std::unique_ptr<Platform>(new Platform(std::move(impl)));
}

// A wrong passphrase or key file would otherwise show up as every record failing to open.
Status Platform::Impl::check_master_key() {
    auto users = store->list_users();
    if (!users) return users.status();
    for (const auto& u : *users) {
        if (u.role != Role::patient) continue;
        auto key = data_key(u.id);
        if (!key && key.status().code() == StatusCode::corrupt)
            return Status::invalid_argument(
                "the master key does not open this store's data keys: wrong passphrase or "
                "key file for " + options.data_dir);
        if (key) return Status::ok();
    }
    return Status::ok();
}

Result<privacy::DataKey> Platform::Impl::data_key(const std::string& patient_id) {
    auto wrapped = store->get_patient_key(patient_id, std::string(kKeyId));
    if (!wrapped) return wrapped.status();
    return privacy::unwrap(*master, privacy::WrappedKey{std::string(as_view(wrapped->wrapped_key))},
                           key_aad(patient_id));
}

void Platform::Impl::audit(const std::string& actor, std::string_view action,
                           const std::string& subject, std::string_view outcome) {
    store::AuditEntry e{now(), actor, std::string(action), subject, std::string(outcome)};
    // An audit failure must not pass silently, but the request it records has already been
    // decided; the store's error reaches the log callback.
    auto r = store->append_audit(e, audit_hasher());
    if (!r) log(LogLevel::error, "audit append failed: " + r.status().to_string());
}

store::AuditHasher audit_hasher() {
    return [](std::int64_t seq, const store::AuditEntry& e, const std::string& prev) {
        return privacy::chain_hash(prev.empty() ? privacy::kGenesisHash : prev,
                                   to_chain_record(seq, e));
    };
}

privacy::AuditRecord to_chain_record(std::int64_t seq, const store::AuditEntry& e) {
    privacy::AuditRecord r;
    r.seq = static_cast<std::uint64_t>(seq);
    r.time_utc = privacy::format_utc(std::chrono::system_clock::time_point(
        std::chrono::milliseconds(e.time_ms)));
    r.actor = e.actor;
    r.action = e.action;
    r.subject = e.subject;
    r.outcome = e.outcome;
    return r;
}

Result<std::int64_t> verify_audit(store::Store& st) {
    constexpr std::int64_t kPage = 10'000;
    std::optional<privacy::AuditRecord> last;  // the last record of the pages already checked
    std::int64_t checked = 0;
    for (std::int64_t from = 1;;) {
        auto page = st.audit_log(from, kPage);
        if (!page) return page.status();
        std::vector<privacy::AuditRecord> records;
        records.reserve(page->size());
        for (const auto& row : *page) {
            auto r = to_chain_record(row.seq, row.entry);
            r.prev_hash = row.prev_hash.empty() ? privacy::kGenesisHash : row.prev_hash;
            r.hash = row.hash;
            records.push_back(std::move(r));
        }
        if (auto fault = privacy::verify_chain(records, last ? &*last : nullptr)) {
            const auto& bad = records[fault->index];
            return Status::corrupt("audit record seq " + std::to_string(bad.seq) + " (" +
                                   bad.time_utc + ", " + bad.action + "): " + fault->reason);
        }
        if (records.empty()) break;
        checked += static_cast<std::int64_t>(records.size());
        last = records.back();
        from = static_cast<std::int64_t>(last->seq) + 1;
        if (static_cast<std::int64_t>(records.size()) < kPage) break;
    }
    return checked;
}

// ---------------------------------------------------------------------------------------------
// Accounts.

Result<store::User> Platform::add_user(Role role, std::string_view username,
                                       std::string_view password) {
    auto name = normalise_username(username);
    if (!name) return name.status();
    if (password.size() < 8 || password.size() > 1024)
        return Status::invalid_argument("password: must be 8 to 1024 bytes, got " +
                                        std::to_string(password.size()));
    auto hash = privacy::hash_password(password, impl_->options.password_cost);
    if (!hash) return hash.status();
    store::User u;
    u.id = privacy::random_id();
    u.username = *name;
    u.role = role;
    u.password_hash = *hash;
    u.created_at_ms = impl_->now();
    ATTUNE_RETURN_IF_ERROR(impl_->store->create_user(u));
    if (role == Role::patient) {
        const auto key = privacy::generate_data_key();
        const auto wrapped = privacy::wrap(*impl_->master, key, key_aad(u.id));
        store::PatientKey pk{u.id, std::string(kKeyId), to_blob(wrapped.bytes), u.created_at_ms};
        ATTUNE_RETURN_IF_ERROR(impl_->store->put_patient_key(pk));
    }
    impl_->audit("system", "user.create", u.id, "ok");
    return u;
}

Status Platform::assign(std::string_view clinician_username, std::string_view patient_username) {
    auto c = normalise_username(clinician_username);
    if (!c) return c.status().with_context("clinician");
    auto p = normalise_username(patient_username);
    if (!p) return p.status().with_context("patient");
    auto clinician = impl_->store->find_user_by_username(*c);
    if (!clinician) return clinician.status();
    auto patient = impl_->store->find_user_by_username(*p);
    if (!patient) return patient.status();
    if (clinician->role != Role::clinician)
        return Status::invalid_argument("clinician: '" + *c + "' is a " +
                                        std::string(store::role_name(clinician->role)));
    if (patient->role != Role::patient)
        return Status::invalid_argument("patient: '" + *p + "' is a " +
                                        std::string(store::role_name(patient->role)));
    ATTUNE_RETURN_IF_ERROR(impl_->store->assign(clinician->id, patient->id, impl_->now()));
    impl_->audit("system", "assignment.create", clinician->id + "/" + patient->id, "ok");
    return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// Sessions.

// Failed attempts per key within the window; old ones fall out as time passes.
bool Platform::Impl::LoginLimiter::blocked(const std::string& key, int limit, std::int64_t now,
                                           std::int64_t window, std::int64_t* retry_ms) {
    std::lock_guard lock(mutex);
    auto& times = failures[key];
    std::erase_if(times, [&](std::int64_t t) { return t <= now - window; });
    if (static_cast<int>(times.size()) < limit) return false;
    *retry_ms = times.front() + window - now;
    return true;
}

void Platform::Impl::LoginLimiter::record_failure(const std::string& key, std::int64_t now) {
    std::lock_guard lock(mutex);
    failures[key].push_back(now);
}

void Platform::Impl::LoginLimiter::clear(const std::string& key) {
    std::lock_guard lock(mutex);
    failures.erase(key);
}

Result<Login> Platform::login(std::string_view username, std::string_view password,
                              std::string_view client, std::int64_t* retry_after_ms) {
    const auto now = impl_->now();
    const auto& o = impl_->options;
    auto name = normalise_username(username);
    const std::string account_key = "user:" + (name ? *name : std::string(username));
    const std::string client_key = "client:" + std::string(client);
    std::int64_t retry_ms = 0;
    if (impl_->limiter.blocked(account_key, o.max_failed_logins_per_account, now,
                               o.login_window_ms, &retry_ms) ||
        impl_->limiter.blocked(client_key, o.max_failed_logins_per_client, now, o.login_window_ms,
                               &retry_ms)) {
        impl_->audit("anonymous", "session.create", "", "denied");
        if (retry_after_ms) *retry_after_ms = retry_ms;
        return Status::resource_exhausted("too many failed logins: try again in " +
                                          std::to_string((retry_ms + 999) / 1000) + " s");
    }
    std::optional<store::User> user;
    if (name) {
        auto found = impl_->store->find_user_by_username(*name);
        if (found) user = std::move(found).value();
        else if (found.status().code() != StatusCode::not_found) return found.status();
    }
    bool ok;
    {
        // Argon2id takes its memory for the whole check: bound how many run at once.
        impl_->password_checks.acquire();
        // An unknown user costs a check too, so timing does not reveal which usernames exist.
        ok = privacy::verify_password(user ? user->password_hash : impl_->dummy_hash(), password);
        impl_->password_checks.release();
    }
    if (!user || !ok || user->disabled) {
        impl_->limiter.record_failure(account_key, now);
        impl_->limiter.record_failure(client_key, now);
        impl_->audit(user ? user->id : "anonymous", "session.create", user ? user->id : "",
                     "denied");
        return Status::unauthenticated("wrong username or password");
    }
    impl_->limiter.clear(account_key);
    Login out;
    out.token = privacy::new_token();
    out.expires_at_ms = now + o.token_ttl_ms;
    out.user = Principal{user->id, user->username, user->role};
    store::Session s{privacy::token_digest(out.token), user->id, now, out.expires_at_ms, false};
    ATTUNE_RETURN_IF_ERROR(impl_->store->create_session(s));
    impl_->audit(user->id, "session.create", user->id, "ok");
    return out;
}

const std::string& Platform::Impl::dummy_hash() {
    std::call_once(dummy_once, [&] {
        auto h = privacy::hash_password("attune-no-such-user", options.password_cost);
        dummy = h ? *h : std::string();
    });
    return dummy;
}

Result<Principal> Platform::authenticate(std::string_view token, std::string_view resource) {
    auto who = impl_->authenticate(token);
    if (!who && who.status().code() == StatusCode::unauthenticated)
        impl_->audit("anonymous", "session.check", std::string(resource), "denied");
    return who;
}

Result<Principal> Platform::Impl::authenticate(std::string_view token) {
    if (token.empty()) return Status::unauthenticated("no bearer token");
    auto s = store->get_session(privacy::token_digest(token));
    if (!s) {
        if (s.status().code() == StatusCode::not_found)
            return Status::unauthenticated("unknown token: log in again");
        return s.status();
    }
    if (s->revoked) return Status::unauthenticated("the token was revoked: log in again");
    if (s->expires_at_ms <= now()) return Status::unauthenticated("the token expired: log in again");
    auto u = store->get_user(s->user_id);
    if (!u) return Status::unauthenticated("the token's user no longer exists");
    if (u->disabled) return Status::unauthenticated("the account is disabled");
    return Principal{u->id, u->username, u->role};
}

Status Platform::logout(std::string_view token) {
    auto who = authenticate(token, "session.revoke");
    if (!who) return who.status();
    ATTUNE_RETURN_IF_ERROR(impl_->store->revoke_session(privacy::token_digest(token)));
    impl_->audit(who->id, "session.revoke", who->id, "ok");
    return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// Access.

Status Platform::Impl::require_patient(const Principal& who, std::string_view action) {
    if (who.role == Role::patient) return Status::ok();
    audit(who.id, action, who.id, "denied");
    return Status::permission_denied(std::string(action) + " is for patients; this account is a " +
                                     std::string(store::role_name(who.role)));
}

Status Platform::Impl::may_read(const Principal& who, const std::string& patient_id,
                                std::string_view action) {
    Status denied = Status::permission_denied("no access to patient " + patient_id);
    if (who.role == Role::patient && who.id == patient_id) return Status::ok();
    if (who.role == Role::clinician) {
        auto assigned = store->is_assigned(who.id, patient_id);
        if (!assigned) return assigned.status();
        if (*assigned) {
            auto consent = store->get_consent(patient_id);
            if (consent && consent->share_with_clinician) return Status::ok();
            if (!consent && consent.status().code() != StatusCode::not_found)
                return consent.status();
            denied = Status::permission_denied("patient " + patient_id +
                                               " has not consented to share with their clinician");
        }
    }
    audit(who.id, action, "patient:" + patient_id, "denied");
    return denied;
}

// ---------------------------------------------------------------------------------------------
// Consent.

Result<store::Consent> Platform::consent(const Principal& who) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "consent.read"));
    auto c = impl_->store->get_consent(who.id);
    const bool ok = c || c.status().code() == StatusCode::not_found;
    impl_->audit(who.id, "consent.read", "patient:" + who.id, ok ? "ok" : "error");
    if (!c && c.status().code() == StatusCode::not_found) {
        store::Consent none;
        none.patient_id = who.id;
        return none;
    }
    return c;
}

Result<store::Consent> Platform::update_consent(const Principal& who, const ConsentUpdate& u) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "consent.update"));
    auto current = impl_->store->get_consent(who.id);
    store::Consent c;
    if (current) c = *current;
    else if (current.status().code() != StatusCode::not_found) return current.status();
    c.patient_id = who.id;
    if (u.text) c.text = *u.text;
    if (u.voice) c.voice = *u.voice;
    if (u.face) c.face = *u.face;
    if (u.body) c.body = *u.body;
    if (u.share_with_clinician) c.share_with_clinician = *u.share_with_clinician;
    if (u.pool_outcomes) c.pool_outcomes = *u.pool_outcomes;
    c.updated_at_ms = impl_->now();
    const Status st = impl_->store->put_consent(c);
    impl_->audit(who.id, "consent.update", "patient:" + who.id, st ? "ok" : "error");
    if (!st) return st;
    return c;
}

// ---------------------------------------------------------------------------------------------
// Journal.

Result<JournalRecord> Platform::add_journal_entry(const Principal& who, std::string_view text) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "journal.create"));
    return impl_->add_journal_entry(who.id, text, impl_->now());
}

Result<JournalRecord> Platform::Impl::add_journal_entry(const std::string& patient_id,
                                                        std::string_view text,
                                                        std::int64_t at_ms) {
    if (text.empty()) return Status::invalid_argument("text: must not be empty");
    if (text.size() > kMaxJournalBytes)
        return Status::invalid_argument("text: " + std::to_string(text.size()) +
                                        " bytes is over the limit of " +
                                        std::to_string(kMaxJournalBytes));
    std::size_t bad = 0;
    if (!valid_utf8(text, &bad))
        return Status::invalid_argument("text: invalid UTF-8 at byte " + std::to_string(bad));
    auto consent = store->get_consent(patient_id);
    if (!consent && consent.status().code() != StatusCode::not_found) return consent.status();
    const bool analyse = consent && consent->text;

    JournalRecord rec;
    rec.id = privacy::random_id();
    rec.patient_id = patient_id;
    rec.created_at_ms = at_ms;
    rec.text = std::string(text);
    store::JournalEntry e;
    e.id = rec.id;
    e.patient_id = patient_id;
    e.created_at_ms = at_ms;
    std::optional<tracking::Observation> urgent;
    if (analyse) {
        auto a = analyzer->analyze(text);
        if (!a) return a.status().with_context("text");
        text::append_json(*a, rec.analysis_json);
        e.valence_x100 = static_cast<int>(std::lround(std::clamp(a->sentiment.compound, -1.0, 1.0) * 100));
        e.arousal_x100 = static_cast<int>(std::lround((std::clamp(a->vad.arousal, -1.0, 1.0) + 1) * 50));
        e.crisis_level = a->crisis.level;
        // Crisis language raises its alert before the write returns (record_written).
        if (e.crisis_level != CrisisLevel::none) {
            urgent.emplace();
            urgent->id = rec.id;
            urgent->time_ms = at_ms;
            urgent->source = tracking::Source::journal;
            urgent->valence = e.valence_x100 / 100.0;
            urgent->arousal = e.arousal_x100 / 100.0;
            urgent->crisis = e.crisis_level;
            urgent->crisis_evidence = a->crisis.evidence;
        }
    }
    auto key = data_key(patient_id);
    if (!key) return key.status();
    auto sealed = privacy::seal(*key, text, row_aad("journal", rec.id, patient_id));
    if (!sealed) return sealed.status();
    e.ciphertext = to_blob(*sealed);
    if (analyse) {
        auto sealed_a = privacy::seal(*key, rec.analysis_json,
                                      row_aad("journal-analysis", rec.id, patient_id));
        if (!sealed_a) return sealed_a.status();
        e.analysis_ciphertext = to_blob(*sealed_a);
    }
    // The entry and the audit record of its creation commit together: no entry is stored
    // unaudited, and concurrent requests share one commit (Store::add_journal_entry_audited).
    const std::string subject = "patient:" + patient_id + "/journal:" + rec.id;
    auto written = store->add_journal_entry_audited(
        e, {now(), patient_id, "journal.create", subject, "ok"}, audit_hasher());
    if (!written) {
        audit(patient_id, "journal.create", subject, "error");
        return written.status();
    }
    record_written(patient_id, std::move(urgent));
    return rec;
}

Result<std::vector<JournalRecord>> Platform::journal(const Principal& who,
                                                     const std::string& patient_id,
                                                     const store::TimeRange& range) {
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "journal.read"));
    auto out = impl_->read_journal(patient_id, range);
    impl_->audit(who.id, "journal.read", "patient:" + patient_id, out ? "ok" : "error");
    return out;
}

Result<std::vector<JournalRecord>> Platform::Impl::read_journal(const std::string& patient_id,
                                                                const store::TimeRange& range) {
    auto rows = store->journal_entries(patient_id, range);
    if (!rows) return rows.status();
    std::vector<JournalRecord> out;
    if (!rows->empty()) {
        auto key = data_key(patient_id);
        if (!key) return key.status();
        for (const auto& e : *rows) {
            JournalRecord r{e.id, e.patient_id, e.created_at_ms, {}, {}};
            auto t = privacy::open(*key, as_view(e.ciphertext), row_aad("journal", e.id, patient_id));
            if (!t) return t.status().with_context("journal entry " + e.id);
            r.text = std::move(t).value();
            if (!e.analysis_ciphertext.empty()) {
                auto a = privacy::open(*key, as_view(e.analysis_ciphertext),
                                       row_aad("journal-analysis", e.id, patient_id));
                if (!a) return a.status().with_context("journal entry " + e.id);
                r.analysis_json = std::move(a).value();
            }
            out.push_back(std::move(r));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Check-ins.

Result<CheckInRecord> Platform::add_check_in(const Principal& who, const CheckInRequest& req) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "checkin.create"));
    return impl_->add_check_in(who.id, req, impl_->now());
}

Result<CheckInRecord> Platform::Impl::add_check_in(const std::string& patient_id,
                                                   const CheckInRequest& req,
                                                   std::int64_t at_ms) {
    CheckInRecord rec;
    rec.kind = req.kind;
    std::size_t bad = 0;
    if (req.note.size() > kMaxNoteBytes)
        return Status::invalid_argument("note: over the limit of " + std::to_string(kMaxNoteBytes) +
                                        " bytes");
    if (!valid_utf8(req.note, &bad))
        return Status::invalid_argument("note: invalid UTF-8 at byte " + std::to_string(bad));
    if (req.kind == "mood") {
        if (!req.mood) return Status::invalid_argument("mood: required for a mood check-in (1-10)");
        if (*req.mood < 1 || *req.mood > 10)
            return Status::invalid_argument("mood: " + std::to_string(*req.mood) +
                                            " is out of range 1-10");
        if (!req.answers.empty())
            return Status::invalid_argument("answers: a mood check-in has none");
        if (req.emotions.size() > kMaxEmotionWords)
            return Status::invalid_argument("emotions: at most " +
                                            std::to_string(kMaxEmotionWords) + " words");
        for (std::size_t i = 0; i < req.emotions.size(); ++i) {
            const auto& w = req.emotions[i];
            if (w.empty() || w.size() > 64 || !valid_utf8(w, &bad))
                return Status::invalid_argument("emotions[" + std::to_string(i) +
                                                "]: must be 1 to 64 bytes of UTF-8");
        }
        rec.score = *req.mood;
        rec.detail = {{"mood", *req.mood}, {"emotions", req.emotions}, {"note", req.note}};
    } else {
        auto instrument = clinical::parse_instrument(req.kind);
        if (!instrument || *instrument == clinical::Instrument::cssrs)
            return Status::invalid_argument("kind: '" + req.kind +
                                            "' is not one of mood, phq9, gad7");
        if (req.mood) return Status::invalid_argument("mood: only for kind mood");
        // Refused rather than dropped: the client would believe the words were recorded.
        if (!req.emotions.empty()) return Status::invalid_argument("emotions: only for kind mood");
        auto screening = clinical::score(*instrument, req.answers);
        if (!screening) return screening.status().with_context("answers");
        rec.score = screening->total;
        rec.detail = clinical::to_json(*screening);
        if (!req.note.empty()) rec.detail["note"] = req.note;
    }
    rec.id = privacy::random_id();
    rec.patient_id = patient_id;
    rec.created_at_ms = at_ms;
    auto key = data_key(patient_id);
    if (!key) return key.status();
    auto sealed = privacy::seal(*key, rec.detail.dump(), row_aad("checkin", rec.id, patient_id));
    if (!sealed) return sealed.status();
    store::CheckIn c{rec.id, patient_id, at_ms, rec.kind, rec.score, to_blob(*sealed)};
    const Status st = store->add_check_in(c);
    audit(patient_id, "checkin.create", "patient:" + patient_id + "/checkin:" + rec.id,
          st ? "ok" : "error");
    if (!st) return st;
    // Questionnaires carry immediate rules (PHQ-9 item 9, a reliable rise): checked now.
    std::optional<tracking::Observation> urgent;
    if (rec.kind != "mood") {
        urgent.emplace();
        urgent->id = rec.id;
        urgent->time_ms = at_ms;
        urgent->source = rec.kind == "phq9" ? tracking::Source::phq9 : tracking::Source::gad7;
        urgent->score = rec.score;
        urgent->item9_positive = rec.detail.value("item9_positive", false);
    }
    record_written(patient_id, std::move(urgent));
    return rec;
}

Result<std::vector<CheckInRecord>> Platform::check_ins(const Principal& who,
                                                       const std::string& patient_id,
                                                       const store::TimeRange& range) {
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "checkin.read"));
    auto out = impl_->read_check_ins(patient_id, range);
    impl_->audit(who.id, "checkin.read", "patient:" + patient_id, out ? "ok" : "error");
    return out;
}

Result<std::vector<CheckInRecord>> Platform::Impl::read_check_ins(
    const std::string& patient_id, const store::TimeRange& range) {
    auto rows = store->check_ins(patient_id, range);
    if (!rows) return rows.status();
    std::vector<CheckInRecord> out;
    if (!rows->empty()) {
        auto key = data_key(patient_id);
        if (!key) return key.status();
        for (const auto& c : *rows) {
            auto d = privacy::open(*key, as_view(c.ciphertext), row_aad("checkin", c.id, patient_id));
            if (!d) return d.status().with_context("check-in " + c.id);
            CheckInRecord r{c.id, c.patient_id, c.created_at_ms, c.kind, c.score, {}};
            r.detail = nlohmann::ordered_json::parse(*d, nullptr, false);
            if (r.detail.is_discarded()) return Status::corrupt("check-in " + c.id + ": bad JSON");
            out.push_back(std::move(r));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Clinician's list, export, erasure.

Result<std::vector<PatientSummary>> Platform::patients(const Principal& who) {
    if (who.role != Role::clinician) {
        impl_->audit(who.id, "patients.list", who.id, "denied");
        return Status::permission_denied("the patient list is for clinicians; this account is a " +
                                         std::string(store::role_name(who.role)));
    }
    auto ids = impl_->store->patients_of(who.id);
    if (!ids) return ids.status();
    const std::int64_t now = impl_->now();
    constexpr std::int64_t kYearMs = 365LL * 86'400'000;
    std::vector<PatientSummary> out;
    for (const auto& id : *ids) {
        auto u = impl_->store->get_user(id);
        if (!u) return u.status();
        auto c = impl_->store->get_consent(id);
        PatientSummary p{id, u->username, c && c->share_with_clinician, std::nullopt, 0};
        if (p.sharing) {
            auto history = impl_->observations(id, now - kYearMs, INT64_MAX, Detail::tracking);
            if (!history) return history.status();
            p.risk = tracking::current_risk(*history, now, impl_->options.alert_options);
            store::AlertQuery open;
            open.limit = 1000;
            auto alerts = impl_->store->alerts(id, open);
            if (!alerts) return alerts.status();
            p.open_alerts = static_cast<int>(alerts->size());
            impl_->audit(who.id, "risk.read", "patient:" + id, "ok");
        }
        out.push_back(std::move(p));
    }
    // Highest risk first; those not sharing (no risk known) last, by username.
    std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
        const double rx = x.risk ? x.risk->score : -1, ry = y.risk ? y.risk->score : -1;
        return rx != ry ? rx > ry : x.username < y.username;
    });
    impl_->audit(who.id, "patients.list", who.id, "ok");
    return out;
}

Result<nlohmann::ordered_json> Platform::export_data(const Principal& who) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "patient.export"));
    auto all = impl_->store->export_patient(who.id);
    if (!all) return all.status();
    const auto& m = *impl_->master;
    const auto time = [](std::int64_t ms) {
        return privacy::format_utc(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
    };
    nlohmann::ordered_json out;
    out["format"] = "attune-export-v1";
    out["exported_at"] = time(impl_->now());
    out["note"] = "Ids are pseudonyms: stable for this clinic, not the ids used inside it.";
    out["patient"] = {{"id", privacy::pseudonym(m, "patient", who.id)},
                      {"username", all->user.username},
                      {"created_at", time(all->user.created_at_ms)}};
    nlohmann::ordered_json consent = {{"text", false}, {"voice", false}, {"face", false},
                                      {"body", false}, {"share_with_clinician", false},
                                      {"pool_outcomes", false}};
    if (all->consent) {
        const auto& c = *all->consent;
        consent = {{"text", c.text}, {"voice", c.voice}, {"face", c.face}, {"body", c.body},
                   {"share_with_clinician", c.share_with_clinician},
                   {"pool_outcomes", c.pool_outcomes}, {"updated_at", time(c.updated_at_ms)}};
    }
    out["consent"] = consent;
    out["clinicians"] = nlohmann::ordered_json::array();
    for (const auto& c : all->clinician_ids)
        out["clinicians"].push_back(privacy::pseudonym(m, "user", c));
    out["sessions"] = nlohmann::ordered_json::array();
    for (const auto& s : all->sessions)
        out["sessions"].push_back({{"created_at", time(s.created_at_ms)},
                                   {"expires_at", time(s.expires_at_ms)},
                                   {"revoked", s.revoked}});
    auto key = impl_->data_key(who.id);
    if (!key) return key.status();
    out["journal"] = nlohmann::ordered_json::array();
    for (const auto& e : all->journal) {
        auto t = privacy::open(*key, as_view(e.ciphertext), row_aad("journal", e.id, who.id));
        if (!t) return t.status().with_context("journal entry " + e.id);
        nlohmann::ordered_json j = {{"id", privacy::pseudonym(m, "journal", e.id)},
                                    {"created_at", time(e.created_at_ms)},
                                    {"text", *t}};
        if (!e.analysis_ciphertext.empty()) {
            auto a = privacy::open(*key, as_view(e.analysis_ciphertext),
                                   row_aad("journal-analysis", e.id, who.id));
            if (!a) return a.status().with_context("journal entry " + e.id);
            j["analysis"] = nlohmann::ordered_json::parse(*a, nullptr, false);
        }
        out["journal"].push_back(std::move(j));
    }
    out["check_ins"] = nlohmann::ordered_json::array();
    for (const auto& c : all->check_ins) {
        auto d = privacy::open(*key, as_view(c.ciphertext), row_aad("checkin", c.id, who.id));
        if (!d) return d.status().with_context("check-in " + c.id);
        out["check_ins"].push_back({{"id", privacy::pseudonym(m, "checkin", c.id)},
                                    {"created_at", time(c.created_at_ms)},
                                    {"kind", c.kind},
                                    {"score", c.score},
                                    {"detail", nlohmann::ordered_json::parse(*d, nullptr, false)}});
    }
    // What the tracker raised for their clinicians, and what the clinicians noted.
    out["alerts"] = nlohmann::ordered_json::array();
    std::set<std::string> journal_ids, chat_ids;
    for (const auto& e : all->journal) journal_ids.insert(e.id);
    for (const auto& m : all->chat) chat_ids.insert(m.id);
    const auto evidence_kind = [&](const std::string& id) {
        return journal_ids.count(id) ? "journal" : chat_ids.count(id) ? "chat" : "checkin";
    };
    for (const auto& a : all->alerts) {
        auto p = privacy::open(*key, as_view(a.ciphertext), row_aad("alert", a.id, who.id));
        if (!p) return p.status().with_context("alert " + a.id);
        auto content = nlohmann::ordered_json::parse(*p, nullptr, false);
        if (content.is_object() && content.contains("evidence_ids")) {
            // The records behind it, by the same pseudonyms as the journal and check-ins above.
            for (auto& id : content["evidence_ids"])
                id = privacy::pseudonym(m, evidence_kind(id.get<std::string>()),
                                        id.get<std::string>());
        }
        nlohmann::ordered_json j = {{"id", privacy::pseudonym(m, "alert", a.id)},
                                    {"raised_at", time(a.raised_at_ms)},
                                    {"kind", a.kind},
                                    {"severity", tracking::severity_name(
                                                     static_cast<tracking::Severity>(a.severity))},
                                    {"status", store::alert_status_name(a.status)},
                                    {"content", std::move(content)},
                                    {"notes", nlohmann::ordered_json::array()}};
        for (const auto& n : all->alert_notes) {
            if (n.alert_id != a.id) continue;
            auto t = privacy::open(*key, as_view(n.ciphertext), row_aad("alert-note", n.id, who.id));
            if (!t) return t.status().with_context("alert note " + n.id);
            j["notes"].push_back({{"created_at", time(n.created_at_ms)},
                                  {"author", privacy::pseudonym(m, "user", n.author_id)},
                                  {"note", nlohmann::ordered_json::parse(*t, nullptr, false)}});
        }
        out["alerts"].push_back(std::move(j));
    }
    // The companion: its state (the conversation, their safety plan) and every message.
    out["companion"] = nullptr;
    if (all->companion) {
        auto p = privacy::open(*key, as_view(all->companion->ciphertext),
                               row_aad("companion-state", who.id, who.id));
        if (!p) return p.status().with_context("companion state");
        out["companion"] = {{"updated_at", time(all->companion->updated_at_ms)},
                            {"state", nlohmann::ordered_json::parse(*p, nullptr, false)}};
    }
    out["chat"] = nlohmann::ordered_json::array();
    for (const auto& c : all->chat) {
        auto p = privacy::open(*key, as_view(c.ciphertext), row_aad("chat", c.id, who.id));
        if (!p) return p.status().with_context("chat message " + c.id);
        nlohmann::ordered_json j = {{"id", privacy::pseudonym(m, "chat", c.id)},
                                    {"created_at", time(c.created_at_ms)},
                                    {"role", store::chat_role_name(c.role)}};
        if (c.role == store::ChatRole::person)
            j["crisis_level"] = crisis_level_name(c.crisis_level);
        auto body = nlohmann::ordered_json::parse(*p, nullptr, false);
        if (body.is_object()) j.update(body);
        out["chat"].push_back(std::move(j));
    }
    // Who accessed their records, and when: every audit record on them or by them.
    out["access_log"] = nlohmann::ordered_json::array();
    const std::string subject = "patient:" + who.id;
    constexpr std::int64_t kPage = 10'000;
    for (std::int64_t from = 1;;) {
        auto page = impl_->store->audit_log(from, kPage);
        if (!page) return page.status();
        for (const auto& r : *page) {
            const auto& e = r.entry;
            const bool on_them = e.subject == who.id || e.subject.rfind(subject, 0) == 0;
            if (!on_them && e.actor != who.id) continue;
            const std::string actor = e.actor == who.id ? "you"
                                      : e.actor == "anonymous" || e.actor == "system"
                                          ? e.actor
                                          : privacy::pseudonym(m, "user", e.actor);
            out["access_log"].push_back({{"time", time(e.time_ms)},
                                         {"actor", actor},
                                         {"action", e.action},
                                         {"outcome", e.outcome}});
        }
        if (static_cast<std::int64_t>(page->size()) < kPage) break;
        from = page->back().seq + 1;
    }
    impl_->audit(who.id, "patient.export", "patient:" + who.id, "ok");
    return out;
}

Result<std::int64_t> Platform::erase(const Principal& who) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "patient.erase"));
    auto n = impl_->store->erase_patient(who.id);
    impl_->audit(who.id, "patient.erase", "patient:" + who.id, n ? "ok" : "error");
    return n;
}

}  // namespace attune::platform
