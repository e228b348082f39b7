// SPDX-License-Identifier: Apache-2.0
// The demo clinic of `make run`: a clinician and three patients with 60 days of synthetic
// journal entries and check-ins. Every text is written here from templates: no real person's
// words, and nothing from a research-only data set.
#include "platform/internal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace attune::platform {
namespace {

constexpr int kDays = 60;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

// Sentences by how the day went: 0 = very low ... 3 = good.
constexpr std::array<std::array<std::string_view, 8>, 4> kFeelings = {{
    {"I could barely get out of bed today.", "Everything feels heavy and pointless.",
     "I cried on the way home and I don't really know why.",
     "I cancelled plans again, I just couldn't face anyone.",
     "I feel like such a burden to everyone around me.", "Another sleepless night, I'm exhausted.",
     "Nothing I do ever works out.", "I feel numb, like I'm watching my life from outside."},
    {"Today was hard but I got through it.", "I felt anxious most of the afternoon.",
     "Work was stressful and I snapped at my partner.", "I'm tired and a bit low.",
     "I keep worrying about money and it's wearing me down.",
     "I didn't sleep well and it showed all day.", "Felt lonely this evening.",
     "I was irritable and couldn't focus on anything."},
    {"An ordinary day, nothing special.", "I went for a short walk at lunch, it helped a little.",
     "Some good moments and some tense ones.", "I managed to finish the report I was dreading.",
     "Called my sister, it was nice to hear her voice.", "I felt calmer than yesterday.",
     "Cooked a proper dinner for the first time in a while.",
     "Mixed feelings today, but I'm okay."},
    {"Really good day, I felt like my old self.", "I laughed a lot with friends tonight.",
     "Went running this morning and felt great afterwards.",
     "I'm proud of how I handled the meeting.", "Slept well and woke up with energy.",
     "Grateful for my friends, they make such a difference.",
     "I feel hopeful about the next few weeks.", "A calm, happy evening at home."},
}};

// What a patient's days look like: a mood (0..3) per day, 0 = 60 days ago.
struct Course {
    std::string_view username;
    std::string_view password;
    double (*mood)(int day);
};

double improving(int day) { return 0.6 + 2.2 * day / (kDays - 1); }
double worsening(int day) { return day < 35 ? 2.2 : std::max(0.0, 2.2 - 0.11 * (day - 35)); }
double steady(int day) { return 1.8 + 0.5 * std::sin(day / 4.0); }

constexpr std::array<Course, 3> kPatients = {{
    {"alex", "demo-alex-2026", improving},
    {"sam", "demo-sam-2026", worsening},
    {"jordan", "demo-jordan-2026", steady},
}};
constexpr std::string_view kClinician = "dr.rivera";
constexpr std::string_view kClinicianPassword = "demo-clinician-2026";

// The passive ideation the worsening patient writes near the end, so the demo shows a crisis
// flag on the clinician's side.
constexpr std::string_view kPassiveIdeation =
    "Some nights I wish I could just go to sleep and not wake up.";

// PHQ-9 / GAD-7 answers (0..3 per item) that fit a mood: low mood, high scores.
clinical::Answers questionnaire(std::size_t items, double mood, std::mt19937_64& rng,
                                bool item9) {
    std::normal_distribution<double> noise(0, 0.5);
    clinical::Answers a;
    for (std::size_t i = 0; i < items; ++i) {
        const double v = (3.0 - mood) * 0.8 + noise(rng);
        a.push_back(static_cast<int>(std::clamp(std::lround(v), 0L, 3L)));
    }
    if (items == 9) a[8] = item9 ? 1 : 0;
    return a;
}

}  // namespace

Result<std::vector<DemoAccount>> Platform::create_demo_clinic(std::uint64_t seed) {
    auto users = impl_->store->list_users();
    if (!users) return users.status();
    if (!users->empty()) return std::vector<DemoAccount>{};

    std::vector<DemoAccount> accounts;
    auto clinician = add_user(Role::clinician, kClinician, kClinicianPassword);
    if (!clinician) return clinician.status();
    accounts.push_back({std::string(kClinician), std::string(kClinicianPassword), Role::clinician});

    std::mt19937_64 rng(seed);
    const std::int64_t now = impl_->now();
    for (const auto& course : kPatients) {
        auto patient = add_user(Role::patient, course.username, course.password);
        if (!patient) return patient.status();
        accounts.push_back({std::string(course.username), std::string(course.password),
                            Role::patient});
        ATTUNE_RETURN_IF_ERROR(assign(kClinician, course.username));
        const Principal who{patient->id, patient->username, Role::patient};
        auto consent = update_consent(who, {true, true, true, true, true});
        if (!consent) return consent.status();

        std::uniform_real_distribution<double> unit(0, 1);
        std::normal_distribution<double> wobble(0, 0.35);
        for (int day = 0; day < kDays; ++day) {
            const double mood = std::clamp(course.mood(day) + wobble(rng), 0.0, 3.0);
            const auto band = static_cast<std::size_t>(std::min(3.0, std::floor(mood + 0.5)));
            // One entry a day, at a slightly different time each day; the last about a day ago.
            const std::int64_t at = now - (kDays - day) * kDayMs -
                                    static_cast<std::int64_t>(unit(rng) * 3 * 3600) * 1000;
            if (unit(rng) < 0.8) {
                const auto& pool = kFeelings[band];
                const std::size_t first = rng() % pool.size();
                const std::size_t second = (first + 1 + rng() % (pool.size() - 1)) % pool.size();
                std::string entry(pool[first]);
                entry += " ";
                entry += pool[second];
                const bool ideation = course.mood == worsening && day >= kDays - 6 && day % 2 == 1;
                if (ideation) entry += " " + std::string(kPassiveIdeation);
                auto r = impl_->add_journal_entry(patient->id, entry, at);
                if (!r) return r.status();
            }
            if (unit(rng) < 0.7) {
                CheckInRequest mood_check;
                mood_check.kind = "mood";
                mood_check.mood = std::clamp(static_cast<int>(std::lround(1 + mood * 3)), 1, 10);
                auto r = impl_->add_check_in(patient->id, mood_check, at + 60'000);
                if (!r) return r.status();
            }
            if (day % 14 == 3 || day == kDays - 1) {
                CheckInRequest phq;
                phq.kind = "phq9";
                const bool item9 = course.mood == worsening && day >= kDays - 6;
                phq.answers = questionnaire(9, mood, rng, item9);
                auto r = impl_->add_check_in(patient->id, phq, at + 120'000);
                if (!r) return r.status();
                CheckInRequest gad;
                gad.kind = "gad7";
                gad.answers = questionnaire(7, mood, rng, false);
                r = impl_->add_check_in(patient->id, gad, at + 180'000);
                if (!r) return r.status();
            }
        }
        // The whole history at once, rather than the passes its writes scheduled.
        auto tracked = impl_->track(patient->id);
        if (!tracked) return tracked.status();
        // The worsening patient has a safety plan, written with the clinician (issue #6): the
        // companion shows it in a crisis reply, and both can edit it in the web app.
        if (course.mood == worsening) {
            care::SafetyPlan plan;
            plan.warning_signs = {"Not sleeping for more than a night or two",
                                  "Cancelling plans and staying in bed"};
            plan.coping_strategies = {"A walk round the park, even a short one",
                                      "Box breathing for four minutes", "A hot shower, then music"};
            plan.people_and_places = {"My sister (call or text any time)", "The library cafe"};
            plan.professionals = {"Dr Rivera, weekdays 9 to 5, through the clinic"};
            const Principal doctor{clinician->id, clinician->username, Role::clinician};
            auto saved = set_safety_plan(doctor, patient->id, plan);
            if (!saved) return saved.status();
        }
    }
    return accounts;
}

}  // namespace attune::platform
