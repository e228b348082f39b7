// SPDX-License-Identifier: Apache-2.0
// The companion on the platform (issue #6): each patient's conversation state and messages
// sealed under their key, turns saved on the state they were built on, crisis replies raising
// an alert for the clinician in the same transaction, and the safety plan and the settings
// (locale, UTC offset) shared with the clinician.
#include <algorithm>
#include <cstdlib>
#include <functional>

#include "platform/internal.hpp"

namespace attune::platform {
namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kMaxMessageBytes = 10'000;
// How many times a turn is redone when another turn of the same conversation was saved first.
// Each redo reads the state the other left, so only a burst of simultaneous messages from one
// patient gets this far.
constexpr int kMaxAttempts = 8;

// The row kinds of the associated data (row_aad): a sealed blob opens only as the row it was
// written for.
constexpr std::string_view kStateAad = "companion-state";
constexpr std::string_view kChatAad = "chat";

// What a stored companion reply keeps of care::Reply (besides its text): enough to show it again
// as it was shown (an escalated reply in its crisis style, with its resources) and for a
// clinician to read what kind of reply it was, and, when it offered or started an exercise, the
// bandit's decision (its probabilities, why in words and in numbers): the audit trail of every
// exercise choice, kept with the reply it led to.
json reply_fields(const care::Reply& r) {
    const auto j = r.to_json();
    json out;
    for (const char* key : {"intent", "technique", "exercise", "step"}) out[key] = j[key];
    out["safety"] = j["safety"];
    for (const char* key : {"outcome", "decision"})
        if (j.contains(key)) out[key] = j[key];
    return out;
}

Status check_message(std::string_view message) {
    if (message.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return Status::invalid_argument("message: must not be empty");
    if (message.size() > kMaxMessageBytes)
        return Status::invalid_argument("message: " + std::to_string(message.size()) +
                                        " bytes is over the limit of " +
                                        std::to_string(kMaxMessageBytes));
    std::size_t bad = 0;
    if (!valid_utf8(message, &bad))
        return Status::invalid_argument("message: invalid UTF-8 at byte " + std::to_string(bad));
    return Status::ok();
}

// unsupported when the server runs without the companion (Options::companion).
Status require_companion(const Platform::Impl& impl) {
    if (!impl.companion)
        return Status::unsupported("the companion is not configured on this server");
    return Status::ok();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// State.

Result<Platform::Impl::PersonState> Platform::Impl::load_person(const std::string& patient_id,
                                                                const privacy::DataKey& key) {
    auto row = store->get_companion_state(patient_id);
    if (!row) {
        if (row.status().code() == StatusCode::not_found) return PersonState{};
        return row.status();
    }
    auto plain =
        privacy::open(key, as_view(row->ciphertext), row_aad(kStateAad, patient_id, patient_id));
    if (!plain) return plain.status().with_context("companion state of patient " + patient_id);
    const auto j = nlohmann::json::parse(*plain, nullptr, false);
    if (j.is_discarded())
        return Status::corrupt("companion state of patient " + patient_id + ": bad JSON");
    auto person = care::Person::from_json(j);
    if (!person)
        return Status::corrupt("companion state of patient " + patient_id + ": " +
                               person.status().message());
    return PersonState{std::move(person).value(), row->version};
}

Result<store::CompanionState> Platform::Impl::seal_person(const std::string& patient_id,
                                                          const care::Person& person,
                                                          std::int64_t read,
                                                          const privacy::DataKey& key,
                                                          std::int64_t now_ms) {
    auto sealed =
        privacy::seal(key, person.to_json().dump(), row_aad(kStateAad, patient_id, patient_id));
    if (!sealed) return sealed.status();
    return store::CompanionState{patient_id, read + 1, now_ms, to_blob(*sealed)};
}

// ---------------------------------------------------------------------------------------------
// Conversation.

Result<ChatTurn> Platform::chat(const Principal& who, std::string_view message) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "chat.message"));
    auto consent = impl_->store->get_consent(who.id);
    if (!consent && consent.status().code() != StatusCode::not_found) return consent.status();
    if (!consent || !consent->text) {
        impl_->audit(who.id, "chat.message", "patient:" + who.id, "denied");
        return Status::permission_denied(
            "the companion needs your consent to text analysis: it reads each message to "
            "answer it (turn on text in your consent)");
    }
    ATTUNE_RETURN_IF_ERROR(check_message(message));
    ATTUNE_RETURN_IF_ERROR(require_companion(*impl_));
    auto key = impl_->data_key(who.id);
    if (!key) return key.status();
    auto clinicians = impl_->store->clinicians_of(who.id);
    if (!clinicians) return clinicians.status();

    care::MessageContext context;
    context.now_ms = impl_->now();
    // The reply may say the care team was told only when a clinician will see the alert.
    context.clinician_alerted = consent->share_with_clinician && !clinicians->empty();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto state = impl_->load_person(who.id, *key);
        if (!state) return state.status();
        auto reply = impl_->companion->reply(state->person, message, context);
        if (!reply) return reply.status();

        ChatTurn turn;
        turn.reply = std::move(reply).value();
        turn.message_id = privacy::random_id();
        turn.reply_id = privacy::random_id();
        std::vector<store::ChatMessage> rows;
        const auto add_row = [&](const std::string& id, store::ChatRole role, const json& body,
                                 CrisisLevel crisis) -> Status {
            auto sealed = privacy::seal(*key, body.dump(), row_aad(kChatAad, id, who.id));
            if (!sealed) return sealed.status();
            rows.push_back({id, who.id, context.now_ms, role, to_blob(*sealed), crisis});
            return Status::ok();
        };
        // The person's message keeps the level the safety gate found: the journey and the
        // patient's risk read it (Impl::observations).
        ATTUNE_RETURN_IF_ERROR(add_row(turn.message_id, store::ChatRole::person,
                                       {{"text", std::string(message)}}, turn.reply.safety.level));
        json reply_body{{"text", turn.reply.reply}};
        reply_body.update(reply_fields(turn.reply));
        ATTUNE_RETURN_IF_ERROR(
            add_row(turn.reply_id, store::ChatRole::companion, reply_body, CrisisLevel::none));
        std::vector<store::Alert> alerts;
        if (turn.reply.safety.escalated) {
            const auto& s = turn.reply.safety;
            auto alert =
                impl_->seal_alert(who.id,
                                  tracking::companion_crisis_alert(turn.message_id, context.now_ms,
                                                                   s.level, s.evidence, s.urgent),
                                  *key, context.now_ms);
            if (!alert) return alert.status();
            alerts.push_back(std::move(alert).value());
        }
        auto row = impl_->seal_person(who.id, state->person, state->version, *key, context.now_ms);
        if (!row) return row.status();
        const std::string subject = "patient:" + who.id + "/chat:" + turn.message_id;
        auto saved = impl_->store->save_companion(*row, rows, alerts);
        if (!saved) {
            impl_->audit(who.id, "chat.message", subject, "error");
            return saved.status();
        }
        if (!*saved) continue;  // another turn was saved first: answer on top of it
        impl_->audit(who.id, "chat.message", subject, "ok");
        if (!alerts.empty()) {
            turn.alert_id = alerts.front().id;
            impl_->audit("system", "alert.create", "patient:" + who.id + "/alert:" + turn.alert_id,
                         "ok");
            impl_->alerts_changed();
        }
        return turn;
    }
    impl_->audit(who.id, "chat.message", "patient:" + who.id, "error");
    return Status::io_error("the conversation changed under " + std::to_string(kMaxAttempts) +
                            " attempts to answer: try again");
}

Result<care::Reply> Platform::greeting(const Principal& who) {
    ATTUNE_RETURN_IF_ERROR(impl_->require_patient(who, "chat.greeting"));
    ATTUNE_RETURN_IF_ERROR(require_companion(*impl_));
    auto key = impl_->data_key(who.id);
    if (!key) return key.status();
    care::MessageContext context;
    context.now_ms = impl_->now();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto state = impl_->load_person(who.id, *key);
        if (!state) return state.status();
        const auto before = state->person.to_json();
        auto reply = impl_->companion->greet(state->person, context);
        // Greeting mid-conversation changes nothing: nothing to store.
        if (state->person.to_json() == before) {
            impl_->audit(who.id, "chat.greeting", "patient:" + who.id, "ok");
            return reply;
        }
        auto row = impl_->seal_person(who.id, state->person, state->version, *key, context.now_ms);
        if (!row) return row.status();
        auto saved = impl_->store->save_companion(*row, {}, {});
        if (!saved) {
            impl_->audit(who.id, "chat.greeting", "patient:" + who.id, "error");
            return saved.status();
        }
        if (!*saved) continue;
        impl_->audit(who.id, "chat.greeting", "patient:" + who.id, "ok");
        return reply;
    }
    return Status::io_error("the conversation changed under " + std::to_string(kMaxAttempts) +
                            " attempts to greet: try again");
}

Result<std::vector<ChatMessageRecord>> Platform::chat_history(const Principal& who,
                                                              const std::string& patient_id,
                                                              const store::TimeRange& range) {
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "chat.read"));
    auto read = [&]() -> Result<std::vector<ChatMessageRecord>> {
        auto rows = impl_->store->chat_messages(patient_id, range);
        if (!rows) return rows.status();
        std::vector<ChatMessageRecord> out;
        if (rows->empty()) return out;
        auto key = impl_->data_key(patient_id);
        if (!key) return key.status();
        for (const auto& m : *rows) {
            auto plain =
                privacy::open(*key, as_view(m.ciphertext), row_aad(kChatAad, m.id, patient_id));
            if (!plain) return plain.status().with_context("chat message " + m.id);
            auto body = json::parse(*plain, nullptr, false);
            if (!body.is_object() || !body.contains("text") || !body["text"].is_string())
                return Status::corrupt("chat message " + m.id + ": bad JSON");
            ChatMessageRecord r{m.id,
                                m.patient_id,
                                m.created_at_ms,
                                m.role,
                                body["text"].get<std::string>(),
                                json::object(),
                                m.crisis_level};
            body.erase("text");
            if (m.role == store::ChatRole::companion) r.reply = std::move(body);
            out.push_back(std::move(r));
        }
        return out;
    };
    auto out = read();
    impl_->audit(who.id, "chat.read", "patient:" + patient_id, out ? "ok" : "error");
    return out;
}

// ---------------------------------------------------------------------------------------------
// The safety plan and the settings: edits of the companion state between turns.

namespace {

// The bound care::Person::from_json keeps: no place is further than 14 hours from UTC.
constexpr int kMaxUtcOffsetMin = 14 * 60;

// Applies `change` to the patient's companion state and saves it on top of the state it was
// read from; when another write came first (a turn of the conversation, another edit) the
// change is redone on the newer state. Returns the person as saved. `what` ends the error
// ("... attempts to save the plan").
Result<care::Person> update_person(Platform::Impl& impl, const std::string& patient_id,
                                   std::int64_t now_ms,
                                   const std::function<void(care::Person&)>& change,
                                   std::string_view what) {
    auto key = impl.data_key(patient_id);
    if (!key) return key.status();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto state = impl.load_person(patient_id, *key);
        if (!state) return state.status();
        change(state->person);
        auto row = impl.seal_person(patient_id, state->person, state->version, *key, now_ms);
        if (!row) return row.status();
        auto saved = impl.store->save_companion(*row, {}, {});
        if (!saved) return saved.status();
        if (*saved) return std::move(state->person);
    }
    return Status::io_error("the conversation changed under " + std::to_string(kMaxAttempts) +
                            " attempts to " + std::string(what) + ": try again");
}

SafetyPlanRecord plan_record(const Platform::Impl& impl, const std::string& patient_id,
                             const care::Person& person) {
    SafetyPlanRecord r;
    r.patient_id = patient_id;
    r.plan = person.safety_plan;
    if (impl.companion) r.crisis = impl.companion->resources(person.locale);
    return r;
}

CompanionSettings settings_record(const care::Companion& companion,
                                  const std::string& patient_id, const care::Person& person) {
    return {patient_id, person.locale, person.utc_offset_min, companion.locales()};
}

Status check_settings(const care::Companion& companion, const std::optional<std::string>& locale,
                      std::optional<int> utc_offset_min) {
    const auto& known = companion.locales();
    if (locale && std::find(known.begin(), known.end(), *locale) == known.end()) {
        std::string list;
        for (const auto& l : known) list += (list.empty() ? "" : ", ") + l;
        return Status::invalid_argument("locale: no crisis lines for " + json(*locale).dump() +
                                        "; known: " + list);
    }
    if (utc_offset_min && std::abs(*utc_offset_min) > kMaxUtcOffsetMin)
        return Status::invalid_argument("utc_offset_min: must be within -840..840 minutes, got " +
                                        std::to_string(*utc_offset_min));
    return Status::ok();
}

}  // namespace

Result<SafetyPlanRecord> Platform::safety_plan(const Principal& who,
                                               const std::string& patient_id) {
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "safety_plan.read"));
    auto read = [&]() -> Result<SafetyPlanRecord> {
        auto key = impl_->data_key(patient_id);
        if (!key) return key.status();
        auto state = impl_->load_person(patient_id, *key);
        if (!state) return state.status();
        return plan_record(*impl_, patient_id, state->person);
    };
    auto out = read();
    impl_->audit(who.id, "safety_plan.read", "patient:" + patient_id, out ? "ok" : "error");
    return out;
}

Result<SafetyPlanRecord> Platform::set_safety_plan(const Principal& who,
                                                   const std::string& patient_id,
                                                   const care::SafetyPlan& plan) {
    // Writing follows the read rule: the patient, or their assigned clinician while the patient
    // shares (a safety plan is written together, Stanley & Brown 2012).
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "safety_plan.update"));
    const std::int64_t now_ms = impl_->now();
    auto person = update_person(
        *impl_, patient_id, now_ms,
        [&](care::Person& p) {
            p.safety_plan = plan;
            p.safety_plan.updated_at_ms = now_ms;
            p.safety_plan.updated_by = who.username;
        },
        "save the plan");
    impl_->audit(who.id, "safety_plan.update", "patient:" + patient_id, person ? "ok" : "error");
    if (!person) return person.status();
    return plan_record(*impl_, patient_id, *person);
}

Result<CompanionSettings> Platform::companion_settings(const Principal& who,
                                                       const std::string& patient_id) {
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "companion_settings.read"));
    ATTUNE_RETURN_IF_ERROR(require_companion(*impl_));
    auto read = [&]() -> Result<CompanionSettings> {
        auto key = impl_->data_key(patient_id);
        if (!key) return key.status();
        auto state = impl_->load_person(patient_id, *key);
        if (!state) return state.status();
        return settings_record(*impl_->companion, patient_id, state->person);
    };
    auto out = read();
    impl_->audit(who.id, "companion_settings.read", "patient:" + patient_id,
                 out ? "ok" : "error");
    return out;
}

Result<CompanionSettings> Platform::set_companion_settings(const Principal& who,
                                                           const std::string& patient_id,
                                                           std::optional<std::string> locale,
                                                           std::optional<int> utc_offset_min) {
    // The safety plan's rule: the crisis lines are part of it, and the clinician may know
    // better where the patient now lives.
    ATTUNE_RETURN_IF_ERROR(impl_->may_read(who, patient_id, "companion_settings.update"));
    ATTUNE_RETURN_IF_ERROR(require_companion(*impl_));
    // Refused before anything is read or written, like a chat message that does not validate.
    ATTUNE_RETURN_IF_ERROR(check_settings(*impl_->companion, locale, utc_offset_min));
    auto person = update_person(
        *impl_, patient_id, impl_->now(),
        [&](care::Person& p) {
            if (locale) p.locale = *locale;
            if (utc_offset_min) p.utc_offset_min = *utc_offset_min;
        },
        "save the settings");
    impl_->audit(who.id, "companion_settings.update", "patient:" + patient_id,
                 person ? "ok" : "error");
    if (!person) return person.status();
    return settings_record(*impl_->companion, patient_id, *person);
}

// ---------------------------------------------------------------------------------------------
// The population prior.

Result<care::BanditPrior> Platform::fit_companion_prior() {
    ATTUNE_RETURN_IF_ERROR(require_companion(*impl_));
    std::vector<std::string> arms;
    for (const auto& ex : impl_->companion->exercises()) arms.push_back(ex.id);
    auto users = impl_->store->list_users();
    if (!users) return users.status();
    std::vector<care::BanditCohortStats> people;
    int consenting = 0;
    for (const auto& u : *users) {
        if (u.role != Role::patient) continue;
        auto consent = impl_->store->get_consent(u.id);
        if (!consent && consent.status().code() != StatusCode::not_found) return consent.status();
        if (!consent || !consent->pool_outcomes) continue;
        ++consenting;
        auto read = [&]() -> Result<Impl::PersonState> {
            auto key = impl_->data_key(u.id);
            if (!key) return key.status();
            return impl_->load_person(u.id, *key);
        };
        auto state = read();
        impl_->audit("system", "companion.pool_outcomes", "patient:" + u.id,
                     state ? "ok" : "error");
        if (!state) return state.status();
        const auto& stats = state->person.bandit.arms;
        if (std::any_of(stats.begin(), stats.end(), [&](const auto& a) {
                return a.second.n > 0 && std::find(arms.begin(), arms.end(), a.first) != arms.end();
            }))
            people.push_back(stats);
    }
    if (people.size() < static_cast<std::size_t>(kMinPooledPatients))
        return Status::failed_precondition(
            "a population prior needs the exercise outcomes of at least " +
            std::to_string(kMinPooledPatients) +
            " patients who consent to pool them (pool_outcomes); this clinic has " +
            std::to_string(people.size()) + " (" + std::to_string(consenting) +
            (consenting == 1 ? " patient consents" : " patients consent") + "; " +
            std::to_string(consenting - static_cast<int>(people.size())) +
            " of them without exercise outcomes yet)");
    auto prior = care::fit_bandit_prior(people, arms);
    if (!prior)
        return prior.status().with_context("the exercise outcomes of " +
                                           std::to_string(people.size()) +
                                           " patients cannot make a prior yet");
    return prior;
}

}  // namespace attune::platform
