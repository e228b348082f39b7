// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>

#include <attune/text.hpp>

#include "text/datasets.hpp"
#include "text/metrics.hpp"
#include "text/sentiment.hpp"

namespace attune::text {
namespace {

Status cancelled_if(const ProgressFn& progress, std::string_view stage, std::size_t done, std::size_t total) {
    if (progress && !progress(stage, done, total)) return Status::cancelled("evaluation cancelled");
    return Status::ok();
}

// Analyses every text, or fails naming the first bad one.
Result<std::vector<Analysis>> analyze_all(const Analyzer& analyzer, const std::vector<std::string>& texts,
                                          const ProgressFn& progress, std::string_view stage) {
    std::vector<Analysis> out;
    out.reserve(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        auto a = analyzer.analyze(texts[i]);
        if (!a) return a.status().with_context(std::string(stage) + " text " + std::to_string(i + 1));
        out.push_back(std::move(*a));
        if ((i + 1) % 1000 == 0) ATTUNE_RETURN_IF_ERROR(cancelled_if(progress, stage, i + 1, texts.size()));
    }
    ATTUNE_RETURN_IF_ERROR(cancelled_if(progress, stage, texts.size(), texts.size()));
    return out;
}

// VADER as published (its lexicon and emoji table from data_dir/vader, run through our port),
// the baseline issue #2 measures the compound against.
Result<SentimentScorer> load_vader(const std::string& data_dir) {
    const std::string lex = data_dir + "/vader/vader_lexicon.txt", emo = data_dir + "/vader/emoji_utf8_lexicon.txt";
    std::ifstream lf(lex), ef(emo);
    if (!lf) return Status::not_found("cannot open " + lex);
    if (!ef) return Status::not_found("cannot open " + emo);
    return SentimentScorer::from_text(lf, ef, lex);
}

// Pearson r with the human ratings of our compound, of our rules alone, and of VADER.
nlohmann::json sentiment_proxy(const std::vector<Analysis>& a, const std::vector<std::string>& texts,
                               const SentimentScorer& vader, const std::vector<double>& gold,
                               const std::vector<std::size_t>& rows) {
    std::vector<double> ours, rules, baseline;
    for (auto i : rows) {
        ours.push_back(a[i].sentiment.compound);
        rules.push_back(a[i].sentiment.rules_compound);
        auto norm = normalize(texts[i]);
        baseline.push_back(norm ? vader.score(*norm).scores.compound : 0.0);
    }
    return {{"n", rows.size()}, {"r", pearson(ours, gold)}, {"rules_r", pearson(rules, gold)},
            {"vader_r", pearson(baseline, gold)}};
}

}  // namespace

Result<nlohmann::json> evaluate_text(const Analyzer& analyzer, const std::string& data_dir, const ProgressFn& progress) {
    nlohmann::json out;

    // GoEmotions dev: the labels at the shipped thresholds (which were tuned on this split),
    // and a cross-tuned estimate that never tests on the rows it tuned on.
    auto ge = read_goemotions(data_dir + "/goemotions/dev.tsv");
    if (!ge) return ge.status();
    std::vector<std::string> ge_texts;
    for (const auto& r : *ge) ge_texts.push_back(r.text);
    auto ga = analyze_all(analyzer, ge_texts, progress, "goemotions dev");
    if (!ga) return ga.status();
    std::vector<char> pred28, gold28, pred7, gold7;
    std::vector<float> p28, p7;
    for (std::size_t i = 0; i < ga->size(); ++i) {
        const Analysis& a = (*ga)[i];
        std::array<char, kNumEkman> pe{}, ge7{};
        for (std::size_t k = 0; k < kNumEmotions; ++k) {
            const bool on = std::find(a.labels.begin(), a.labels.end(), emotion_names()[k]) != a.labels.end();
            pred28.push_back(on);
            gold28.push_back((*ge)[i].labels[k]);
            if (on) pe[ekman_group_of_emotion()[k]] = 1;
            if ((*ge)[i].labels[k]) ge7[ekman_group_of_emotion()[k]] = 1;
        }
        pred7.insert(pred7.end(), pe.begin(), pe.end());
        gold7.insert(gold7.end(), ge7.begin(), ge7.end());
        p28.insert(p28.end(), a.emotions.begin(), a.emotions.end());
        p7.insert(p7.end(), a.ekman.begin(), a.ekman.end());
    }
    // Ekman labels from the Ekman head at thresholds tuned here.
    auto t7 = tune_thresholds(p7, gold7, kNumEkman);
    auto ek_head = predict_labels(p7, t7, kNumEkman);

    // Cross-tuned: tune on even rows, test on odd rows, and the other way round.
    auto half = [](const auto& v, std::size_t k, int parity) {
        std::remove_cvref_t<decltype(v)> h;
        for (std::size_t i = 0; i * k < v.size(); ++i)
            if (static_cast<int>(i % 2) == parity) h.insert(h.end(), v.begin() + static_cast<std::ptrdiff_t>(i * k), v.begin() + static_cast<std::ptrdiff_t>((i + 1) * k));
        return h;
    };
    double cross = 0, cross7 = 0;
    for (int parity = 0; parity < 2; ++parity) {
        auto t = tune_thresholds(half(p28, kNumEmotions, parity), half(gold28, kNumEmotions, parity), kNumEmotions);
        cross += 0.5 * macro_f1(predict_labels(half(p28, kNumEmotions, 1 - parity), t, kNumEmotions), half(gold28, kNumEmotions, 1 - parity), kNumEmotions);
        auto te = tune_thresholds(half(p7, kNumEkman, parity), half(gold7, kNumEkman, parity), kNumEkman);
        cross7 += 0.5 * macro_f1(predict_labels(half(p7, kNumEkman, 1 - parity), te, kNumEkman), half(gold7, kNumEkman, 1 - parity), kNumEkman);
    }
    auto per = per_label_f1(pred28, gold28, kNumEmotions);
    nlohmann::json per_label;
    for (std::size_t k = 0; k < kNumEmotions; ++k) per_label[std::string(emotion_names()[k])] = per[k];
    std::size_t tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < pred28.size(); ++i) {
        tp += pred28[i] && gold28[i];
        fp += pred28[i] && !gold28[i];
        fn += !pred28[i] && gold28[i];
    }
    out["goemotions_dev"] = {
        {"n", ge->size()},
        {"macro_f1", macro_f1(pred28, gold28, kNumEmotions)},
        {"micro_f1", tp ? 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn) : 0.0},
        {"macro_f1_cross_tuned", cross},
        {"ekman_macro_f1_from_labels", macro_f1(pred7, gold7, kNumEkman)},
        {"ekman_macro_f1", macro_f1(ek_head, gold7, kNumEkman)},
        {"ekman_macro_f1_cross_tuned", cross7},
        {"per_label_f1", per_label},
    };

    // EmoBank dev: Pearson r of V, A, D against the mean ratings.
    auto eb = read_emobank(data_dir + "/emobank/emobank.csv");
    if (!eb) return eb.status();
    std::vector<std::string> texts;
    std::vector<double> gv, ga_, gd;
    for (const auto& r : *eb)
        if (r.split == "dev") { texts.push_back(r.text); gv.push_back(r.v); ga_.push_back(r.a); gd.push_back(r.d); }
    auto ea = analyze_all(analyzer, texts, progress, "emobank dev");
    if (!ea) return ea.status();
    std::vector<double> v, ar, dm;
    std::vector<std::size_t> all_rows;
    for (std::size_t i = 0; i < ea->size(); ++i) {
        v.push_back((*ea)[i].vad.valence);
        ar.push_back((*ea)[i].vad.arousal);
        dm.push_back((*ea)[i].vad.dominance);
        all_rows.push_back(i);
    }
    out["emobank_dev"] = {{"n", ea->size()}, {"valence_r", pearson(v, gv)}, {"arousal_r", pearson(ar, ga_)}, {"dominance_r", pearson(dm, gd)}};

    // Sentiment: the compound against human valence on the proxies we hold (VADER's own
    // human-rated sets are kept aside), with the rules-only compound beside it.
    auto vader = load_vader(data_dir);
    if (!vader) return vader.status();
    nlohmann::json sent;
    sent["emobank_dev_valence"] = sentiment_proxy(*ea, texts, *vader, gv, all_rows);
    // By genre: newspaper and letters stand in for VADER's NYT editorials, fiction and blogs for
    // its movie-review and tweet snippets (those human-rated sets are kept aside).
    std::map<std::string, std::vector<std::size_t>> by_genre;
    std::vector<const EmoBankRow*> dev_rows;
    for (const auto& r : *eb)
        if (r.split == "dev") dev_rows.push_back(&r);
    for (std::size_t i = 0; i < dev_rows.size(); ++i)
        if (!dev_rows[i]->genre.empty()) by_genre[dev_rows[i]->genre].push_back(i);
    for (const auto& [genre, rows] : by_genre) {
        std::vector<double> gold;
        for (auto i : rows) gold.push_back(gv[i]);
        sent["emobank_dev_valence_by_genre"][genre] = sentiment_proxy(*ea, texts, *vader, gold, rows);
    }
    std::vector<double> pol;
    std::vector<std::size_t> pol_rows;
    for (std::size_t i = 0; i < ge->size(); ++i)
        if (auto p = goemotions_polarity((*ge)[i].labels)) { pol.push_back(*p); pol_rows.push_back(i); }
    sent["goemotions_dev_polarity"] = sentiment_proxy(*ga, ge_texts, *vader, pol, pol_rows);
    auto uci = read_uci_sentiment(data_dir + "/uci_sentiment_labelled");
    if (!uci) return uci.status();
    for (const char* source : {"amazon", "imdb", "yelp"}) {
        texts.clear();
        std::vector<double> gold;
        for (const auto& r : *uci)
            if (r.source == source && uci_is_heldout(r)) { texts.push_back(r.text); gold.push_back(r.label); }
        auto ua = analyze_all(analyzer, texts, progress, std::string("uci ") + source);
        if (!ua) return ua.status();
        std::vector<std::size_t> rows(ua->size());
        for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
        sent[std::string("uci_heldout_") + source] = sentiment_proxy(*ua, texts, *vader, gold, rows);
    }
    out["sentiment"] = std::move(sent);
    return out;
}

Result<nlohmann::json> evaluate_crisis_statements(const Analyzer& analyzer, const std::string& tsv_path) {
    auto rows = read_crisis_statements(tsv_path);
    if (!rows) return rows.status();
    std::size_t risk = 0, caught = 0, safe = 0, alarms = 0, exact = 0, exact_risk = 0;
    std::size_t rules_caught = 0, rules_alarms = 0, rules_exact = 0;
    std::size_t sh_tp = 0, sh_fp = 0, sh_fn = 0;
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_category;  // n, correct level
    std::map<std::string, std::map<std::string, std::size_t>> confusion;      // gold -> predicted
    nlohmann::json misses = nlohmann::json::array();
    for (const auto& r : *rows) {
        auto analysis = analyzer.analyze(r.text);
        if (!analysis) return analysis.status().with_context(tsv_path + ":" + std::to_string(r.line));
        const CrisisAssessment* a = &analysis->crisis;
        auto rules = assess_crisis(r.text);
        if (!rules) return rules.status().with_context(tsv_path + ":" + std::to_string(r.line));
        rules_caught += r.level != CrisisLevel::none && rules->level != CrisisLevel::none;
        rules_alarms += r.level == CrisisLevel::none && rules->level != CrisisLevel::none;
        rules_exact += rules->level == r.level;
        const bool gold_risk = r.level != CrisisLevel::none, pred_risk = a->level != CrisisLevel::none;
        risk += gold_risk;
        caught += gold_risk && pred_risk;
        safe += !gold_risk;
        alarms += !gold_risk && pred_risk;
        exact += a->level == r.level;
        exact_risk += gold_risk && a->level == r.level;
        sh_tp += r.self_harm && a->self_harm;
        sh_fp += !r.self_harm && a->self_harm;
        sh_fn += r.self_harm && !a->self_harm;
        auto& c = by_category[r.category];
        ++c.first;
        c.second += a->level == r.level;
        ++confusion[std::string(crisis_level_name(r.level))][std::string(crisis_level_name(a->level))];
        // Our own statements (never research texts): the misses are listed by line to fix.
        if (gold_risk != pred_risk) misses.push_back({{"line", r.line}, {"gold", crisis_level_name(r.level)}, {"predicted", crisis_level_name(a->level)}});
    }
    auto ratio = [](std::size_t a, std::size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; };
    nlohmann::json cats;
    for (const auto& [name, c] : by_category) cats[name] = {{"n", c.first}, {"level_accuracy", ratio(c.second, c.first)}};
    return nlohmann::json{
        {"file", tsv_path},
        {"n", rows->size()},
        {"risk_statements", risk},
        {"any_risk_recall", ratio(caught, risk)},
        {"false_alarm_rate", ratio(alarms, safe)},
        {"exact_level_accuracy", ratio(exact, rows->size())},
        {"exact_level_accuracy_on_risk", ratio(exact_risk, risk)},
        {"self_harm", {{"precision", ratio(sh_tp, sh_tp + sh_fp)}, {"recall", ratio(sh_tp, sh_tp + sh_fn)}}},
        {"by_category", cats},
        {"confusion", confusion},
        {"risk_misclassified", misses},
        {"rules", {{"any_risk_recall", ratio(rules_caught, risk)},
                   {"false_alarm_rate", ratio(rules_alarms, safe)},
                   {"exact_level_accuracy", ratio(rules_exact, rows->size())}}},
    };
}

namespace {

const std::string kCssrsFile = "/cssrs_reddit/500_Reddit_users_posts_labels.csv";

// Gaur et al. (2019)'s labels with suicide risk against those without.
bool cssrs_at_risk(const std::string& label) {
    return label == "Ideation" || label == "Behavior" || label == "Attempt";
}

// What every C-SSRS report begins with.
nlohmann::json cssrs_report(std::size_t users, std::size_t posts, std::span<const char> at_risk) {
    std::size_t positives = 0;
    for (char p : at_risk) positives += p;
    return {{"n_users", users},
            {"n_posts", posts},
            {"positives", positives},
            {"positive_labels", {"Ideation", "Behavior", "Attempt"}},
            {"negative_labels", {"Supportive", "Indicator"}}};
}

}  // namespace

Result<nlohmann::json> evaluate_cssrs_ranking(const Analyzer& analyzer, const std::string& data_dir,
                                              const std::vector<std::string>& score_names,
                                              const JournalScorer& score,
                                              const ProgressFn& progress) {
    const std::string path = data_dir + kCssrsFile;
    auto users = read_cssrs_reddit(path);
    if (!users) return users.status();
    std::vector<std::vector<double>> scores(score_names.size());
    std::vector<char> at_risk;
    std::size_t posts = 0;
    for (std::size_t u = 0; u < users->size(); ++u) {
        const auto& user = (*users)[u];
        std::vector<Analysis> analyses;
        analyses.reserve(user.posts.size());
        for (const auto& post : user.posts) {
            auto a = analyzer.analyze(post);
            if (!a) return a.status().with_context(path + " user " + user.user);  // never the post itself
            analyses.push_back(std::move(*a));
        }
        posts += user.posts.size();
        const std::vector<double> s = score(analyses);
        if (s.size() != score_names.size())
            return Status::invalid_argument("the scorer returned " + std::to_string(s.size()) +
                                            " scores for " + std::to_string(score_names.size()) +
                                            " names");
        for (std::size_t k = 0; k < s.size(); ++k) scores[k].push_back(s[k]);
        at_risk.push_back(cssrs_at_risk(user.label));
        if ((u + 1) % 25 == 0) ATTUNE_RETURN_IF_ERROR(cancelled_if(progress, "cssrs reddit", u + 1, users->size()));
    }
    nlohmann::json report = cssrs_report(users->size(), posts, at_risk);
    for (std::size_t k = 0; k < score_names.size(); ++k)
        report["auc"][score_names[k]] = roc_auc(scores[k], at_risk);
    return report;
}

Result<nlohmann::json> evaluate_crisis_reddit(const Analyzer& analyzer, const std::string& data_dir,
                                              const ProgressFn& progress) {
    const std::string path = data_dir + kCssrsFile;
    auto users = read_cssrs_reddit(path);
    if (!users) return users.status();
    // Each user's posts are read as a journal: the user's score is the highest level reached,
    // with the share of posts at passive or above breaking ties within a level.
    std::vector<double> score_max, score_share, score, rules_score;
    std::vector<char> at_risk;
    std::map<std::string, std::map<std::string, std::size_t>> levels_by_label;
    std::size_t posts = 0;
    for (std::size_t u = 0; u < users->size(); ++u) {
        const auto& user = (*users)[u];
        int top = 0, rules_top = 0;
        std::size_t flagged = 0, rules_flagged = 0;
        for (const auto& post : user.posts) {
            auto a = analyzer.analyze(post);
            if (!a) return a.status().with_context(path + " user " + user.user);  // never the post itself
            top = std::max(top, static_cast<int>(a->crisis.level));
            flagged += a->crisis.level != CrisisLevel::none;
            auto rules = assess_crisis(post);
            if (!rules) return rules.status().with_context(path + " user " + user.user);
            rules_top = std::max(rules_top, static_cast<int>(rules->level));
            rules_flagged += rules->level != CrisisLevel::none;
        }
        posts += user.posts.size();
        const double share = user.posts.empty() ? 0.0 : static_cast<double>(flagged) / static_cast<double>(user.posts.size());
        score_max.push_back(top);
        score_share.push_back(share);
        score.push_back(top + share);
        rules_score.push_back(rules_top + (user.posts.empty() ? 0.0 : static_cast<double>(rules_flagged) /
                                                                        static_cast<double>(user.posts.size())));
        at_risk.push_back(cssrs_at_risk(user.label));
        ++levels_by_label[user.label][std::string(crisis_level_name(static_cast<CrisisLevel>(top)))];
        if ((u + 1) % 25 == 0) ATTUNE_RETURN_IF_ERROR(cancelled_if(progress, "cssrs reddit", u + 1, users->size()));
    }
    nlohmann::json report = cssrs_report(users->size(), posts, at_risk);
    report["auc"] = roc_auc(score, at_risk);
    report["auc_max_level"] = roc_auc(score_max, at_risk);
    report["auc_share_flagged"] = roc_auc(score_share, at_risk);
    report["rules_auc"] = roc_auc(rules_score, at_risk);
    report["max_level_by_label"] = levels_by_label;
    return report;
}

namespace {

// The distortions found in one text by the detector measured.
using DistortionDetector = std::function<Result<std::vector<Distortion>>(std::string_view)>;

Result<nlohmann::json> evaluate_distortions_with(const std::string& path,
                                                 const DistortionDetector& detect,
                                                 const DistortionDetector* rules_alone,
                                                 const ProgressFn& progress) {
    auto set = read_distortion_set(path);
    if (!set) return set.status();
    const std::vector<DistortionRow>& rows = set->rows;
    constexpr std::size_t kNone = kNumDistortionTypes;  // the "none" column of the confusion table
    auto name = [](std::size_t k) {
        return k == kNone ? std::string("none")
                          : std::string(distortion_name(static_cast<DistortionType>(k)));
    };
    std::size_t tp = 0, fp = 0, fn = 0, tn = 0, hits = 0, found_on_flagged = 0;
    std::size_t rules_tp = 0, rules_fp = 0, rules_fn = 0, rules_hits = 0;
    std::array<std::size_t, kNumDistortionTypes> labelled{}, found{}, right{};
    std::array<std::array<std::size_t, kNumDistortionTypes + 1>, kNumDistortionTypes + 1>
        confusion{};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const DistortionRow& row = rows[i];
        auto got = detect(row.text);
        if (!got)
            return Status::invalid_argument(path + ": row " + std::to_string(row.row) + ": " +
                                            got.status().message());
        if (rules_alone) {
            auto r = (*rules_alone)(row.text);
            if (!r)
                return Status::invalid_argument(path + ": row " + std::to_string(row.row) + ": " +
                                                r.status().message());
            const bool g = !row.types.empty(), f = !r->empty();
            rules_tp += g && f;
            rules_fp += !g && f;
            rules_fn += g && !f;
            bool hit = false;
            for (const auto& d : *r)
                hit |= std::find(row.types.begin(), row.types.end(), d.type) != row.types.end();
            rules_hits += g && f && hit;
        }
        std::array<bool, kNumDistortionTypes> is_found{}, is_labelled{};
        for (const auto& d : *got) is_found[static_cast<std::size_t>(d.type)] = true;
        for (const auto t : row.types) is_labelled[static_cast<std::size_t>(t)] = true;
        const bool gold = !row.types.empty(), flagged = !got->empty();
        tp += gold && flagged;
        fp += !gold && flagged;
        fn += gold && !flagged;
        tn += !gold && !flagged;
        bool hit = false;
        for (std::size_t k = 0; k < kNumDistortionTypes; ++k) {
            labelled[k] += is_labelled[k];
            found[k] += is_found[k];
            right[k] += is_found[k] && is_labelled[k];
            hit |= is_labelled[k] && is_found[k];
        }
        if (gold && flagged) {
            hits += hit;
            found_on_flagged += got->size();
        }
        auto& line = confusion[gold ? static_cast<std::size_t>(row.types.front()) : kNone];
        if (!flagged) ++line[kNone];
        for (std::size_t k = 0; k < kNumDistortionTypes; ++k) line[k] += is_found[k];
        if ((i + 1) % 200 == 0)
            ATTUNE_RETURN_IF_ERROR(cancelled_if(progress, "distortions", i + 1, rows.size()));
    }
    ATTUNE_RETURN_IF_ERROR(cancelled_if(progress, "distortions", rows.size(), rows.size()));

    auto ratio = [](std::size_t a, std::size_t b) {
        return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
    };
    const double precision = ratio(tp, tp + fp), recall = ratio(tp, tp + fn);
    nlohmann::json per_type = nlohmann::json::object(), table = nlohmann::json::object();
    for (std::size_t k = 0; k < kNumDistortionTypes; ++k)
        per_type[name(k)] = {{"n", labelled[k]},
                             {"recall", ratio(right[k], labelled[k])},
                             {"found", found[k]},
                             {"precision", ratio(right[k], found[k])}};
    for (std::size_t g = 0; g <= kNone; ++g) {
        nlohmann::json line = nlohmann::json::object();
        for (std::size_t k = 0; k <= kNone; ++k)
            if (confusion[g][k]) line[name(k)] = confusion[g][k];
        if (!line.empty()) table[name(g)] = std::move(line);
    }
    nlohmann::json report{
        {"file", path},
        {"format", set->format},
        {"detector", rules_alone ? "analyze" : "rules"},
        {"n", rows.size()},
        {"distorted", tp + fn},
        {"binary",
         {{"precision", precision},
          {"recall", recall},
          {"f1", precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0},
          {"tp", tp},
          {"fp", fp},
          {"fn", fn},
          {"tn", tn}}},
        {"type_accuracy", ratio(hits, tp)},
        {"type_hits", hits},
        {"true_positives", tp},
        {"types_per_flagged_text", ratio(found_on_flagged, tp)},
        {"per_type", std::move(per_type)},
        {"confusion", std::move(table)},
    };
    if (rules_alone) {
        const double rp = ratio(rules_tp, rules_tp + rules_fp), rr = ratio(rules_tp, rules_tp + rules_fn);
        report["rules"] = {{"precision", rp},
                           {"recall", rr},
                           {"f1", rp + rr > 0 ? 2 * rp * rr / (rp + rr) : 0.0},
                           {"type_accuracy", ratio(rules_hits, rules_tp)}};
    }
    return report;
}

}  // namespace

Result<nlohmann::json> evaluate_distortions(const std::string& path, const ProgressFn& progress) {
    return evaluate_distortions_with(
        path, [](std::string_view t) { return detect_distortions(t); }, nullptr, progress);
}

Result<nlohmann::json> evaluate_distortions(const Analyzer& analyzer, const std::string& path,
                                            const ProgressFn& progress) {
    const DistortionDetector rules = [](std::string_view t) { return detect_distortions(t); };
    return evaluate_distortions_with(
        path,
        [&analyzer](std::string_view t) -> Result<std::vector<Distortion>> {
            auto a = analyzer.analyze(t);
            if (!a) return a.status();
            return std::move(a->distortions);
        },
        &rules, progress);
}

}  // namespace attune::text
