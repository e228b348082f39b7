// SPDX-License-Identifier: Apache-2.0
// The emotional journey and early warning (issue #5): a patient's records turned into the
// tracker's observations, tracking passes that store new alerts sealed under the patient's key,
// the clinician's alerts and what they do with them, and the live feed's counter.
#include <algorithm>

#include "platform/internal.hpp"

namespace attune::platform {
namespace {

using json = nlohmann::ordered_json;

constexpr std::int64_t kDayMs = 86'400'000;
// What a tracking pass reads: a year covers every baseline window and every PHQ-9 comparison.
constexpr std::int64_t kTrackingHistoryMs = 365 * kDayMs;
// The most records of one kind a pass or a journey reads (newest first): a year of a very
// prolific writer, and a bound on a pathological one.
constexpr std::int64_t kMaxRecords = 20'000;
constexpr std::int64_t kMaxJourneyMs = 731 * kDayMs;
constexpr std::size_t kMaxAlertNoteBytes = 10'000;

// What the tracker needs of a journal entry's analysis (text::append_json's fields).
void read_analysis(const json& a, tracking::Observation& o, Detail detail) {
    if (const auto c = a.find("crisis"); c != a.end() && c->contains("evidence"))
        for (const auto& e : (*c)["evidence"])
            if (e.is_string()) o.crisis_evidence.push_back(e.get<std::string>());
    if (detail != Detail::timeline) return;
    if (const auto d = a.find("distortions"); d != a.end() && d->is_array())
        o.distortions = static_cast<int>(d->size());
    if (const auto e = a.find("emotions"); e != a.end() && e->is_object()) {
        std::vector<std::pair<std::string, double>> all;
        for (const auto& [label, p] : e->items())
            if (label != "neutral" && p.is_number()) all.emplace_back(label, p.get<double>());
        const std::size_t n = std::min<std::size_t>(3, all.size());
        std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                          [](const auto& x, const auto& y) { return x.second > y.second; });
        all.resize(n);
        o.top_emotions = std::move(all);
    }
}

// The sealed part of a stored alert.
json alert_payload(const tracking::Alert& a) {
    return {{"summary", a.summary},         {"explanation", a.explanation},
            {"onset_ms", a.onset_ms},       {"evidence_ids", a.evidence_ids},
            {"details", a.details}};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Observations.

Result<std::vector<tracking::Observation>> Platform::Impl::observations(
    const std::string& patient_id, std::int64_t from_ms, std::int64_t to_ms, Detail detail,
    const std::vector<std::string>* alerted) {
    const store::TimeRange range{from_ms, to_ms, kMaxRecords};
    // A pass needs no text and, outside crisis entries, no analysis: journal_signals leaves
    // them in the database (a year of a prolific writer is megabytes of ciphertext).
    std::vector<store::JournalSignal> entries;
    if (detail == Detail::tracking) {
        auto rows = store->journal_signals(patient_id, range);
        if (!rows) return rows.status();
        entries = std::move(rows).value();
    } else {
        auto rows = store->journal_entries(patient_id, range);
        if (!rows) return rows.status();
        for (auto& e : *rows)
            entries.push_back({std::move(e.id), e.created_at_ms, !e.analysis_ciphertext.empty(),
                               e.valence_x100, e.arousal_x100, e.crisis_level,
                               std::move(e.analysis_ciphertext)});
    }
    auto checks = store->check_ins(patient_id, range);
    if (!checks) return checks.status();
    auto chat = store->chat_signals(patient_id, range);
    if (!chat) return chat.status();
    std::optional<privacy::DataKey> key;
    const auto open = [&](const store::Blob& blob, std::string_view kind,
                          const std::string& id) -> Result<json> {
        if (!key) {
            auto k = data_key(patient_id);
            if (!k) return k.status();
            key.emplace(std::move(k).value());
        }
        auto plain = privacy::open(*key, as_view(blob), row_aad(kind, id, patient_id));
        if (!plain) return plain.status().with_context(std::string(kind) + " " + id);
        json j = json::parse(*plain, nullptr, false);
        if (j.is_discarded()) return Status::corrupt(std::string(kind) + " " + id + ": bad JSON");
        return j;
    };

    std::vector<tracking::Observation> out;
    out.reserve(entries.size() + checks->size() + chat->size());
    for (const auto& e : entries) {
        tracking::Observation o;
        o.id = e.id;
        o.time_ms = e.created_at_ms;
        o.source = tracking::Source::journal;
        if (e.analysed) {  // not: written without consent to analysis
            // The derived numbers are kept in clear for this (store::JournalEntry); arousal is
            // stored as (arousal + 1) x 50, i.e. 0..1 here.
            o.valence = e.valence_x100 / 100.0;
            o.arousal = e.arousal_x100 / 100.0;
            o.crisis = e.crisis_level;
            // The evidence is only read for a crisis alert not yet stored: its words are what
            // the alert quotes.
            const bool quote = o.crisis != CrisisLevel::none &&
                               !(alerted && std::binary_search(alerted->begin(), alerted->end(),
                                                               "crisis_language:" + e.id));
            if (detail == Detail::timeline || quote) {
                auto a = open(e.analysis_ciphertext, "journal-analysis", e.id);
                if (!a) return a.status();
                read_analysis(*a, o, detail);
            }
        }
        out.push_back(std::move(o));
    }
    for (const auto& c : *checks) {
        tracking::Observation o;
        o.id = c.id;
        o.time_ms = c.created_at_ms;
        if (c.kind == "mood") o.source = tracking::Source::mood;
        else if (c.kind == "phq9") o.source = tracking::Source::phq9;
        else if (c.kind == "gad7") o.source = tracking::Source::gad7;
        else continue;  // a kind this build does not track
        o.score = c.score;
        if (o.source == tracking::Source::phq9) {
            auto d = open(c.ciphertext, "checkin", c.id);
            if (!d) return d.status();
            o.item9_positive = d->value("item9_positive", false);
        }
        out.push_back(std::move(o));
    }
    // Messages to the companion with crisis language: their level, for the crisis series and
    // the patient's risk. Their words are in the companion_crisis alert the turn raised.
    for (const auto& m : *chat) {
        tracking::Observation o;
        o.id = m.id;
        o.time_ms = m.created_at_ms;
        o.source = tracking::Source::chat;
        o.crisis = m.crisis_level;
        out.push_back(std::move(o));
    }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
        return x.time_ms != y.time_ms ? x.time_ms < y.time_ms : x.id < y.id;
    });
    return out;
}

// ---------------------------------------------------------------------------------------------
// Tracking passes.

Result<int> Platform::Impl::track(const std::string& patient_id) {
    const std::int64_t now_ms = now();
    // The keys already stored, in clear: only new alerts are sealed and written.
    store::AlertQuery all;
    all.status.reset();
    all.limit = kMaxRecords;
    auto stored = store->alerts(patient_id, all);
    if (!stored) return stored.status();
    std::vector<std::string> known;
    known.reserve(stored->size());
    for (const auto& a : *stored) known.push_back(a.key);
    std::sort(known.begin(), known.end());
    auto history = observations(patient_id, now_ms - kTrackingHistoryMs, INT64_MAX,
                                Detail::tracking, &known);
    if (!history) return history.status();
    return store_alerts(patient_id, tracking::detect(*history, options.alert_options), known);
}

Result<store::Alert> Platform::Impl::seal_alert(const std::string& patient_id,
                                                const tracking::Alert& a,
                                                const privacy::DataKey& key, std::int64_t now_ms) {
    store::Alert row;
    row.id = privacy::random_id();
    row.patient_id = patient_id;
    row.key = a.key;
    row.kind = a.kind;
    row.severity = static_cast<int>(a.severity);
    row.raised_at_ms = a.time_ms;
    row.created_at_ms = now_ms;
    row.updated_at_ms = now_ms;
    auto sealed = privacy::seal(key, alert_payload(a).dump(), row_aad("alert", row.id, patient_id));
    if (!sealed) return sealed.status();
    row.ciphertext = to_blob(*sealed);
    return row;
}

Result<int> Platform::Impl::store_alerts(const std::string& patient_id,
                                         const std::vector<tracking::Alert>& found,
                                         const std::vector<std::string>& known) {
    const std::int64_t now_ms = now();
    std::optional<privacy::DataKey> key;
    int added = 0;
    for (const auto& a : found) {
        if (std::binary_search(known.begin(), known.end(), a.key)) continue;
        if (!key) {
            auto k = data_key(patient_id);
            if (!k) return k.status();
            key.emplace(std::move(k).value());
        }
        auto row = seal_alert(patient_id, a, *key, now_ms);
        if (!row) return row.status();
        auto stored_now = store->add_alert(*row);
        if (!stored_now) return stored_now.status();
        if (!*stored_now) continue;  // another pass (or server) stored it first
        ++added;
        audit("system", "alert.create", "patient:" + patient_id + "/alert:" + row->id, "ok");
    }
    if (added > 0) alerts_changed();
    return added;
}

Result<int> Platform::Impl::track_record(const std::string& patient_id,
                                         tracking::Observation record) {
    // The rules that raise an alert at once need this record and, for a questionnaire, the
    // patient's previous score on it: not the whole history a pass reads.
    std::vector<tracking::Observation> history;
    if (record.source == tracking::Source::phq9 || record.source == tracking::Source::gad7) {
        auto recent = store->check_ins(patient_id, {INT64_MIN, record.time_ms, 200});
        if (!recent) return recent.status();
        const std::string_view kind = tracking::source_name(record.source);
        for (const auto& c : *recent) {
            if (c.kind != kind) continue;
            tracking::Observation previous;
            previous.id = c.id;
            previous.time_ms = c.created_at_ms;
            previous.source = record.source;
            previous.score = c.score;
            history.push_back(std::move(previous));
            break;
        }
    }
    history.push_back(std::move(record));
    std::vector<tracking::Alert> found;
    for (auto& a : tracking::detect(history, options.alert_options))
        if (a.evidence_ids.back() == history.back().id) found.push_back(std::move(a));
    return store_alerts(patient_id, found, {});
}

void Platform::Impl::record_written(const std::string& patient_id,
                                    std::optional<tracking::Observation> urgent) {
    if (options.tracking_interval_ms <= 0) {
        if (auto r = track(patient_id); !r)
            log(LogLevel::error, "tracking patient " + patient_id + ": " + r.status().to_string());
        return;
    }
    // The write has succeeded whatever tracking does: a failure is logged, and the background
    // pass below tries again.
    if (urgent) {
        if (auto r = track_record(patient_id, std::move(*urgent)); !r)
            log(LogLevel::error, "tracking patient " + patient_id + ": " + r.status().to_string());
    }
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(tracker.mutex);
    if (tracker.due.contains(patient_id)) return;
    auto when = now;
    if (auto it = tracker.last_run.find(patient_id); it != tracker.last_run.end())
        when = std::max(now, it->second + std::chrono::milliseconds(options.tracking_interval_ms));
    tracker.due[patient_id] = when;
    if (!tracker.thread.joinable()) tracker.thread = std::thread([this] { run_tracker(); });
    tracker.wake.notify_one();
}

void Platform::Impl::run_tracker() {
    std::unique_lock<std::mutex> lock(tracker.mutex);
    while (!tracker.stopping) {
        if (tracker.due.empty()) {
            tracker.wake.wait(lock);
            continue;
        }
        auto next = std::min_element(tracker.due.begin(), tracker.due.end(),
                                     [](const auto& x, const auto& y) { return x.second < y.second; });
        if (next->second > std::chrono::steady_clock::now()) {
            tracker.wake.wait_until(lock, next->second);
            continue;
        }
        const std::string patient_id = next->first;
        tracker.due.erase(next);
        tracker.last_run[patient_id] = std::chrono::steady_clock::now();
        lock.unlock();
        auto r = track(patient_id);
        // An erased patient has no key and no rows left: nothing to track, nothing to say.
        if (!r && r.status().code() != StatusCode::not_found)
            log(LogLevel::error, "tracking patient " + patient_id + ": " + r.status().to_string());
        lock.lock();
    }
}

Platform::Impl::~Impl() {
    {
        std::lock_guard<std::mutex> lock(tracker.mutex);
        tracker.stopping = true;
    }
    tracker.wake.notify_all();
    if (tracker.thread.joinable()) tracker.thread.join();
}

void Platform::Impl::alerts_changed() {
    {
        std::lock_guard<std::mutex> lock(feed_mutex);
        alert_generation.fetch_add(1);
    }
    feed_changed.notify_all();
}

Result<int> Platform::track(const std::string& patient_id) { return impl_->track(patient_id); }

std::uint64_t Platform::alert_generation() const { return impl_->alert_generation.load(); }

std::uint64_t Platform::wait_for_alerts(std::uint64_t seen, std::int64_t timeout_ms) const {
    std::unique_lock<std::mutex> lock(impl_->feed_mutex);
    impl_->feed_changed.wait_for(lock, std::chrono::milliseconds(std::max<std::int64_t>(0, timeout_ms)),
                                 [&] { return impl_->alert_generation.load() != seen; });
    return impl_->alert_generation.load();
}

// ---------------------------------------------------------------------------------------------
// The journey.

Result<JourneyRecord> Platform::journey(const Principal& who, const std::string& patient_id,
                                        std::int64_t from_ms, std::int64_t to_ms) {
    if (from_ms >= to_ms) return Status::invalid_argument("from: must be before to");
    if (to_ms - from_ms > kMaxJourneyMs)
        return Status::invalid_argument("from, to: a journey covers at most 731 days");
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "journey.read"));
    JourneyRecord out;
    out.patient_id = patient_id;
    out.from_ms = from_ms;
    out.to_ms = to_ms;
    // One read serves the period shown and the baselines as of its end, whose window may start
    // before the period.
    const auto& bo = impl_->options.alert_options.baseline;
    const std::int64_t read_from =
        std::min(from_ms, to_ms - static_cast<std::int64_t>(bo.window_days + 1) * kDayMs);
    auto history = impl_->observations(patient_id, read_from, to_ms, Detail::timeline);
    if (!history) {
        impl_->audit(who.id, "journey.read", "patient:" + patient_id, "error");
        return history.status();
    }
    out.timeline = tracking::build_timeline(*history, from_ms, to_ms);
    const auto wide = tracking::build_timeline(*history, read_from, to_ms);
    const std::int64_t last_day = (to_ms - 1) / kDayMs * kDayMs + kDayMs;
    for (const auto& series : wide.series)
        out.baselines.push_back(tracking::baseline(series, last_day, bo));
    if (who.role == Role::clinician) {
        store::AlertQuery q;
        q.status.reset();
        q.from_ms = from_ms;
        q.to_ms = to_ms;
        q.limit = 1000;
        auto rows = impl_->store->alerts(patient_id, q);
        if (!rows) return rows.status();
        Impl::AlertLookups lookups;
        for (auto& row : *rows) {
            auto a = impl_->open_alert(std::move(row), lookups);
            if (!a) return a.status();
            out.alerts.push_back(std::move(a).value());
        }
    }
    impl_->audit(who.id, "journey.read", "patient:" + patient_id, "ok");
    return out;
}

// ---------------------------------------------------------------------------------------------
// Alerts.

Result<AlertRecord> Platform::Impl::open_alert(store::Alert row, AlertLookups& lookups) {
    const auto username = [&](const std::string& id) -> std::string {
        if (id.empty()) return {};
        auto it = lookups.usernames.find(id);
        if (it == lookups.usernames.end()) {
            auto u = store->get_user(id);
            it = lookups.usernames.emplace(id, u ? u->username : std::string("(erased user)")).first;
        }
        return it->second;
    };
    auto found = lookups.keys.find(row.patient_id);
    if (found == lookups.keys.end()) {
        auto unwrapped = data_key(row.patient_id);
        if (!unwrapped) return unwrapped.status();
        found = lookups.keys.emplace(row.patient_id, std::move(unwrapped).value()).first;
    }
    const privacy::DataKey* key = &found->second;
    auto plain = privacy::open(*key, as_view(row.ciphertext),
                               row_aad("alert", row.id, row.patient_id));
    if (!plain) return plain.status().with_context("alert " + row.id);
    const json p = json::parse(*plain, nullptr, false);
    if (p.is_discarded() || !p.is_object()) return Status::corrupt("alert " + row.id + ": bad JSON");
    AlertRecord a;
    a.patient_username = username(row.patient_id);
    a.onset_at_ms = p.value("onset_ms", row.raised_at_ms);
    a.summary = p.value("summary", "");
    a.explanation = p.value("explanation", "");
    if (p.contains("evidence_ids")) a.evidence_ids = p["evidence_ids"].get<std::vector<std::string>>();
    a.details = p.value("details", json::object());
    auto notes = store->alert_notes(row.id);
    if (!notes) return notes.status();
    for (const auto& n : *notes) {
        auto t = privacy::open(*key, as_view(n.ciphertext), row_aad("alert-note", n.id, row.patient_id));
        if (!t) return t.status().with_context("alert note " + n.id);
        const json note = json::parse(*t, nullptr, false);
        if (note.is_discarded()) return Status::corrupt("alert note " + n.id + ": bad JSON");
        const std::string text = note.value("text", "");
        if (note.value("kind", "") == "dismissal") a.dismissed_reason = text;
        if (!text.empty()) a.notes.push_back({username(n.author_id), n.created_at_ms, text});
    }
    a.acknowledged_by = username(row.acknowledged_by);
    a.dismissed_by = username(row.dismissed_by);
    row.ciphertext.clear();
    a.row = std::move(row);
    return a;
}

Result<std::vector<std::string>> Platform::Impl::readable_patients(const Principal& who,
                                                                   const std::string& patient_id,
                                                                   std::string_view action) {
    if (who.role != Role::clinician) {
        audit(who.id, action, who.id, "denied");
        return Status::permission_denied("alerts are for clinicians; this account is a " +
                                         std::string(store::role_name(who.role)));
    }
    if (!patient_id.empty()) {
        ATTUNE_RETURN_IF_ERROR(may_read(who, patient_id, action));
        return std::vector<std::string>{patient_id};
    }
    auto ids = store->patients_of(who.id);
    if (!ids) return ids.status();
    std::vector<std::string> out;
    for (auto& id : *ids) {
        auto c = store->get_consent(id);
        if (c && c->share_with_clinician) out.push_back(std::move(id));
        else if (!c && c.status().code() != StatusCode::not_found) return c.status();
    }
    return out;
}

Result<std::vector<AlertRecord>> Platform::alerts(const Principal& who, const AlertFilter& filter) {
    if (filter.limit < 1 || filter.limit > 1000)
        return Status::invalid_argument("limit: must be 1 to 1000");
    auto patients = impl_->readable_patients(who, filter.patient_id, "alert.read");
    if (!patients) return patients.status();
    store::AlertQuery q;
    q.status = filter.status;
    q.updated_since_ms = filter.updated_since_ms;
    q.limit = filter.limit;
    std::vector<store::Alert> rows;
    for (const auto& id : *patients) {
        auto some = impl_->store->alerts(id, q);
        if (!some) return some.status();
        // Reads of what a patient's alerts say are audited; an empty poll read nothing.
        if (!some->empty()) impl_->audit(who.id, "alert.read", "patient:" + id, "ok");
        rows.insert(rows.end(), std::make_move_iterator(some->begin()),
                    std::make_move_iterator(some->end()));
    }
    std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
        return x.raised_at_ms != y.raised_at_ms ? x.raised_at_ms > y.raised_at_ms : x.id > y.id;
    });
    if (rows.size() > static_cast<std::size_t>(filter.limit)) rows.resize(filter.limit);
    std::vector<AlertRecord> out;
    Impl::AlertLookups lookups;
    for (auto& row : rows) {
        auto a = impl_->open_alert(std::move(row), lookups);
        if (!a) return a.status();
        out.push_back(std::move(a).value());
    }
    return out;
}

namespace {

Status check_note(std::string_view text, bool required) {
    if (required && text.empty()) return Status::invalid_argument("text: must not be empty");
    if (text.size() > kMaxAlertNoteBytes)
        return Status::invalid_argument("text: " + std::to_string(text.size()) +
                                        " bytes is over the limit of " +
                                        std::to_string(kMaxAlertNoteBytes));
    std::size_t bad = 0;
    if (!valid_utf8(text, &bad))
        return Status::invalid_argument("text: invalid UTF-8 at byte " + std::to_string(bad));
    return Status::ok();
}

}  // namespace

// The alert, after checking the clinician may act on its patient (audited when not).
static Result<store::Alert> alert_for(Platform::Impl& impl, const Principal& who,
                                      const std::string& alert_id, std::string_view action) {
    if (who.role != Role::clinician) {
        impl.audit(who.id, action, "alert:" + alert_id, "denied");
        return Status::permission_denied("alerts are for clinicians; this account is a " +
                                         std::string(store::role_name(who.role)));
    }
    auto row = impl.store->get_alert(alert_id);
    if (!row) {
        // An alert of no one's is reported as one the clinician may not see: ids are not probed.
        if (row.status().code() != StatusCode::not_found) return row.status();
        impl.audit(who.id, action, "alert:" + alert_id, "denied");
        return Status::not_found("alert " + alert_id + " not found");
    }
    ATTUNE_RETURN_IF_ERROR(impl.may_read(who, row->patient_id, action));
    return row;
}

static Status add_note(Platform::Impl& impl, const Principal& who, const store::Alert& alert,
                       std::string_view text, std::string_view kind) {
    auto key = impl.data_key(alert.patient_id);
    if (!key) return key.status();
    store::AlertNote n;
    n.id = privacy::random_id();
    n.alert_id = alert.id;
    n.patient_id = alert.patient_id;
    n.author_id = who.id;
    n.created_at_ms = impl.now();
    const json body = {{"kind", kind}, {"text", text}};
    auto sealed = privacy::seal(*key, body.dump(), row_aad("alert-note", n.id, alert.patient_id));
    if (!sealed) return sealed.status();
    n.ciphertext = to_blob(*sealed);
    return impl.store->add_alert_note(n);
}

// After a change: wakes the live feeds and returns the alert as it now is.
static Result<AlertRecord> changed_alert(Platform::Impl& impl, const std::string& alert_id) {
    impl.alerts_changed();
    auto updated = impl.store->get_alert(alert_id);
    if (!updated) return updated.status();
    Platform::Impl::AlertLookups lookups;
    return impl.open_alert(std::move(updated).value(), lookups);
}

Result<AlertRecord> Platform::set_alert_status(const Principal& who, const std::string& alert_id,
                                               store::AlertStatus status, std::string_view note) {
    ATTUNE_RETURN_IF_ERROR(check_note(note, false));
    const std::string action = "alert." + std::string(store::alert_status_name(status));
    auto row = alert_for(*impl_, who, alert_id, action);
    if (!row) return row.status();
    const std::string subject = "patient:" + row->patient_id + "/alert:" + alert_id;
    Status st = impl_->store->set_alert_status(alert_id, status, who.id, impl_->now());
    if (st && !note.empty())
        st = add_note(*impl_, who, *row, note,
                      status == store::AlertStatus::dismissed ? "dismissal" : "note");
    impl_->audit(who.id, action, subject, st ? "ok" : "error");
    if (!st) return st;
    return changed_alert(*impl_, alert_id);
}

Result<AlertRecord> Platform::annotate_alert(const Principal& who, const std::string& alert_id,
                                             std::string_view text) {
    ATTUNE_RETURN_IF_ERROR(check_note(text, true));
    auto row = alert_for(*impl_, who, alert_id, "alert.annotate");
    if (!row) return row.status();
    const Status st = add_note(*impl_, who, *row, text, "note");
    impl_->audit(who.id, "alert.annotate", "patient:" + row->patient_id + "/alert:" + alert_id,
                 st ? "ok" : "error");
    if (!st) return st;
    return changed_alert(*impl_, alert_id);
}

}  // namespace attune::platform
