// SPDX-License-Identifier: Apache-2.0
// The companion's contextual bandit (the contract is in include/attune/care.hpp): per arm a
// Bayesian linear regression of the reward on the context features, Thompson sampling for the
// choice (Russo et al. 2018, "A Tutorial on Thompson Sampling"; Agrawal & Goyal 2013 for linear
// payoffs), with the probabilities clipped from below as Personalized HeartSteps clips its
// randomisation probabilities (Liao et al. 2020), a daily cap, and a log of every decision.
//
// Only the predicted reward in the current context matters for the choice, and under a Gaussian
// posterior w ~ N(m, P^-1) that prediction x'w is itself Gaussian, N(x'm, x'P^-1 x). So a
// Thompson draw needs one normal per arm rather than a whole weight vector: with the Cholesky
// factor P = L L', x'P^-1 x = |L^-1 x|^2. The draws are identical in distribution to drawing w
// and computing x'w, at a tenth of the cost for 11 features.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <attune/care.hpp>

#include "care/random.hpp"

namespace attune::care {
namespace {

using json = nlohmann::json;

constexpr std::string_view kFeatureNames[] = {
    "bias",        "valence",  "arousal",        "hour_sin", "hour_cos",  "sleep",
    "sleep_known", "activity", "activity_known", "mood",     "mood_known"};
constexpr int kD = static_cast<int>(std::size(kFeatureNames));
constexpr int kStateVersion = 1;
constexpr int kKeptCapDays = 14;
constexpr std::int64_t kDayMs = 86'400'000;

using Vec = Eigen::Matrix<double, kD, 1>;
using Mat = Eigen::Matrix<double, kD, kD>;

enum Feature {
    f_bias,
    f_valence,
    f_arousal,
    f_hour_sin,
    f_hour_cos,
    f_sleep,
    f_sleep_known,
    f_activity,
    f_activity_known,
    f_mood,
    f_mood_known
};

double clamp1(double v) { return std::isfinite(v) ? std::clamp(v, -1.0, 1.0) : 0.0; }

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// D^-1: the bias has its own prior variance (the population prior's for an arm it has outcomes
// of), the context weights share a smaller one.
Mat prior_precision(const BanditOptions& o, const std::string& arm) {
    Mat m = Mat::Identity() / o.context_prior_variance;
    const auto it = o.arm_prior_variance.find(arm);
    m(f_bias, f_bias) = 1 / (it == o.arm_prior_variance.end() ? o.prior_variance : it->second);
    return m;
}

// The posterior of one arm: its mean weights and the Cholesky factor of its precision.
struct ArmPosterior {
    Vec mean;
    Eigen::LLT<Mat> llt;
    int n = 0;
};

// The arm's prior mean (BanditOptions::prior_mean), zero when the options have none for it.
Vec prior_mean(const BanditOptions& o, const std::string& arm) {
    const auto it = o.prior_mean.find(arm);
    return it == o.prior_mean.end() ? Vec::Zero() : Vec(Eigen::Map<const Vec>(it->second.data()));
}

// With prior N(m0, D) the posterior precision is D^-1 + X'X / s2 and its mean solves
// precision m = D^-1 m0 + X'y / s2.
ArmPosterior posterior(const BanditArmStats* stats, const std::string& arm,
                       const BanditOptions& o) {
    Mat precision = prior_precision(o, arm);
    const Vec prior_b = precision * prior_mean(o, arm);
    Vec b = Vec::Zero();
    ArmPosterior p;
    if (stats && stats->xtx.size() == kD * kD && stats->xty.size() == kD) {
        precision += Eigen::Map<const Mat>(stats->xtx.data()) / o.noise_variance;  // symmetric
        b = Eigen::Map<const Vec>(stats->xty.data()) / o.noise_variance;
        p.n = stats->n;
    }
    p.llt.compute(precision);
    if (p.llt.info() != Eigen::Success) {  // from_json checks X'X, so this is a bug: use the prior
        p.llt.compute(prior_precision(o, arm));
        b.setZero();
        p.n = 0;
    }
    p.mean = p.llt.solve(b + prior_b);
    return p;
}

// Mean and standard deviation of x'w under the posterior.
std::pair<double, double> predict_one(const ArmPosterior& p, const Vec& x) {
    const Vec z = p.llt.matrixL().solve(x);
    return {x.dot(p.mean), std::sqrt(z.squaredNorm())};
}

std::string display_name(std::string_view arm) {
    std::string s(arm);
    for (char& c : s)
        if (c == '_') c = ' ';
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// "on evenings like this", "after a short night", ...: the part of the context that raises the
// chosen arm's predicted reward the most, or "at times like this" when none stands out.
std::string context_phrase(const BanditContext& c, const Vec& x, const Vec& w) {
    struct Part {
        double contribution;
        std::string phrase;
    };
    std::vector<Part> parts;
    parts.push_back({x[f_valence] * w[f_valence],
                     c.valence < 0 ? "when you are feeling low" : "when you are feeling good"});
    parts.push_back({x[f_arousal] * w[f_arousal], c.arousal > 0 ? "when you feel tense or wound up"
                                                                : "when you feel flat or tired"});
    const int h = c.hour;
    parts.push_back({x[f_hour_sin] * w[f_hour_sin] + x[f_hour_cos] * w[f_hour_cos],
                     h >= 5 && h < 12    ? "on mornings like this"
                     : h >= 12 && h < 17 ? "on afternoons like this"
                     : h >= 17 && h < 22 ? "on evenings like this"
                                         : "late at night like this"});
    if (x[f_sleep_known] > 0)
        parts.push_back({x[f_sleep] * w[f_sleep],
                         x[f_sleep] < 0 ? "after a short night" : "after a good night's sleep"});
    if (x[f_activity_known] > 0)
        parts.push_back({x[f_activity] * w[f_activity],
                         x[f_activity] < 0 ? "on quieter days" : "on active days"});
    if (x[f_mood_known] > 0)
        parts.push_back({x[f_mood] * w[f_mood],
                         x[f_mood] < 0 ? "when your mood is low" : "when your mood is good"});
    const auto best = std::max_element(
        parts.begin(), parts.end(),
        [](const Part& a, const Part& b) { return a.contribution < b.contribution; });
    // 0.02 reward units: a fifth of a mood point; below that the context made no real difference.
    return best->contribution > 0.02 ? best->phrase : "at times like this";
}

std::string times(int n) { return n == 1 ? "once so far" : std::to_string(n) + " times so far"; }

// The words for the person: why this exercise, in terms of what it has done for them (or, not
// yet tried, for the people whose outcomes make the population prior).
std::string explain(const std::string& arm, int chosen, const std::vector<ArmPosterior>& post,
                    const std::vector<std::pair<double, double>>& pred, const BanditContext& c,
                    const Vec& x, const BanditOptions& o) {
    const std::string name = display_name(arm);
    const auto k = static_cast<std::size_t>(chosen);
    const int n = post[k].n;
    if (n == 0) {
        // Half a mood point above doing it at all (the completion bonus), as the prior predicts.
        const bool helped_others = o.prior_people > 0 && o.prior_mean.count(arm) &&
                                   10 * (pred[k].first - kBanditCompletionBonus) >= 0.5;
        return "How about " + name + "? We have not tried it together yet" +
               (helped_others ? "; it has often helped other people here" : "") +
               ", and trying it is how I learn what helps you.";
    }
    const std::string when = context_phrase(c, x, post[static_cast<std::size_t>(chosen)].mean);
    int best = 0;
    for (std::size_t i = 1; i < pred.size(); ++i)
        if (pred[i].first > pred[static_cast<std::size_t>(best)].first) best = static_cast<int>(i);
    if (best == chosen) {
        // A completed exercise earns the completion bonus on top of the mood change / 10.
        const double points =
            10 * (pred[static_cast<std::size_t>(chosen)].first - kBanditCompletionBonus);
        if (points >= 0.75) {
            const long p = std::lround(points);
            return name + " has lifted your mood by about " + std::to_string(p) +
                   (p == 1 ? " point " : " points ") + when + " (" + times(n) + ").";
        }
        return name + " has suited you better than the others " + when + " (" + times(n) + ").";
    }
    return "How about " + name + " for a change? It may suit you " + when +
           ", and trying it again helps me learn what works for you (" + times(n) + ").";
}

// For display: 4 decimals of a reward are a thousandth of a mood point.
double round4(double v) { return std::round(v * 1e4) / 1e4; }

int rewards_in(const BanditState& s) {
    int n = 0;
    for (const auto& [_, a] : s.arms) n += a.n;
    return n;
}

// The clinician's numbers, arrays in the order of the decision's arms. Compact on purpose: a
// person's log holds up to 500 of these, and the decision itself already keeps the exact
// probabilities and features.
json why_numbers(std::string_view policy, const std::vector<std::pair<double, double>>& pred,
                 const std::vector<double>& probs, const std::vector<int>& n,
                 const BanditOptions& o, int draws, const BanditState& state) {
    json mean = json::array(), sd = json::array(), p = json::array();
    for (std::size_t a = 0; a < pred.size(); ++a) {
        mean.push_back(round4(pred[a].first));
        sd.push_back(round4(pred[a].second));
        p.push_back(round4(probs[a]));
    }
    return {{"policy", policy},
            {"mean", std::move(mean)},
            {"sd", std::move(sd)},
            {"probability", std::move(p)},
            {"n", n},
            {"exploration_floor", o.exploration_floor},
            {"posterior_scale", o.posterior_scale},
            {"draws", draws},
            {"n_rewards", rewards_in(state)},
            {"prior_people", o.prior_people}};
}

// Appends to the log and drops the oldest entries beyond `max`.
void log_decision(BanditState& state, const BanditDecision& d, std::size_t max) {
    state.decisions.push_back(d);
    if (state.decisions.size() > max)
        state.decisions.erase(
            state.decisions.begin(),
            state.decisions.begin() + static_cast<std::ptrdiff_t>(state.decisions.size() - max));
}

// ----- JSON reading: every error names the member ----------------------------------------------

Status bad(const std::string& path, const std::string& what) {
    return Status::invalid_argument(path + ": " + what);
}

Result<const json*> member(const json& j, const std::string& path, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return bad(path.empty() ? key : path + "." + key, "missing");
    return &*it;
}

Result<std::int64_t> int_member(const json& j, const std::string& path, const char* key) {
    auto m = member(j, path, key);
    if (!m) return m.status();
    if (!(*m)->is_number_integer())
        return bad(path.empty() ? key : path + "." + key, "expected an integer");
    return (*m)->get<std::int64_t>();
}

Result<std::vector<double>> numbers(const json& j, const std::string& path, std::size_t size) {
    if (!j.is_array()) return bad(path, "expected an array of numbers");
    if (j.size() != size) return bad(path, "expected " + std::to_string(size) + " numbers");
    std::vector<double> out;
    out.reserve(size);
    for (const auto& v : j) {
        if (!v.is_number() || !std::isfinite(v.get<double>()))
            return bad(path, "expected finite numbers");
        out.push_back(v.get<double>());
    }
    return out;
}

Result<BanditDecision> decision_from_json(const json& j, const std::string& path) {
    if (!j.is_object()) return bad(path, "expected an object");
    BanditDecision d;
    auto id = member(j, path, "id");
    if (!id) return id.status();
    if (!(*id)->is_string() || (*id)->get<std::string>().empty())
        return bad(path + ".id", "expected a non-empty string");
    d.id = (*id)->get<std::string>();
    auto at = int_member(j, path, "at_ms");
    if (!at) return at.status();
    d.at_ms = *at;
    auto arms = member(j, path, "arms");
    if (!arms) return arms.status();
    if (!(*arms)->is_array() || (*arms)->empty())
        return bad(path + ".arms", "expected a non-empty array of strings");
    for (const auto& a : **arms) {
        if (!a.is_string()) return bad(path + ".arms", "expected a non-empty array of strings");
        d.arms.push_back(a.get<std::string>());
    }
    auto probs = member(j, path, "probabilities");
    if (!probs) return probs.status();
    auto p = numbers(**probs, path + ".probabilities", d.arms.size());
    if (!p) return p.status();
    d.probabilities = std::move(*p);
    auto feats = member(j, path, "features");
    if (!feats) return feats.status();
    auto x = numbers(**feats, path + ".features", kD);
    if (!x) return x.status();
    d.features = std::move(*x);
    auto chosen = member(j, path, "chosen");
    if (!chosen) return chosen.status();
    if (!(*chosen)->is_string() ||
        std::find(d.arms.begin(), d.arms.end(), (*chosen)->get<std::string>()) == d.arms.end())
        return bad(path + ".chosen", "expected one of the decision's arms");
    d.chosen = (*chosen)->get<std::string>();
    auto picked = member(j, path, "picked_by_person");
    if (!picked) return picked.status();
    if (!(*picked)->is_boolean()) return bad(path + ".picked_by_person", "expected true or false");
    d.picked_by_person = (*picked)->get<bool>();
    if (const auto it = j.find("reward"); it != j.end() && !it->is_null()) {
        if (!it->is_number() || !std::isfinite(it->get<double>()))
            return bad(path + ".reward", "expected a finite number or null");
        d.reward = it->get<double>();
    }
    if (const auto it = j.find("why"); it != j.end()) {
        if (!it->is_string()) return bad(path + ".why", "expected a string");
        d.why = it->get<std::string>();
    }
    if (const auto it = j.find("why_numbers"); it != j.end()) d.why_numbers = *it;
    return d;
}

// The number N of an id "dN", or -1.
std::int64_t id_number(std::string_view id) {
    if (id.size() < 2 || id[0] != 'd' || id.size() > 19) return -1;
    std::int64_t n = 0;
    for (char c : id.substr(1)) {
        if (c < '0' || c > '9') return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

json feature_names_json() {
    return std::vector<std::string>(std::begin(kFeatureNames), std::end(kFeatureNames));
}

// `what` ("state", "prior") was learnt on this build's features, in this order.
// The header a saved state and a prior share: a JSON object of this build's version, learnt on
// this build's features. `what` names the document in errors ("state", "prior").
Status check_header(const json& j, const std::string& what) {
    if (!j.is_object()) return bad("bandit " + what, "expected a JSON object");
    auto version = int_member(j, "", "version");
    if (!version) return version.status();
    if (*version != kStateVersion)
        return bad("version", "this build reads version " + std::to_string(kStateVersion) +
                                  ", got " + std::to_string(*version));
    auto feats = member(j, "", "features");
    if (!feats) return feats.status();
    bool same = (*feats)->is_array() && (*feats)->size() == static_cast<std::size_t>(kD);
    for (int i = 0; same && i < kD; ++i)
        same = (**feats)[static_cast<std::size_t>(i)].is_string() &&
               (**feats)[static_cast<std::size_t>(i)].get<std::string>() == kFeatureNames[i];
    if (!same)
        return bad("features", "the " + what + " was learnt on other features than this build's (" +
                                   feature_names_json().dump() +
                                   "), so its weights mean something else");
    return Status::ok();
}

Result<BanditState> state_from_json(const json& j) {
    ATTUNE_RETURN_IF_ERROR(check_header(j, "state"));
    BanditState s;
    auto next = int_member(j, "", "next_decision");
    if (!next) return next.status();
    if (*next < 1) return bad("next_decision", "expected an integer >= 1");
    s.next_decision = *next;

    auto arms = member(j, "", "arms");
    if (!arms) return arms.status();
    if (!(*arms)->is_object()) return bad("arms", "expected an object of arm id -> statistics");
    for (const auto& [id, a] : (*arms)->items()) {
        const std::string path = "arms." + id;
        if (id.empty()) return bad("arms", "an arm id is empty");
        if (!a.is_object()) return bad(path, "expected an object {n, xtx, xty}");
        BanditArmStats st;
        auto n = int_member(a, path, "n");
        if (!n) return n.status();
        if (*n < 0 || *n > 100'000'000) return bad(path + ".n", "expected an integer >= 0");
        st.n = static_cast<int>(*n);
        auto xtx = member(a, path, "xtx");
        if (!xtx) return xtx.status();
        auto m = numbers(**xtx, path + ".xtx", kD * kD);
        if (!m) return m.status();
        auto xty = member(a, path, "xty");
        if (!xty) return xty.status();
        auto v = numbers(**xty, path + ".xty", kD);
        if (!v) return v.status();
        const Mat xx = Eigen::Map<const Mat>(m->data());
        // X'X is symmetric positive semi-definite; anything else would make the posterior
        // precision indefinite.
        const double scale = std::max(1.0, xx.cwiseAbs().maxCoeff());
        if ((xx - xx.transpose()).cwiseAbs().maxCoeff() > 1e-9 * scale)
            return bad(path + ".xtx", "not symmetric");
        Eigen::SelfAdjointEigenSolver<Mat> eig(xx, Eigen::EigenvaluesOnly);
        if (eig.info() != Eigen::Success || eig.eigenvalues().minCoeff() < -1e-9 * scale)
            return bad(path + ".xtx", "not positive semi-definite (not a sum of x x')");
        st.xtx = std::move(*m);
        st.xty = std::move(*v);
        st.yty.reset();  // absent: saved before y'y was kept
        if (const auto it = a.find("yty"); it != a.end()) {
            if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0)
                return bad(path + ".yty", "expected a number >= 0");
            st.yty = it->get<double>();
        }
        s.arms.emplace(id, std::move(st));
    }

    auto decisions = member(j, "", "decisions");
    if (!decisions) return decisions.status();
    if (!(*decisions)->is_array()) return bad("decisions", "expected an array");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < (*decisions)->size(); ++i) {
        const std::string path = "decisions[" + std::to_string(i) + "]";
        auto d = decision_from_json((**decisions)[i], path);
        if (!d) return d.status();
        if (!ids.insert(d->id).second) return bad(path + ".id", "duplicate id " + d->id);
        if (id_number(d->id) >= s.next_decision)
            return bad("next_decision",
                       std::to_string(s.next_decision) + " would reuse the id " + d->id);
        s.decisions.push_back(std::move(*d));
    }

    auto days = member(j, "", "suggestions_per_day");
    if (!days) return days.status();
    if (!(*days)->is_array())
        return bad("suggestions_per_day", "expected an array of {day, count}");
    for (std::size_t i = 0; i < (*days)->size(); ++i) {
        const std::string path = "suggestions_per_day[" + std::to_string(i) + "]";
        const json& e = (**days)[i];
        if (!e.is_object()) return bad(path, "expected an object {day, count}");
        auto day = int_member(e, path, "day");
        if (!day) return day.status();
        auto count = int_member(e, path, "count");
        if (!count) return count.status();
        if (*count < 0 || *count > 1'000'000)
            return bad(path + ".count", "expected an integer >= 0");
        s.suggestions_per_day[*day] = static_cast<int>(*count);
    }
    return s;
}

}  // namespace

// ----- Context and features ----------------------------------------------------------------------

Status validate(const BanditContext& c) {
    auto in = [](double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; };
    if (!in(c.valence, -1, 1))
        return Status::invalid_argument("valence must be in [-1, 1], got " +
                                        std::to_string(c.valence));
    if (!in(c.arousal, -1, 1))
        return Status::invalid_argument("arousal must be in [-1, 1], got " +
                                        std::to_string(c.arousal));
    if (c.hour < 0 || c.hour > 23)
        return Status::invalid_argument("hour must be 0..23, got " + std::to_string(c.hour));
    if (c.sleep_h && !in(*c.sleep_h, 0, 24))
        return Status::invalid_argument("sleep_h must be in [0, 24], got " +
                                        std::to_string(*c.sleep_h));
    if (c.activity && !in(*c.activity, -1, 1))
        return Status::invalid_argument("activity must be in [-1, 1], got " +
                                        std::to_string(*c.activity));
    if (c.mood && (*c.mood < 0 || *c.mood > 10))
        return Status::invalid_argument("mood must be 0..10, got " + std::to_string(*c.mood));
    return Status::ok();
}

std::span<const std::string_view> bandit_feature_names() { return kFeatureNames; }

std::vector<double> bandit_features(const BanditContext& c) {
    std::vector<double> x(kD, 0.0);
    x[f_bias] = 1;
    x[f_valence] = clamp1(c.valence);
    x[f_arousal] = clamp1(c.arousal);
    const double angle = 2 * std::numbers::pi * (((c.hour % 24) + 24) % 24) / 24.0;
    x[f_hour_sin] = std::sin(angle);
    x[f_hour_cos] = std::cos(angle);
    if (c.sleep_h && std::isfinite(*c.sleep_h)) {
        x[f_sleep] = clamp1((*c.sleep_h - 7) / 3);
        x[f_sleep_known] = 1;
    }
    if (c.activity && std::isfinite(*c.activity)) {
        x[f_activity] = clamp1(*c.activity);
        x[f_activity_known] = 1;
    }
    if (c.mood) {
        x[f_mood] = clamp1((*c.mood - 5) / 5.0);
        x[f_mood_known] = 1;
    }
    return x;
}

double bandit_reward(std::optional<int> before, std::optional<int> after, bool completed) {
    double r = completed ? kBanditCompletionBonus : -kBanditDeclinePenalty;
    if (before && after) r += (std::clamp(*after, 0, 10) - std::clamp(*before, 0, 10)) / 10.0;
    return r;
}

// ----- JSON ------------------------------------------------------------------------------------

json BanditDecision::to_json() const {
    return {{"id", id},
            {"at_ms", at_ms},
            {"arms", arms},
            {"probabilities", probabilities},
            {"features", features},
            {"chosen", chosen},
            {"picked_by_person", picked_by_person},
            {"reward", reward ? json(*reward) : json(nullptr)},
            {"why", why},
            {"why_numbers", why_numbers}};
}

Result<BanditDecision> BanditDecision::from_json(const json& j) {
    try {
        return decision_from_json(j, "decision");
    } catch (const json::exception& e) {
        return Status::invalid_argument(std::string("decision: ") + e.what());
    }
}

json BanditState::to_json() const {
    json a = json::object();
    for (const auto& [id, st] : arms) {
        a[id] = {{"n", st.n}, {"xtx", st.xtx}, {"xty", st.xty}};
        if (st.yty) a[id]["yty"] = *st.yty;
    }
    json d = json::array();
    for (const auto& dec : decisions) d.push_back(dec.to_json());
    json days = json::array();
    for (const auto& [day, count] : suggestions_per_day)
        days.push_back({{"day", day}, {"count", count}});
    return {
        {"version", kStateVersion},
        {"features", feature_names_json()},
        {"next_decision", next_decision},
        {"arms", std::move(a)},
        {"decisions", std::move(d)},
        {"suggestions_per_day", std::move(days)}};
}

Result<BanditState> BanditState::from_json(const json& j) {
    try {
        return state_from_json(j);
    } catch (const json::exception& e) {  // not expected: every member's type is checked first
        return Status::invalid_argument(std::string("bandit state: ") + e.what());
    }
}

// ----- The bandit --------------------------------------------------------------------------------

void BanditArmStats::add(std::span<const double> x, double reward) {
    ATTUNE_ASSERT(x.size() == static_cast<std::size_t>(kD), "bandit features: expected 11");
    if (xtx.size() != static_cast<std::size_t>(kD * kD)) xtx.assign(kD * kD, 0.0);
    if (xty.size() != static_cast<std::size_t>(kD)) xty.assign(kD, 0.0);
    for (std::size_t r = 0; r < x.size(); ++r) {
        for (std::size_t c = 0; c < x.size(); ++c) xtx[r * x.size() + c] += x[r] * x[c];
        xty[r] += x[r] * reward;
    }
    // A state saved before y'y was kept cannot know it (its n rewards are gone).
    if (yty || n == 0) yty = yty.value_or(0.0) + reward * reward;
    ++n;
}

Status validate_bandit(const std::vector<std::string>& arms, const BanditOptions& o) {
    if (arms.empty()) return Status::invalid_argument("arms: at least one arm is needed");
    std::set<std::string_view> seen;
    for (const auto& a : arms) {
        if (a.empty()) return Status::invalid_argument("arms: an arm id is empty");
        if (!seen.insert(a).second)
            return Status::invalid_argument("arms: " + a + " is listed twice");
    }
    if (!(std::isfinite(o.prior_variance) && o.prior_variance > 0))
        return Status::invalid_argument("prior_variance must be > 0, got " +
                                        std::to_string(o.prior_variance));
    if (!(std::isfinite(o.context_prior_variance) && o.context_prior_variance > 0))
        return Status::invalid_argument("context_prior_variance must be > 0, got " +
                                        std::to_string(o.context_prior_variance));
    if (!(std::isfinite(o.noise_variance) && o.noise_variance > 0))
        return Status::invalid_argument("noise_variance must be > 0, got " +
                                        std::to_string(o.noise_variance));
    if (!(o.posterior_scale > 0 && o.posterior_scale <= 10))
        return Status::invalid_argument("posterior_scale must be in (0, 10], got " +
                                        std::to_string(o.posterior_scale));
    if (!(o.exploration_floor >= 0 && o.exploration_floor <= 1))
        return Status::invalid_argument("exploration_floor must be in [0, 1], got " +
                                        std::to_string(o.exploration_floor));
    if (o.max_suggestions_per_day < 1)
        return Status::invalid_argument("max_suggestions_per_day must be >= 1, got " +
                                        std::to_string(o.max_suggestions_per_day));
    if (o.probability_draws < 1 || o.probability_draws > 1'000'000)
        return Status::invalid_argument("probability_draws must be 1..1000000, got " +
                                        std::to_string(o.probability_draws));
    if (o.max_logged_decisions < 1)
        return Status::invalid_argument("max_logged_decisions must be >= 1");
    for (const auto& [arm, v] : o.arm_prior_variance)
        if (!(std::isfinite(v) && v > 0))
            return Status::invalid_argument("arm_prior_variance." + arm + " must be > 0, got " +
                                            std::to_string(v));
    for (const auto& [arm, m] : o.prior_mean) {
        if (m.size() != static_cast<std::size_t>(kD) ||
            !std::all_of(m.begin(), m.end(), [](double v) { return std::isfinite(v); }))
            return Status::invalid_argument("prior_mean." + arm + ": expected " +
                                            std::to_string(kD) + " finite numbers");
    }
    return Status::ok();
}

Bandit::Bandit(std::vector<std::string> arms, BanditOptions options)
    : arms_(std::move(arms)), options_(options) {
    const Status st = validate_bandit(arms_, options_);
    ATTUNE_ASSERT(st.is_ok(), st.to_string());
}

std::vector<std::pair<double, double>> Bandit::predict(const BanditState& state,
                                                       const BanditContext& context) const {
    const std::vector<double> f = bandit_features(context);
    const Vec x = Eigen::Map<const Vec>(f.data());
    std::vector<std::pair<double, double>> out;
    out.reserve(arms_.size());
    for (const auto& arm : arms_) {
        const auto it = state.arms.find(arm);
        out.push_back(predict_one(
            posterior(it == state.arms.end() ? nullptr : &it->second, arm, options_), x));
    }
    return out;
}

Result<BanditDecision> Bandit::choose(BanditState& state, const BanditContext& context,
                                      std::int64_t now_ms, int utc_offset_min,
                                      std::uint64_t seed) const {
    ATTUNE_RETURN_IF_ERROR(validate(context));
    if (utc_offset_min < -840 || utc_offset_min > 840)
        return Status::invalid_argument(
            "utc_offset_min must be -840..840 (UTC-14 to UTC+14), got " +
            std::to_string(utc_offset_min));
    if (context.in_crisis)
        return Status::failed_precondition(
            "no suggestion during a crisis: crisis language was seen recently, so the companion "
            "offers no exercise of its own");
    const std::int64_t day = floor_div(now_ms + std::int64_t{utc_offset_min} * 60'000, kDayMs);
    if (const auto it = state.suggestions_per_day.find(day);
        it != state.suggestions_per_day.end() && it->second >= options_.max_suggestions_per_day)
        return Status::failed_precondition(
            "today's cap of " + std::to_string(options_.max_suggestions_per_day) +
            " suggested exercises is reached; the next suggestion can come tomorrow (local time)");

    const std::size_t k = arms_.size();
    // Availability: the arms that suit this moment (all when the context names none).
    std::vector<char> open(k, context.eligible.empty() ? 1 : 0);
    for (const auto& e : context.eligible) {
        const auto it = std::find(arms_.begin(), arms_.end(), e);
        if (it == arms_.end())
            return Status::invalid_argument("eligible: unknown arm \"" + e + "\"");
        open[static_cast<std::size_t>(it - arms_.begin())] = 1;
    }
    const auto k_open = static_cast<double>(std::count(open.begin(), open.end(), 1));
    const std::vector<double> f = bandit_features(context);
    const Vec x = Eigen::Map<const Vec>(f.data());
    std::vector<ArmPosterior> post;
    std::vector<std::pair<double, double>> pred;
    post.reserve(k);
    pred.reserve(k);
    for (const auto& arm : arms_) {
        const auto it = state.arms.find(arm);
        post.push_back(
            posterior(it == state.arms.end() ? nullptr : &it->second, arm, options_));
        pred.push_back(predict_one(post.back(), x));
    }

    // P_TS by Monte Carlo: the share of joint draws in which each arm's predicted reward is the
    // largest (Russo et al. 2018, section 7.1: the probability Thompson sampling picks the arm),
    // with each draw's spread scaled by posterior_scale (Chapelle & Li 2011's alpha).
    std::mt19937_64 rng(seed);
    detail::NormalDraw normal;
    std::vector<int> wins(k, 0);
    std::vector<double> spread(k);
    for (std::size_t a = 0; a < k; ++a) spread[a] = options_.posterior_scale * pred[a].second;
    for (int draw = 0; draw < options_.probability_draws; ++draw) {
        std::size_t best = 0;
        double best_v = -INFINITY;
        for (std::size_t a = 0; a < k; ++a) {
            const double v = pred[a].first + spread[a] * normal(rng);
            if (open[a] && v > best_v) {
                best_v = v;
                best = a;
            }
        }
        ++wins[best];
    }
    // The floor (Liao et al. 2020 clip the probability of acting to [0.1, 0.8]; here every arm
    // keeps at least floor / K and the rest follows Thompson sampling).
    const double floor = options_.exploration_floor;
    std::vector<double> probs(k);
    for (std::size_t a = 0; a < k; ++a)
        probs[a] = open[a] ? floor / k_open + (1 - floor) * wins[a] /
                                                  static_cast<double>(options_.probability_draws)
                           : 0.0;
    const double u = detail::uniform01(rng);
    std::size_t chosen = k;
    double cum = 0;
    for (std::size_t a = 0; a < k; ++a) {
        if (!open[a]) continue;
        chosen = a;  // the last open arm takes any rounding left at the top
        cum += probs[a];
        if (u < cum) break;
    }

    BanditDecision d;
    d.id = "d" + std::to_string(state.next_decision);
    d.at_ms = now_ms;
    d.arms = arms_;
    d.probabilities = probs;
    d.features = f;
    d.chosen = arms_[chosen];
    d.why = explain(arms_[chosen], static_cast<int>(chosen), post, pred, context, x, options_);
    std::vector<int> n(k);
    for (std::size_t a = 0; a < k; ++a) n[a] = post[a].n;
    d.why_numbers = why_numbers("thompson_sampling", pred, probs, n, options_,
                                options_.probability_draws, state);

    ++state.next_decision;
    ++state.suggestions_per_day[day];
    state.suggestions_per_day.erase(state.suggestions_per_day.begin(),
                                    state.suggestions_per_day.lower_bound(day - kKeptCapDays + 1));
    log_decision(state, d, options_.max_logged_decisions);
    return d;
}

Result<BanditDecision> Bandit::record_pick(BanditState& state, const BanditContext& context,
                                           std::string_view arm, std::int64_t now_ms) const {
    ATTUNE_RETURN_IF_ERROR(validate(context));
    const auto it = std::find(arms_.begin(), arms_.end(), arm);
    if (it == arms_.end())
        return Status::invalid_argument("unknown exercise " + std::string(arm) +
                                        " (not one of the bandit's " +
                                        std::to_string(arms_.size()) + " arms)");
    const std::size_t chosen = static_cast<std::size_t>(it - arms_.begin());
    const auto pred = predict(state, context);
    BanditDecision d;
    d.id = "d" + std::to_string(state.next_decision);
    d.at_ms = now_ms;
    d.arms = arms_;
    d.probabilities.assign(arms_.size(), 0.0);
    d.probabilities[chosen] = 1.0;
    d.features = bandit_features(context);
    d.chosen = *it;
    d.picked_by_person = true;
    d.why = "You chose " + display_name(*it) + " yourself.";
    std::vector<int> n(arms_.size());
    for (std::size_t a = 0; a < arms_.size(); ++a) {
        const auto st = state.arms.find(arms_[a]);
        n[a] = st == state.arms.end() ? 0 : st->second.n;
    }
    d.why_numbers = why_numbers("picked_by_person", pred, d.probabilities, n, options_, 0, state);
    ++state.next_decision;
    log_decision(state, d, options_.max_logged_decisions);
    return d;
}

Status Bandit::update(BanditState& state, std::string_view decision_id, double reward) const {
    const auto it = std::find_if(state.decisions.rbegin(), state.decisions.rend(),
                                 [&](const BanditDecision& d) { return d.id == decision_id; });
    if (it == state.decisions.rend())
        return Status::not_found("no decision " + std::string(decision_id) +
                                 " in the log (unknown, or older than the last " +
                                 std::to_string(options_.max_logged_decisions) + " decisions)");
    if (it->reward)
        return Status::failed_precondition("decision " + it->id + " already has its reward (" +
                                           std::to_string(*it->reward) + ")");
    if (!std::isfinite(reward) || reward < -10 || reward > 10)
        return Status::invalid_argument("reward must be a finite number in [-10, 10], got " +
                                        std::to_string(reward));
    if (it->features.size() != static_cast<std::size_t>(kD))
        return Status::internal("decision " + it->id + " has " +
                                std::to_string(it->features.size()) + " features");
    state.arms[it->chosen].add(it->features, reward);
    it->reward = reward;
    return Status::ok();
}


// ----- The population prior ----------------------------------------------------------------------

void BanditPrior::apply(BanditOptions& o) const {
    o.prior_mean.clear();
    o.arm_prior_variance.clear();
    for (const auto& [arm, w] : mean) {
        const auto n = arm_rewards.find(arm);
        if (!arm_rewards.empty() && (n == arm_rewards.end() || n->second == 0)) continue;
        o.prior_mean.emplace(arm, w);
        o.arm_prior_variance.emplace(arm, prior_variance);
    }
    o.noise_variance = noise_variance;
    o.prior_people = people;
}

json BanditPrior::to_json() const {
    return {{"version", kStateVersion},
            {"features", feature_names_json()},
            {"people", people},
            {"rewards", rewards},
            {"prior_variance", prior_variance},
            {"noise_variance", noise_variance},
            {"mean", mean},
            {"arm_rewards", arm_rewards}};
}

Result<BanditPrior> BanditPrior::from_json(const json& j) {
    try {
        ATTUNE_RETURN_IF_ERROR(check_header(j, "prior"));
        BanditPrior p;
        auto people = int_member(j, "", "people");
        if (!people) return people.status();
        auto rewards = int_member(j, "", "rewards");
        if (!rewards) return rewards.status();
        if (*people < 0 || *rewards < 0) return bad("people", "expected counts >= 0");
        p.people = static_cast<int>(*people);
        p.rewards = static_cast<std::size_t>(*rewards);
        for (const char* key : {"prior_variance", "noise_variance"}) {
            auto v = member(j, "", key);
            if (!v) return v.status();
            if (!(*v)->is_number() || !std::isfinite((*v)->get<double>()) ||
                (*v)->get<double>() <= 0 || (*v)->get<double>() > 10)
                return bad(key, "expected a number in (0, 10]");
            (std::string_view(key) == "prior_variance" ? p.prior_variance : p.noise_variance) =
                (*v)->get<double>();
        }
        auto mean = member(j, "", "mean");
        if (!mean) return mean.status();
        if (!(*mean)->is_object()) return bad("mean", "expected an object of arm id -> weights");
        for (const auto& [arm, w] : (*mean)->items()) {
            if (arm.empty()) return bad("mean", "an arm id is empty");
            auto v = numbers(w, "mean." + arm, kD);
            if (!v) return v.status();
            p.mean.emplace(arm, std::move(*v));
        }
        // Optional: priors written before it was kept lack it.
        if (const auto it = j.find("arm_rewards"); it != j.end()) {
            if (!it->is_object()) return bad("arm_rewards", "expected an object of arm id -> count");
            for (const auto& [arm, n] : it->items()) {
                if (!n.is_number_unsigned())
                    return bad("arm_rewards." + arm, "expected a count >= 0");
                p.arm_rewards.emplace(arm, n.get<std::size_t>());
            }
        }
        return p;
    } catch (const json::exception& e) {  // not expected: every member's type is checked first
        return Status::invalid_argument(std::string("bandit prior: ") + e.what());
    }
}

Result<BanditPrior> BanditPrior::load(const std::string& path) {
    auto text = read_file(path, "bandit prior file");
    if (!text) return text.status();
    const auto j = json::parse(*text, nullptr, false);
    if (j.is_discarded()) return Status::invalid_argument(path + ": not JSON");
    auto prior = from_json(j);
    if (!prior) return Status::invalid_argument(path + ": " + prior.status().message());
    return prior;
}

Result<BanditPrior> fit_bandit_prior(std::span<const BanditCohortStats> people,
                                     const std::vector<std::string>& arms,
                                     const BanditOptions& base) {
    ATTUNE_RETURN_IF_ERROR(validate_bandit(arms, base));
    struct Group {  // one person's statistics of one arm
        std::size_t arm;
        Mat xtx;
        Vec xty;
        int n;
        std::optional<double> yty;
    };
    std::vector<Group> groups;
    std::size_t rewards = 0;
    int with_rewards = 0;
    auto finite = [](const std::vector<double>& v) {
        return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
    };
    for (std::size_t p = 0; p < people.size(); ++p) {
        bool any = false;
        for (const auto& [arm, st] : people[p]) {
            const auto it = std::find(arms.begin(), arms.end(), arm);
            if (it == arms.end() || st.n == 0) continue;
            const std::string where = "person " + std::to_string(p) + ", arm " + arm;
            if (st.n < 0 || st.xtx.size() != static_cast<std::size_t>(kD * kD) ||
                st.xty.size() != static_cast<std::size_t>(kD) || !finite(st.xtx) ||
                !finite(st.xty) || (st.yty && !(std::isfinite(*st.yty) && *st.yty >= 0)))
                return Status::invalid_argument(where + ": expected n >= 0, " +
                                                std::to_string(kD * kD) + " + " +
                                                std::to_string(kD) + " finite sums and y'y >= 0");
            groups.push_back({static_cast<std::size_t>(it - arms.begin()),
                              Eigen::Map<const Mat>(st.xtx.data()),
                              Eigen::Map<const Vec>(st.xty.data()), st.n, st.yty});
            rewards += static_cast<std::size_t>(st.n);
            any = true;
        }
        with_rewards += any ? 1 : 0;
    }
    if (with_rewards < 2)
        return Status::invalid_argument("cohort: a prior needs at least 2 people with rewards, got " +
                                        std::to_string(with_rewards));
    // 1. The population's weights per arm: a ridge regression pooled over everyone, with the
    //    base prior (zero mean) as its penalty; thousands of rewards make the bias data-driven.
    std::vector<Mat> xtx(arms.size(), Mat::Zero());
    std::vector<Vec> xty(arms.size(), Vec::Zero());
    BanditPrior prior;
    for (const auto& arm : arms) prior.arm_rewards[arm] = 0;
    for (const Group& g : groups) {
        xtx[g.arm] += g.xtx;
        xty[g.arm] += g.xty;
        prior.arm_rewards[arms[g.arm]] += static_cast<std::size_t>(g.n);
    }
    std::vector<Vec> w(arms.size());
    for (std::size_t a = 0; a < arms.size(); ++a) {
        const Mat precision = prior_precision(base, arms[a]) + xtx[a] / base.noise_variance;
        w[a] = precision.llt().solve(xty[a] / base.noise_variance);
        prior.mean.emplace(arms[a], std::vector<double>(w[a].data(), w[a].data() + kD));
    }
    // 2. Residuals e = y - x'w from the population's prediction, per (person, arm) group: within
    //    a group they scatter by the noise s2; a group's mean scatters around 0 by tau2 + s2 / n,
    //    where tau2 is how far one person's mean reward for the arm lies from the population's.
    //    From the sums: sum e = X'y[bias] - X'X[bias row] w (the bias feature is 1), and
    //    sum e^2 = y'y - 2 w'X'y + w'X'X w.
    const auto residual_sum = [&](const Group& g) {
        return g.xty(0) - g.xtx.row(0).dot(w[g.arm]);
    };
    double within = 0;
    double dof = 0;
    for (const Group& g : groups) {
        if (!g.yty || g.n < 2) continue;
        const Vec& wa = w[g.arm];
        const double sum = residual_sum(g);
        const double sum_sq = *g.yty - 2 * wa.dot(g.xty) + wa.dot(g.xtx * wa);
        within += std::max(0.0, sum_sq - sum * sum / g.n);
        dof += g.n - 1;
    }
    if (dof < 1)
        return Status::invalid_argument(
            "cohort: no person has two rewards of one arm (with their sum of squares known), so "
            "the spreads cannot be estimated");
    const double s2 = within / dof;
    double between = 0;
    int counted = 0;
    for (const Group& g : groups) {
        if (g.n < 2) continue;
        const double m = residual_sum(g) / g.n;
        between += m * m - s2 / g.n;
        ++counted;
    }
    // Floors: a cohort that shows little difference between people (or too few rewards to
    // tell: the moment estimate is noisy and may come out below 0) must not give a prior so
    // certain that this person's own rewards can hardly move it. kMinBetweenVariance is sd 0.05
    // reward units, half a mood point: with noise about 0.03, a dozen of the person's own
    // rewards of an exercise weigh as much as the prior.
    prior.prior_variance = std::max(between / counted, BanditPrior::kMinBetweenVariance);
    prior.noise_variance = std::max(s2, 1e-4);
    prior.people = with_rewards;
    prior.rewards = rewards;
    return prior;
}

Result<BanditPrior> fit_bandit_prior(std::span<const BanditCohortReward> cohort,
                                     const std::vector<std::string>& arms,
                                     const BanditOptions& base) {
    std::map<std::string, std::size_t> person_index;
    std::vector<BanditCohortStats> people;
    for (std::size_t i = 0; i < cohort.size(); ++i) {
        const BanditCohortReward& r = cohort[i];
        const std::string where = "cohort[" + std::to_string(i) + "]";
        if (std::find(arms.begin(), arms.end(), r.arm) == arms.end())
            return Status::invalid_argument(where + ".arm: unknown arm \"" + r.arm + "\"");
        if (r.features.size() != static_cast<std::size_t>(kD) ||
            !std::all_of(r.features.begin(), r.features.end(),
                         [](double v) { return std::isfinite(v); }))
            return Status::invalid_argument(where + ".features: expected " + std::to_string(kD) +
                                            " finite numbers");
        if (!std::isfinite(r.reward))
            return Status::invalid_argument(where + ".reward: not a finite number");
        const auto [it, added] = person_index.emplace(r.person, people.size());
        if (added) people.emplace_back();
        people[it->second][r.arm].add(r.features, r.reward);
    }
    return fit_bandit_prior(std::span<const BanditCohortStats>(people), arms, base);
}

}  // namespace attune::care
