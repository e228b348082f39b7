// SPDX-License-Identifier: Apache-2.0
// The companion's dialogue engine: the order in which a message is handled (safety, scope,
// requests, the exercise under way, free talk) is described in include/attune/care.hpp. The
// safety path is deterministic: it depends only on the text engine's crisis grade of this
// message and on the person's answer to "Are you safe right now?", never on a learned policy.
#include <algorithm>
#include <cmath>

#include "internal.hpp"

namespace attune::care {
namespace {

using detail::FeelingGroup;

constexpr std::int64_t kHourMs = 3'600'000;
// A gap longer than this starts a new conversation (an exercise left half-way is offered to be
// carried on).
constexpr std::int64_t kNewConversationMs = 6 * kHourMs;
// No exercise is offered for this long after crisis language.
constexpr std::int64_t kCrisisQuietMs = 24 * kHourMs;
constexpr std::size_t kMaxMessageBytes = 10'000;
// Answers quoted back in a step ("{thought}") are cut to this many bytes.
constexpr std::size_t kMaxQuoteBytes = 200;
// Turns between two offers of an exercise.
constexpr int kTurnsBetweenOffers = 3;

constexpr std::string_view kNotAPerson =
    "No, I'm not a person. I'm Attune's companion, a computer program running on this device. "
    "I can listen and guide short exercises, and your clinician is the person to talk to about "
    "your care.";
constexpr std::string_view kMedical =
    "I can't give a diagnosis or advice about medication: that needs your clinician or "
    "prescriber, who knows your history. Please don't start, stop or change a medication "
    "without talking to them. I'm glad to keep listening, or to do an exercise with you.";
constexpr std::string_view kOutOfScope =
    "That's outside what I can help with. I'm here for how you're feeling and for short "
    "exercises that can help with it.";

std::string quote(std::string_view answer) {
    if (answer.size() <= kMaxQuoteBytes) return std::string(answer);
    std::size_t cut = kMaxQuoteBytes;
    while (cut > 0 && (static_cast<unsigned char>(answer[cut]) & 0xC0) == 0x80) --cut;
    const auto space = answer.rfind(' ', cut);
    if (space != std::string_view::npos && space > kMaxQuoteBytes / 2) cut = space;
    return std::string(answer.substr(0, cut)) + "...";
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

void join(std::string& out, std::string_view part) {
    if (part.empty()) return;
    if (!out.empty()) out += out.back() == '\n' ? "" : " ";
    out += part;
}

std::string line_text(const CrisisLine& l) {
    std::string s = l.name + ": " + l.contact;
    if (!l.hours.empty()) s += " (" + l.hours + ")";
    return s;
}

std::vector<std::string> resource_list(const CrisisResources& r, bool urgent) {
    std::vector<std::string> out;
    const auto emergency = "Emergency: " + r.emergency;
    if (urgent) out.push_back(emergency);
    for (const auto& l : r.lines) out.push_back(line_text(l));
    if (!urgent) out.push_back(emergency);
    return out;
}

std::string plan_text(const SafetyPlan& plan) {
    if (plan.empty())
        return "You don't have a safety plan yet. Making one with your clinician can help in "
               "moments like this.";
    std::string s = "Your safety plan:";
    const std::pair<std::string_view, const std::vector<std::string>*> sections[] = {
        {"Warning signs", &plan.warning_signs},
        {"Things that help you cope", &plan.coping_strategies},
        {"People and places", &plan.people_and_places},
        {"Professionals", &plan.professionals},
    };
    for (const auto& [title, items] : sections) {
        if (items->empty()) continue;
        s += "\n- ";
        s += title;
        s += ": ";
        for (std::size_t i = 0; i < items->size(); ++i) s += (i ? "; " : "") + (*items)[i];
    }
    return s;
}

std::int64_t to_int64(const nlohmann::json& j) { return j.get<std::int64_t>(); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// State as JSON

nlohmann::json Conversation::to_json() const {
    nlohmann::json j = {{"started_at_ms", started_at_ms}, {"last_at_ms", last_at_ms},
                        {"turns", turns},                 {"exercise", exercise},
                        {"step", step},                   {"saved", saved},
                        {"offered", offered},             {"offered_resume", offered_resume},
                        {"decision_id", decision_id},     {"phrasings", phrasings},
                        {"why", why},                     {"offer_turn", offer_turn},
                        {"listed", listed},               {"crisis_at_ms", crisis_at_ms},
                        {"safety_check", safety_check},   {"engaged", engaged}};
    j["mood_before"] = mood_before ? nlohmann::json(*mood_before) : nlohmann::json();
    return j;
}

Result<Conversation> Conversation::from_json(const nlohmann::json& j) {
    if (!j.is_object()) return Status::invalid_argument("conversation: expected a JSON object");
    Conversation c;
    try {
        c.started_at_ms = to_int64(j.at("started_at_ms"));
        c.last_at_ms = to_int64(j.at("last_at_ms"));
        c.turns = j.at("turns").get<int>();
        c.exercise = j.at("exercise").get<std::string>();
        c.step = j.at("step").get<std::string>();
        c.saved = j.at("saved").get<std::map<std::string, std::string>>();
        if (!j.at("mood_before").is_null()) c.mood_before = j.at("mood_before").get<int>();
        c.offered = j.at("offered").get<std::string>();
        c.offered_resume = j.at("offered_resume").get<bool>();
        c.decision_id = j.at("decision_id").get<std::string>();
        c.phrasings = j.at("phrasings").get<std::vector<std::string>>();
        c.why = j.at("why").get<std::string>();
        c.offer_turn = j.at("offer_turn").get<int>();
        c.listed = j.at("listed").get<bool>();
        c.crisis_at_ms = to_int64(j.at("crisis_at_ms"));
        c.safety_check = j.at("safety_check").get<bool>();
        // Absent in a state saved before it was kept: an exercise under way then counts as begun.
        c.engaged = j.value("engaged", true);
    } catch (const nlohmann::json::exception& e) {
        return Status::invalid_argument(std::string("conversation: ") + e.what());
    }
    return c;
}

nlohmann::json Person::to_json() const {
    return {{"conversation", conversation.to_json()},
            {"safety_plan", safety_plan.to_json()},
            {"bandit", bandit.to_json()},
            {"locale", locale},
            {"utc_offset_min", utc_offset_min}};
}

Result<Person> Person::from_json(const nlohmann::json& j) {
    if (!j.is_object()) return Status::invalid_argument("person: expected a JSON object");
    Person p;
    for (const char* key : {"conversation", "safety_plan", "bandit", "locale", "utc_offset_min"})
        if (!j.contains(key)) return Status::invalid_argument(std::string("person: missing ") + key);
    auto c = Conversation::from_json(j["conversation"]);
    if (!c) return c.status().with_context("person");
    p.conversation = std::move(*c);
    auto plan = SafetyPlan::from_json(j["safety_plan"]);
    if (!plan) return plan.status().with_context("person");
    p.safety_plan = std::move(*plan);
    auto bandit = BanditState::from_json(j["bandit"]);
    if (!bandit) return bandit.status().with_context("person: bandit");
    p.bandit = std::move(*bandit);
    if (!j["locale"].is_string()) return Status::invalid_argument("person: locale must be a string");
    p.locale = j["locale"];
    if (!j["utc_offset_min"].is_number_integer() || std::abs(j["utc_offset_min"].get<int>()) > 14 * 60)
        return Status::invalid_argument("person: utc_offset_min must be a whole number of minutes within +-840");
    p.utc_offset_min = j["utc_offset_min"];
    return p;
}

nlohmann::json Reply::to_json() const {
    nlohmann::json j;
    j["reply"] = reply;
    j["intent"] = intent;
    j["technique"] = technique ? nlohmann::json(*technique) : nlohmann::json();
    j["exercise"] = exercise ? nlohmann::json(*exercise) : nlohmann::json();
    j["step"] = step;
    if (timing) {
        auto phases = nlohmann::json::array();
        for (const auto& p : timing->phases)
            phases.push_back({{"phase", p.kind == BreathPhase::in     ? "in"
                                        : p.kind == BreathPhase::hold ? "hold"
                                                                      : "out"},
                              {"seconds", p.seconds}});
        j["timing"] = {{"phases", phases}, {"rounds", timing->rounds}, {"total_s", timing->total_s()}};
    }
    j["safety"] = {{"level", crisis_level_name(safety.level)},
                   {"escalated", safety.escalated},
                   {"urgent", safety.urgent},
                   {"evidence", safety.evidence},
                   {"resources", safety.resources}};
    j["feeling"] = feeling;
    j["distortions"] = distortions;
    if (outcome) {
        nlohmann::json o = {{"exercise", outcome->exercise}, {"completed", outcome->completed}};
        o["mood_before"] = outcome->mood_before ? nlohmann::json(*outcome->mood_before) : nlohmann::json();
        o["mood_after"] = outcome->mood_after ? nlohmann::json(*outcome->mood_after) : nlohmann::json();
        o["reward"] = outcome->reward ? nlohmann::json(*outcome->reward) : nlohmann::json();
        j["outcome"] = o;
    }
    if (decision)
        j["decision"] = {{"id", decision->id},
                         {"chosen", decision->chosen},
                         {"picked_by_person", decision->picked_by_person},
                         {"arms", decision->arms},
                         {"probabilities", decision->probabilities},
                         {"why", decision->why},
                         {"why_numbers", decision->why_numbers}};
    return j;
}

// ---------------------------------------------------------------------------------------------
// The engine

struct Companion::Impl {
    std::shared_ptr<const text::Analyzer> analyzer;
    std::vector<Exercise> exercises;
    std::vector<CrisisResources> lines;  // the default locale first
    std::vector<std::string> locales;    // of `lines`, sorted
    Bandit bandit;

    Impl(std::shared_ptr<const text::Analyzer> a, std::vector<Exercise> ex,
         std::vector<CrisisResources> l, BanditOptions options)
        : analyzer(std::move(a)),
          exercises(std::move(ex)),
          lines(std::move(l)),
          locales(sorted_locales(lines)),
          bandit(ids(exercises), options) {}

    static std::vector<std::string> sorted_locales(const std::vector<CrisisResources>& all) {
        std::vector<std::string> out;
        for (const auto& r : all) out.push_back(r.locale);
        std::sort(out.begin(), out.end());
        return out;
    }

    static std::vector<std::string> ids(const std::vector<Exercise>& all) {
        std::vector<std::string> out;
        for (const auto& e : all) out.push_back(e.id);
        return out;
    }

    const Exercise* find(std::string_view id) const {
        for (const auto& e : exercises)
            if (e.id == id) return &e;
        return nullptr;
    }

    const CrisisResources& resources(std::string_view locale) const {
        for (const auto& r : lines)
            if (r.locale == locale) return r;
        return lines.front();
    }
};

namespace {

// One message being answered: the person's state, the reply being built, and
// what the text engine found.
struct Turn {
    const Companion::Impl& impl;
    Person& person;
    const MessageContext& ctx;
    const text::Analysis& analysis;
    const std::string& message;  // normalised and trimmed
    std::string folded;
    std::optional<detail::Feeling> feeling;
    std::uint64_t salt = 0;
    Reply reply;

    Conversation& conv() { return person.conversation; }
    const Conversation& conv() const { return person.conversation; }

    std::string reflection() { return detail::reflect(feeling, conv().phrasings, salt); }

    // The moments this message shows (care::moments()), read from the analysis.
    std::vector<std::string_view> moments() const {
        std::vector<std::string_view> out;
        const double v = analysis.vad.valence, a = analysis.vad.arousal;
        const auto group = feeling ? feeling->group : FeelingGroup::neutral;
        if (group == FeelingGroup::distress || (v < 0 && a > 0.25)) out.push_back("distress");
        if (group == FeelingGroup::low || (analysis.sentiment.compound <= -0.3 && a <= 0.25))
            out.push_back("low");
        if (!analysis.distortions.empty()) out.push_back("thinking");
        const auto has = [&](std::initializer_list<std::string_view> words) {
            return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
                return folded.find(w) != std::string::npos;
            });
        };
        if (has({"worry", "worried", "what if", "anxious about", "nervous about"}))
            out.push_back("worry");
        if (has({"sleep", "insomnia", "awake at night", "lie awake", "nightmare"}))
            out.push_back("sleep");
        if (group == FeelingGroup::positive) out.push_back("positive");
        return out;
    }

    // The exercises that suit the first of those moments in the order sleep, worry, distress,
    // thinking, low, positive: the most specific first ("I can't sleep" asks for sleep habits
    // before anything for a low mood), and a body in distress calmed before a thought is worked
    // on (the learned distortion scorer also reads panic as a thinking pattern); an exercise
    // without `suits:` suits any. Empty when the message shows no moment, or
    // when every exercise suits it (every arm in play).
    std::vector<std::string> eligible() const {
        const auto now = moments();
        std::string_view moment;
        for (std::string_view m : {"sleep", "worry", "distress", "thinking", "low", "positive"})
            if (moment.empty() && std::find(now.begin(), now.end(), m) != now.end()) moment = m;
        if (moment.empty()) return {};
        std::vector<std::string> out;
        for (const auto& ex : impl.exercises)
            if (ex.suits.empty() ||
                std::find(ex.suits.begin(), ex.suits.end(), moment) != ex.suits.end())
                out.push_back(ex.id);
        if (out.size() == impl.exercises.size()) out.clear();
        return out;
    }

    BanditContext bandit_context() const {
        BanditContext b;
        b.valence = analysis.vad.valence;
        b.arousal = analysis.vad.arousal;
        const std::int64_t local_min = ctx.now_ms / 60'000 + person.utc_offset_min;
        b.hour = static_cast<int>(((local_min / 60) % 24 + 24) % 24);
        b.sleep_h = ctx.sleep_h;
        b.activity = ctx.activity;
        b.in_crisis = conv().crisis_at_ms != 0 && ctx.now_ms - conv().crisis_at_ms < kCrisisQuietMs;
        return b;
    }

    // The text of a step with its placeholders filled.
    std::string say(const Step& step) {
        std::string out;
        const auto& saved = conv().saved;
        for (std::size_t i = 0; i < step.say.size();) {
            const auto open = step.say.find('{', i);
            if (open == std::string::npos) {
                out += step.say.substr(i);
                break;
            }
            const auto close = step.say.find('}', open);
            if (close == std::string::npos) {
                out += step.say.substr(i);
                break;
            }
            out += step.say.substr(i, open - i);
            const auto name = step.say.substr(open + 1, close - open - 1);
            const auto it = saved.find(name);
            if (it != saved.end() && !it->second.empty())
                out += it->second;
            else if (name == "feeling")
                out += "upset";
            else if (name == "distortion")
                out += detail::kNoDistortion;
            else if (name == "distortion_question")
                out += detail::kNoDistortionQuestion;
            else
                out += "that";
            i = close + 1;
        }
        std::replace(out.begin(), out.end(), '\n', ' ');
        return out;
    }

    // The step as it is asked again: its last `say:` line, usually the question itself.
    static Step last_line(const Step& step) {
        Step s = step;
        if (const auto nl = s.say.rfind('\n'); nl != std::string::npos) s.say = s.say.substr(nl + 1);
        return s;
    }

    // Speaks from step `id` on, through the steps that only speak, up to the next question.
    void advance(const Exercise& ex, std::string id, std::string& text) {
        for (int guard = 0; guard < 64 && id != "end"; ++guard) {
            const Step* st = ex.find(id);
            if (!st) break;  // the validator guarantees targets exist
            join(text, say(*st));
            if (st->timing) reply.timing = st->timing;
            // The exercise itself has begun once a step beyond the ratings and yes/no questions
            // ("Shall we begin?") is reached; a "no" that goes straight to the after-rating
            // declined it.
            if (st->rate == Rating::none && st->ask.type != AnswerType::yes_no)
                conv().engaged = true;
            if (st->ask.type != AnswerType::none) {
                conv().step = st->id;
                reply.step = st->id;
                return;
            }
            id = st->next;
        }
    }

    void mark_exercise(const Exercise& ex) {
        reply.technique = ex.technique;
        reply.exercise = ex.id;
    }

    void start(const Exercise& ex, std::string& text) {
        auto& c = conv();
        c.exercise = ex.id;
        c.step.clear();
        c.mood_before.reset();
        c.engaged = false;
        c.offered.clear();
        c.offered_resume = false;
        // Keep the engine's placeholders; drop the answers of any earlier exercise.
        std::map<std::string, std::string> keep;
        for (const auto& name : engine_placeholders())
            if (auto it = c.saved.find(std::string(name)); it != c.saved.end()) keep.insert(*it);
        c.saved = std::move(keep);
        mark_exercise(ex);
        reply.intent = "exercise";
        advance(ex, ex.steps.front().id, text);
    }

    // Ends the exercise under way; the bandit learns the reward when it chose it.
    void finish(std::optional<int> after, bool completed) {
        auto& c = conv();
        ExerciseOutcome o;
        o.exercise = c.exercise;
        o.mood_before = c.mood_before;
        o.mood_after = after;
        o.completed = completed;
        if (!c.decision_id.empty()) {
            const double r = bandit_reward(o.mood_before, o.mood_after, completed);
            if (impl.bandit.update(person.bandit, c.decision_id, r)) o.reward = r;
        }
        reply.outcome = o;
        c.exercise.clear();
        c.step.clear();
        c.mood_before.reset();
        c.decision_id.clear();
        c.why.clear();
    }

    // The offered exercise was declined (or ignored): the bandit learns that too.
    void decline_offer() {
        auto& c = conv();
        if (!c.decision_id.empty())
            (void)impl.bandit.update(person.bandit, c.decision_id,
                                     bandit_reward(std::nullopt, std::nullopt, false));
        c.offered.clear();
        c.decision_id.clear();
        c.why.clear();
    }

    // After an aside (not a person, medication, ...): brings the person back to where they were.
    void reprompt(std::string& text) {
        auto& c = conv();
        if (!c.exercise.empty()) {
            if (const Exercise* ex = impl.find(c.exercise); ex && ex->find(c.step)) {
                mark_exercise(*ex);
                join(text, "When you're ready, back to " + ex->title + ":");
                join(text, say(last_line(*ex->find(c.step))));
                reply.step = c.step;
            }
        } else if (!c.offered.empty()) {
            if (const Exercise* ex = impl.find(c.offered))
                join(text, "Would you still like to try " + ex->title + "?");
        }
    }

    void safety(bool unsafe_answer) {
        auto& c = conv();
        const auto& res = impl.resources(person.locale);
        const bool urgent = unsafe_answer || analysis.crisis.level >= CrisisLevel::plan;
        reply.intent = "safety";
        reply.safety.escalated = true;
        reply.safety.urgent = urgent;
        reply.safety.resources = resource_list(res, urgent);
        if (unsafe_answer)
            reply.safety.evidence.push_back("answered \"" + quote(message) +
                                            "\" to \"Are you safe right now?\"");
        const bool left = !c.exercise.empty();
        if (left) finish(std::nullopt, false);
        if (!c.offered.empty()) decline_offer();
        c.offered_resume = false;
        c.crisis_at_ms = ctx.now_ms;
        c.safety_check = true;

        std::string lines;
        for (const auto& l : res.lines) lines += "\n- " + line_text(l);
        std::string& t = reply.reply;
        if (urgent) {
            t = "Your safety comes first. If you are in danger or have hurt yourself, " +
                res.emergency + " now.";
            t += "\nYou can also reach someone right now:" + lines;
            t += ctx.clinician_alerted
                     ? "\nI've sent an urgent alert to your care team."
                     : "\nI'm a computer program, not a person, so please reach a person now.";
            t += "\n" + plan_text(person.safety_plan);
        } else {
            t = "Thank you for telling me. What you're feeling matters, and you don't have to "
                "face it alone.";
            if (left) t += " Let's put the exercise aside.";
            t += ctx.clinician_alerted
                     ? " I've let your care team know, so that a person can follow up with you."
                     : " I'm a computer program, not a person, so I want you to have people to "
                       "turn to.";
            t += "\n" + plan_text(person.safety_plan);
            t += "\nYou can talk to someone right now:" + lines;
            t += "\nIf you are in danger, " + res.emergency + ".";
        }
        t += "\nAre you safe right now?";
    }

    // The answer to the step under way.
    void answer(const Exercise& ex, const Step& st) {
        auto& c = conv();
        std::string text;
        std::string target = st.next;
        const auto reask = [&](std::string why, bool repeat_question = true) {
            reply.intent = "reask";
            join(text, why);
            if (repeat_question) join(text, say(last_line(st)));
            mark_exercise(ex);
            reply.step = st.id;
            reply.reply = text;
        };
        switch (st.ask.type) {
            case AnswerType::number: {
                const auto n = detail::parse_number(folded);
                if (!n) {
                    if (feeling) join(text, reflection());
                    return reask("I'd need a number from " + std::to_string(st.ask.min) + " to " +
                                 std::to_string(st.ask.max) + ".");
                }
                if (*n < st.ask.min || *n > st.ask.max)
                    return reask(std::to_string(*n) + " is outside " + std::to_string(st.ask.min) +
                                 " to " + std::to_string(st.ask.max) + ".");
                if (st.rate == Rating::mood_before) c.mood_before = *n;
                if (!st.save.empty()) c.saved[st.save] = std::to_string(*n);
                if (st.rate == Rating::mood_after) {
                    finish(*n, c.engaged);
                    const auto& o = *reply.outcome;
                    mark_exercise(ex);
                    reply.intent = "exercise";
                    if (o.mood_before && *o.mood_before != *n)
                        join(text, "Your mood went from " + std::to_string(*o.mood_before) +
                                       " to " + std::to_string(*n) + ".");
                    else
                        join(text, "Your mood is at " + std::to_string(*n) + ".");
                    join(text, o.mood_before && *n < *o.mood_before
                                   ? "Not every exercise fits every moment, and that's okay: "
                                     "thank you for trying it."
                                   : "Thank you for taking the time for this.");
                    join(text, "I'm here if you want to keep talking.");
                    reply.reply = text;
                    return;
                }
                join(text, detail::acknowledge(*n, c.phrasings, salt));
                break;
            }
            case AnswerType::yes_no: {
                const auto yn = detail::parse_yes_no(folded);
                if (yn == detail::YesNo::unclear) {
                    if (feeling) join(text, reflection());
                    return reask("Could you tell me yes or no?");
                }
                const std::string key = yn == detail::YesNo::yes ? "yes" : "no";
                for (const auto& b : st.branches)
                    if (b.answer == key) target = b.to;
                break;
            }
            case AnswerType::choice: {
                const auto idx = detail::parse_choice(folded, st.ask.choices);
                if (!idx) {
                    std::string options;
                    for (std::size_t i = 0; i < st.ask.choices.size(); ++i)
                        options += (i == 0 ? "" : i + 1 == st.ask.choices.size() ? " or " : ", ") +
                                   detail::choice_label(st.ask.choices[i]);
                    if (feeling) join(text, reflection());
                    return reask("Which fits best: " + options + "?", false);
                }
                const auto& choice = st.ask.choices[*idx];
                if (!st.save.empty()) c.saved[st.save] = detail::choice_label(choice);
                for (const auto& b : st.branches)
                    if (b.answer == choice) target = b.to;
                break;
            }
            case AnswerType::text: {
                if (!st.save.empty()) c.saved[st.save] = quote(message);
                // Answers in an exercise are thoughts, facts and plans, where the emotion model
                // reads feelings into content words ("failure" in a balanced thought): reflect
                // only a feeling the person named themselves.
                join(text, feeling && feeling->own_word && analysis.words >= 4
                               ? reflection()
                               : detail::acknowledge(std::nullopt, c.phrasings, salt));
                break;
            }
            case AnswerType::none:
                break;
        }
        mark_exercise(ex);
        reply.intent = "exercise";
        advance(ex, target, text);
        reply.reply = text;
    }

    // Free talk: a reflection, then an exercise offered when the person is struggling.
    void free_talk(std::string text) {
        auto& c = conv();
        if (!feeling && detail::is_greeting(folded)) {
            const auto hello = detail::greeting(c.phrasings, salt);
            if (!hello.empty()) {
                join(text, hello);
                reply.intent = "greeting";
                reply.reply = text;
                return;
            }
        }
        if (feeling || text.empty()) join(text, reflection());
        reply.intent = "reflection";
        const bool struggling =
            (feeling && (feeling->group == FeelingGroup::distress ||
                         feeling->group == FeelingGroup::low)) ||
            analysis.sentiment.compound <= -0.2;
        const bool asks = folded.find("what can i do") != std::string::npos ||
                          folded.find("what should i do") != std::string::npos ||
                          folded.find("help me") != std::string::npos ||
                          folded.find("any ideas") != std::string::npos;
        const bool may_offer =
            (c.offer_turn == 0 || c.turns - c.offer_turn >= kTurnsBetweenOffers) &&
            std::count_if(c.phrasings.begin(), c.phrasings.end(),
                          [](const std::string& id) { return id.front() == 'o'; }) < 3;
        if ((struggling || asks) && may_offer) {
            const auto seed = ctx.seed ? ctx.seed : static_cast<std::uint64_t>(ctx.now_ms) ^ salt;
            auto context = bandit_context();
            context.eligible = eligible();
            auto decision = impl.bandit.choose(person.bandit, context, ctx.now_ms,
                                               person.utc_offset_min, seed);
            if (decision) {
                if (const Exercise* ex = impl.find(decision->chosen)) {
                    c.offered = ex->id;
                    c.decision_id = decision->id;
                    c.why = decision->why;
                    c.offer_turn = c.turns;
                    join(text, detail::offer(ex->title, ex->minutes, c.phrasings, salt));
                    reply.intent = "offer";
                    reply.decision = std::move(*decision);
                    reply.reply = text;
                    return;
                }
            }
        }
        join(text, detail::follow_up(feeling, c.phrasings, salt));
        if (text.empty()) text = "I'm here, and I'm listening.";
        reply.reply = text;
    }

    std::string list_text() {
        std::string s = "Here are the exercises we can do together:";
        for (std::size_t i = 0; i < impl.exercises.size(); ++i) {
            const auto& ex = impl.exercises[i];
            s += '\n';
            s += std::to_string(i + 1);
            s += ". " + ex.title + " (about " + std::to_string(ex.minutes) + " min)";
        }
        s += "\nSay its name or number to start one.";
        return s;
    }

    void pick(const Exercise& ex, std::string text) {
        auto& c = conv();
        if (!c.exercise.empty()) finish(std::nullopt, false);
        if (!c.offered.empty() && c.offered != ex.id) decline_offer();
        auto d = impl.bandit.record_pick(person.bandit, bandit_context(), ex.id, ctx.now_ms);
        if (d) {
            c.decision_id = d->id;
            c.why = "You chose " + ex.title + " yourself.";
            reply.decision = std::move(*d);
        }
        if (feeling && feeling->own_word) join(text, reflection());
        join(text, "Let's do " + ex.title + ".");
        start(ex, text);
        reply.reply = text;
    }

    // Keeps the thinking pattern an exercise works on: the one in the person's thought, found in
    // free talk or in the answer to the step that saves the thought; never in a request ("let's
    // do ..."), a short reply, or a later answer (evidence, a balanced thought), which would swap
    // the question mid-way.
    void note_distortion() {
        auto& c = conv();
        if (analysis.distortions.empty() || analysis.words < 4 || detail::is_greeting(folded)) return;
        const Exercise* ex = c.exercise.empty() ? nullptr : impl.find(c.exercise);
        const Step* answering = ex ? ex->find(c.step) : nullptr;
        if (!c.exercise.empty() && !(answering && answering->save == "thought")) return;
        const auto& d = analysis.distortions.front();
        c.saved["distortion"] = detail::distortion_words(d.type);
        c.saved["distortion_question"] = d.reframe;
    }

    void run() {
        auto& c = conv();
        // 1. Safety first, whatever else the message is.
        const bool risk =
            analysis.crisis.level >= CrisisLevel::passive || analysis.crisis.self_harm;
        const auto safe = c.safety_check ? detail::parse_safe_answer(folded, analysis.words)
                                         : detail::YesNo::unclear;
        const bool unsafe_answer = !risk && safe == detail::YesNo::no;
        if (risk || unsafe_answer) return safety(unsafe_answer);
        std::string text;
        if (c.safety_check) {
            c.safety_check = false;
            if (safe == detail::YesNo::yes) text = "I'm glad you're safe right now. I'm still here.";
        }
        const bool was_listed = std::exchange(c.listed, false);

        // 2. Scope, and 3. requests.
        const auto u = detail::understand(folded, impl.exercises);
        if (u.request == detail::Request::none) note_distortion();
        // An aside is answered, then the person is brought back to where they were.
        const auto aside = [&](std::string_view intent, std::string_view words) {
            reply.intent = intent;
            join(text, words);
            reprompt(text);
            reply.reply = text;
        };
        switch (u.request) {
            case detail::Request::not_a_person:
                return aside("not_a_person", kNotAPerson);
            case detail::Request::medical:
                if (u.physical)
                    return aside("medical",
                                 "I can't assess physical symptoms. If this might be an "
                                 "emergency, " + impl.resources(person.locale).emergency +
                                     " now; otherwise, please talk to your doctor.");
                return aside("medical", kMedical);
            case detail::Request::out_of_scope:
                return aside("out_of_scope", kOutOfScope);
            case detail::Request::stop:
                reply.intent = "stopped";
                if (!c.exercise.empty()) {
                    finish(std::nullopt, false);
                    join(text, "That's fine, we can stop here. You can come back to it any time.");
                } else if (!c.offered.empty()) {
                    decline_offer();
                    join(text, "Okay, no exercise for now.");
                } else {
                    join(text, "There's nothing under way to stop.");
                }
                join(text, "I'm here if you want to talk.");
                reply.reply = text;
                return;
            case detail::Request::why:
                return aside("why", c.why.empty() ? "I haven't suggested an exercise yet." : c.why);
            case detail::Request::list:
                reply.intent = "list";
                join(text, list_text());
                c.listed = true;
                reply.reply = text;
                return;
            case detail::Request::pick:
                if (const Exercise* ex = impl.find(u.exercise)) return pick(*ex, text);
                break;
            case detail::Request::none:
                break;
        }
        if (was_listed && analysis.words <= 3) {
            if (const auto n = detail::parse_number(folded);
                n && *n >= 1 && static_cast<std::size_t>(*n) <= impl.exercises.size())
                return pick(impl.exercises[static_cast<std::size_t>(*n - 1)], text);
        }

        // 4. An exercise left half-way in an earlier conversation.
        if (c.offered_resume) {
            c.offered_resume = false;
            const Exercise* ex = impl.find(c.exercise);
            const auto yn = detail::parse_yes_no(folded);
            if (ex && ex->find(c.step) && yn == detail::YesNo::yes) {
                join(text, "Let's pick up where we left off.");
                join(text, say(*ex->find(c.step)));
                mark_exercise(*ex);
                reply.step = c.step;
                reply.intent = "exercise";
                reply.reply = text;
                return;
            }
            finish(std::nullopt, false);
            if (yn == detail::YesNo::no) {
                join(text, "Okay, we'll leave it there.");
                join(text, detail::follow_up(feeling, c.phrasings, salt));
                reply.intent = "reflection";
                reply.reply = text;
                return;
            }
            // Anything else: the person has moved on; answer what they said.
        } else if (c.turns == 1 && !c.exercise.empty()) {
            const Exercise* ex = impl.find(c.exercise);
            if (ex && ex->find(c.step)) {
                if (feeling) join(text, reflection());
                join(text, "Welcome back. Last time we were part-way through " + ex->title +
                               ". Would you like to carry on where we left off?");
                c.offered_resume = true;
                reply.intent = "welcome_back";
                reply.reply = text;
                return;
            }
            c.exercise.clear();
        }

        // 5. An offer awaiting yes or no.
        if (!c.offered.empty()) {
            const auto yn = detail::parse_yes_no(folded);
            const Exercise* ex = impl.find(c.offered);
            if (ex && yn == detail::YesNo::yes) {
                join(text, "Good.");
                start(*ex, text);
                reply.reply = text;
                return;
            }
            decline_offer();
            if (yn == detail::YesNo::no) {
                join(text, "That's okay. We can just talk, and you can ask for an exercise any "
                           "time (\"exercises\" lists them).");
                reply.intent = "reflection";
                reply.reply = text;
                return;
            }
        }

        // 6. The exercise under way.
        if (!c.exercise.empty()) {
            const Exercise* ex = impl.find(c.exercise);
            const Step* st = ex ? ex->find(c.step) : nullptr;
            if (st) {
                answer(*ex, *st);
                if (!text.empty()) reply.reply = text + " " + reply.reply;
                return;
            }
            c.exercise.clear();  // a script changed under a stored conversation
        }

        // 7. Free talk.
        free_talk(std::move(text));
    }
};

}  // namespace

Companion::Companion(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Companion::~Companion() = default;

Result<std::shared_ptr<const Companion>> Companion::load(CompanionOptions options) {
    if (!options.analyzer)
        return Status::invalid_argument("the companion needs a loaded text analyzer");
    auto exercises = load_exercises(options.exercises_dir);
    if (!exercises) return exercises.status();
    auto lines = load_crisis_lines(options.crisis_lines_path);
    if (!lines) return lines.status();
    auto impl = std::make_unique<Impl>(std::move(options.analyzer), std::move(*exercises),
                                       std::move(*lines), options.bandit);
    return std::shared_ptr<const Companion>(new Companion(std::move(impl)));
}

const std::vector<Exercise>& Companion::exercises() const { return impl_->exercises; }

const CrisisResources& Companion::resources(std::string_view locale) const {
    return impl_->resources(locale);
}

const std::vector<std::string>& Companion::locales() const { return impl_->locales; }

Reply Companion::greet(Person& person, const MessageContext& context) const {
    const auto& res = impl_->resources(person.locale);
    Reply r;
    r.intent = "greeting";
    r.reply =
        "Hi, I'm Attune's companion. I'm a computer program, not a person: I can listen, reflect "
        "back what I hear, and guide short exercises. I can't diagnose or advise on medication; "
        "your clinician can. If you're ever in danger, " +
        res.emergency + ", or contact " + line_text(res.lines.front()) +
        ".\nHow are you feeling right now?";
    r.safety.resources = resource_list(res, false);
    auto& c = person.conversation;
    if (c.last_at_ms == 0 || context.now_ms - c.last_at_ms > kNewConversationMs) {
        // The greeting opens a new conversation only when there is nothing to resume; it asks
        // how the person feels, so a "hi" in reply does not bring the same question back.
        if (c.exercise.empty()) {
            c.started_at_ms = context.now_ms;
            c.last_at_ms = context.now_ms;
            c.turns = 0;
            c.offer_turn = 0;
            c.phrasings = {"h1"};
        }
    }
    return r;
}

Result<Reply> Companion::reply(Person& person, std::string_view message,
                               const MessageContext& context) const {
    if (message.size() > kMaxMessageBytes)
        return Status::invalid_argument("message is " + std::to_string(message.size()) +
                                        " bytes; at most " + std::to_string(kMaxMessageBytes));
    auto normal = text::normalize(message);
    if (!normal) return normal.status().with_context("message");
    const auto trimmed = trim(*normal);
    if (trimmed.empty()) return Status::invalid_argument("message is empty");
    auto analysis = impl_->analyzer->analyze(trimmed);
    if (!analysis) return analysis.status().with_context("message");

    // Every error is above: from here on the turn cannot fail, so `person` is changed in place.
    auto& c = person.conversation;
    if (c.last_at_ms == 0 || context.now_ms - c.last_at_ms > kNewConversationMs) {
        c.started_at_ms = context.now_ms;
        c.turns = 0;
        c.offer_turn = 0;
        c.phrasings.clear();
        c.listed = false;
        c.safety_check = false;
        if (!c.offered.empty()) {
            c.offered.clear();
            c.decision_id.clear();
        }
    }
    ++c.turns;
    c.last_at_ms = context.now_ms;

    Turn t{*impl_, person, context, *analysis, trimmed, detail::fold(trimmed), {}, 0, {}};
    t.salt = fnv1a64(t.folded) + static_cast<std::uint64_t>(c.turns);
    t.feeling = detail::feeling_of(*analysis, t.folded);
    t.reply.safety.level = analysis->crisis.level;
    t.reply.safety.evidence = analysis->crisis.evidence;
    t.reply.safety.resources = resource_list(impl_->resources(person.locale), false);
    if (t.feeling) {
        t.reply.feeling = t.feeling->word;
        c.saved["feeling"] = t.feeling->word;
    }
    for (const auto& x : analysis->distortions)
        t.reply.distortions.emplace_back(text::distortion_name(x.type));

    t.run();
    return std::move(t.reply);
}

}  // namespace attune::care
