// SPDX-License-Identifier: Apache-2.0
// `attune train distortions`: builds models/distortions.atm from the project's own labelled
// statements (tests/fixtures/distortions/dev.tsv and dev_rules*.tsv, Apache-2.0), never from
// test.tsv (held out) nor from the research-only Shreevastava set (evaluation only). The
// threshold is chosen by leave-one-file-out cross-validation, then the shipped model is trained
// on every file given.
#include <algorithm>
#include <attune/text.hpp>
#include <filesystem>
#include <memory>

#include "text/crisis_model.hpp"
#include "text/datasets.hpp"
#include "text/distortion_model.hpp"
#include "text/distortions.hpp"

namespace attune::text {
namespace {

constexpr double kMinPrecision = 0.9;  // on every held-out file (issue #3's precision floor)
constexpr std::array<float, 19> kThresholds{0.05f, 0.1f,  0.15f, 0.2f,  0.25f, 0.3f,  0.35f,
                                            0.4f,  0.45f, 0.5f,  0.55f, 0.6f,  0.65f, 0.7f,
                                            0.75f, 0.8f,  0.85f, 0.9f,  0.95f};
constexpr float kNever = 2.0f;                 // a threshold no probability passes: the rules alone
constexpr std::size_t kJournalStatements = 6;  // `none` statements per synthetic journal entry

// The crisis model's settings. Cross-validated on the dev files (mean held-out F1 of the model
// alone): L2 1e-4 0.886, 1e-3 0.913, 3e-3 0.905, 1e-2 0.902, 3e-2 0.890; on dev.tsv (the one file
// the rules were not written against first) 0.893-0.904 throughout, so the differences are noise
// and the crisis model's 1e-2, which gave the best precision there, is kept.
SgdOptions sgd_options(std::uint64_t seed) {
    SgdOptions o;
    o.loss = Loss::logistic;
    o.epochs = 30;
    o.learning_rate = 0.2f;
    o.l2 = 1e-2f;
    o.seed = seed;
    return o;
}

struct Row {
    std::vector<DistortionType> types;  // empty: none
    std::string normalized;
    std::vector<RuleToken> tokens;
    std::vector<Distortion> rules;
};

struct DataFile {
    std::string name;  // without its directory: the model must not depend on where the tree is
    std::vector<Row> rows;
};

Result<DataFile> load(const std::string& path) {
    auto set = read_distortion_set(path);
    if (!set) return set.status();
    if (set->format != "tsv")
        return Status::invalid_argument(path +
                                        ": not one of our TSVs (type<TAB>text); research-only "
                                        "sets are for evaluation, never for training");
    DataFile out{std::filesystem::path(path).filename().string(), {}};
    for (const auto& r : set->rows) {
        auto norm = normalize(r.text);
        if (!norm) return norm.status().with_context(path + ": row " + std::to_string(r.row));
        Row row{r.types, std::move(*norm), {}, {}};
        row.tokens = rule_tokens(row.normalized);
        row.rules = detect_distortions_tokens(row.normalized, row.tokens);
        out.rows.push_back(std::move(row));
    }
    return out;
}

// Each statement is one example; each sentence of a multi-sentence `none` statement is another
// negative (every sentence of an undistorted text is undistorted), as for the crisis model.
Result<DistortionModel> fit(const std::vector<const Row*>& rows, std::uint64_t seed,
                            float threshold, nlohmann::json meta, const ProgressFn& progress,
                            std::string_view stage) {
    std::vector<FeatureHit> hits;
    std::vector<float> weight;
    std::vector<std::uint64_t> keys;
    for (const Row* r : rows) {
        crisis_ngrams(r->tokens, 0, r->tokens.size(), hits, weight);
        for (const auto& h : hits) keys.push_back(h.hash);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

    const DistortionModel featurizer(Vocabulary(keys), LinearModel(), 0, {});
    std::vector<SparseVector> X;
    std::vector<float> Y;
    std::vector<std::int32_t> where;
    auto add = [&](const Row& r, std::size_t first, std::size_t end) {
        X.emplace_back();
        featurizer.featurize(r.tokens, first, end, hits, X.back(), where);
        std::array<float, kDistortionOutputs> y{};
        y[kDistortedOutput] = !r.types.empty();
        for (const auto t : r.types) y[1 + static_cast<std::size_t>(t)] = 1;
        Y.insert(Y.end(), y.begin(), y.end());
    };
    for (const Row* r : rows) {
        add(*r, 0, r->tokens.size());
        if (!r->types.empty() || r->tokens.empty() ||
            r->tokens.back().sentence == r->tokens.front().sentence)
            continue;
        for (std::size_t first = 0; first < r->tokens.size();) {
            std::size_t end = first + 1;
            while (end < r->tokens.size() && r->tokens[end].sentence == r->tokens[first].sentence)
                ++end;
            add(*r, first, end);
            first = end;
        }
    }
    auto w =
        train_linear(X, Y, keys.size(), kDistortionOutputs, sgd_options(seed), progress, stage);
    if (!w) return w.status();
    const std::size_t features = keys.size();
    meta["vocabulary"] = features;
    meta["examples"] = X.size();
    return DistortionModel(Vocabulary(std::move(keys)),
                           LinearModel(features, kDistortionOutputs, w->first, w->second),
                           threshold, std::move(meta));
}

// Counts behind the figures evaluate_distortions reports (binary and type accuracy).
struct Tally {
    std::size_t tp = 0, fp = 0, fn = 0, tn = 0, type_hits = 0;
    void add(const Row& r, const std::vector<Distortion>& found) {
        const bool gold = !r.types.empty(), flagged = !found.empty();
        tp += gold && flagged;
        fp += !gold && flagged;
        fn += gold && !flagged;
        tn += !gold && !flagged;
        if (gold && flagged) {
            bool hit = false;
            for (const auto& d : found)
                hit |= std::find(r.types.begin(), r.types.end(), d.type) != r.types.end();
            type_hits += hit;
        }
    }
    static double ratio(std::size_t a, std::size_t b) {
        return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
    }
    double precision() const { return tp + fp ? ratio(tp, tp + fp) : 1.0; }
    double recall() const { return ratio(tp, tp + fn); }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
    nlohmann::json json() const {
        return {{"precision", precision()},
                {"recall", recall()},
                {"f1", f1()},
                {"type_accuracy", ratio(type_hits, tp)},
                {"tp", tp},
                {"fp", fp},
                {"fn", fn},
                {"tn", tn}};
    }
};

struct Fold {
    std::string test, train;
    const DataFile* data = nullptr;
    std::vector<DistortionScore> scores;
    std::shared_ptr<const DistortionModel> model;  // trained without this file
};

Tally combined(const Fold& f, float threshold) {
    Tally t;
    for (std::size_t i = 0; i < f.data->rows.size(); ++i)
        t.add(f.data->rows[i],
              DistortionModel::combine(f.data->rows[i].rules, f.scores[i], threshold));
    return t;
}

}  // namespace

Result<TrainReport> train_distortion_model(const DistortionTrainOptions& opt) {
    if (opt.data_files.empty())
        return Status::invalid_argument("no distortion statements given to train on");
    if (!std::filesystem::is_directory(opt.out_dir))
        return Status::not_found("output directory " + opt.out_dir + " does not exist");
    std::vector<DataFile> files;
    for (const auto& path : opt.data_files) {
        auto f = load(path);
        if (!f) return f.status();
        files.push_back(std::move(*f));
    }

    // Leave one file out: each batch of statements is scored by a model that never saw it.
    std::vector<Fold> folds;
    for (std::size_t held = 0; files.size() > 1 && held < files.size(); ++held) {
        std::vector<const Row*> train;
        Fold fold{files[held].name, "", &files[held], {}, {}};
        for (std::size_t j = 0; j < files.size(); ++j) {
            if (j == held) continue;
            fold.train += (fold.train.empty() ? "" : "+") + files[j].name;
            for (const auto& r : files[j].rows) train.push_back(&r);
        }
        auto m = fit(train, opt.seed, kNever, {}, opt.progress,
                     "train distortions without " + fold.test);
        if (!m) return m.status();
        for (const auto& r : fold.data->rows)
            fold.scores.push_back(m->score(r.normalized, r.tokens));
        fold.model = std::make_shared<const DistortionModel>(std::move(*m));
        folds.push_back(std::move(fold));
    }

    // The lowest threshold (the most recall) at which the rules plus the model keep precision
    // >= 0.9 on every held-out file (or, on a file where the rules alone are below that, do not
    // lower it); the rules alone when none does.
    float threshold = kNever;
    nlohmann::json sweep = nlohmann::json::array();
    for (float t : kThresholds) {
        nlohmann::json row{{"threshold", t}};
        bool ok = !folds.empty();
        for (const auto& f : folds) {
            const Tally c = combined(f, t), rules = combined(f, kNever);
            ok = ok && c.precision() >= std::min(kMinPrecision, rules.precision());
            row[f.test] = {{"precision", c.precision()}, {"recall", c.recall()}, {"f1", c.f1()}};
        }
        row["meets_precision"] = ok;
        sweep.push_back(std::move(row));
        if (ok && threshold == kNever) threshold = t;
    }

    nlohmann::json cv = nlohmann::json::object();
    for (const auto& f : folds) {
        Tally rules, model;
        for (std::size_t i = 0; i < f.data->rows.size(); ++i) {
            const Row& r = f.data->rows[i];
            rules.add(r, r.rules);
            model.add(r, DistortionModel::combine({}, f.scores[i], threshold));
        }
        // Journal entries: runs of kJournalStatements consecutive `none` statements of the file,
        // read as one text; the share flagged is the false-alarm rate on longer entries, which
        // the statements alone do not show (the model reads each sentence).
        std::size_t journals = 0, flagged = 0, rules_flagged = 0;
        std::string journal;
        std::size_t in_journal = 0;
        for (const Row& r : f.data->rows) {
            if (!r.types.empty()) continue;
            journal += (journal.empty() ? "" : " ") + r.normalized;
            if (++in_journal < kJournalStatements) continue;
            const auto tokens = rule_tokens(journal);
            const auto found = detect_distortions_tokens(journal, tokens);
            ++journals;
            rules_flagged += !found.empty();
            flagged += !DistortionModel::combine(found, f.model->score(journal, tokens), threshold)
                            .empty();
            journal.clear();
            in_journal = 0;
        }
        cv["train " + f.train + ", measure " + f.test] = {
            {"rules", rules.json()},
            {"model", model.json()},
            {"combined", combined(f, threshold).json()},
            {"journals_of_none",
             {{"statements_each", kJournalStatements},
              {"n", journals},
              {"rules_flagged", Tally::ratio(rules_flagged, journals)},
              {"combined_flagged", Tally::ratio(flagged, journals)}}}};
    }

    nlohmann::json meta;
    meta["data"] = nlohmann::json::array();
    std::vector<const Row*> all;
    for (const auto& f : files) {
        meta["data"].push_back({{"file", f.name}, {"statements", f.rows.size()}});
        for (const auto& r : f.rows) all.push_back(&r);
    }
    meta["seed"] = opt.seed;
    meta["features"] =
        "rule_tokens: words, bigrams, negated words (3), char 3-5-grams (weight 0.5); binary, "
        "L2-normalised";
    meta["min_precision_per_held_out_file"] = kMinPrecision;
    meta["cross_validation"] = cv;
    auto model = fit(all, opt.seed, threshold, meta, opt.progress, "train distortions");
    if (!model) return model.status();
    ModelFile file{std::string(kDistortionModelKind)};
    model->save_to(file);
    const std::string out = (std::filesystem::path(opt.out_dir) / kDistortionModelFile).string();
    ATTUNE_RETURN_IF_ERROR(file.save(out));
    TrainReport report;
    report.metrics = file.meta();
    report.metrics["file"] = out;
    report.metrics["threshold_sweep"] = std::move(sweep);
    return report;
}

}  // namespace attune::text
