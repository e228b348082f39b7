// SPDX-License-Identifier: Apache-2.0
// The patient's pages: journal, check-ins and questionnaires, their own chart, privacy.
import { api, forget, query, session } from "./api.js";
import { busy, field, fill, h, statusLine } from "./dom.js";
import { crisisCard } from "./crisis.js";
import { dayChart } from "./charts.js";
import { distortionName, sentimentPhrase, topFeelings, when, words } from "./format.js";

const me = () => session().user;

// ----- Journal --------------------------------------------------------------------------------

// The gentle reading of one entry's analysis (POST /v1/journal's "analysis").
function reading(analysis) {
    if (!analysis) {
        return h("section", { class: "card reading" },
            h("h2", {}, "Saved"),
            h("p", {}, "Your entry is saved. You have turned off reading your journal and messages, " +
                "so Attune did not read it. You can change that under Privacy."));
    }
    const feelings = topFeelings(analysis);
    const parts = [];
    if (analysis.crisis && analysis.crisis.level !== "none")
        parts.push(crisisCard("It sounds like things are very hard right now"));
    parts.push(h("section", { class: "card reading" },
        h("h2", {}, "Thank you for writing"),
        feelings.length
            ? h("p", {}, "What came through most: ", h("strong", {}, feelings.join(", ")), ".")
            : h("p", {}, "No single feeling stood out in this entry."),
        h("p", {}, sentimentPhrase(analysis.sentiment?.compound ?? 0)),
        (analysis.distortions ?? []).map((d) =>
            h("div", { class: "invitation" },
                h("h3", {}, `A thought you might look at gently: ${distortionName(d.type).toLowerCase()}`),
                h("p", {}, "You wrote “", h("em", {}, d.evidence), "”. If you feel like it, you could ask yourself:"),
                h("p", { class: "reframe" }, d.reframe))),
        h("p", { class: "hint" }, "This is a reading by a computer program, not a judgement. " +
            "You know your feelings best.")));
    return parts;
}

function entryItem(e) {
    const feelings = e.analysis ? topFeelings(e.analysis, 2) : [];
    return h("li", { class: "entry" },
        h("p", { class: "entry-when" }, when(e.created_at)),
        h("p", { class: "entry-text" }, e.text),
        feelings.length ? h("p", { class: "entry-feelings" }, `Feelings: ${feelings.join(", ")}`) : null);
}

export async function journalPage(main) {
    const text = h("textarea", { rows: 6, required: true, maxlength: 20000, name: "text" });
    const status = statusLine();
    const result = h("div", { class: "result" });
    const list = h("ol", { class: "entries" });
    const form = h("form", { class: "card" },
        h("h1", {}, "Your journal"),
        field("What's on your mind today?", text,
            "Write as much or as little as you like. Only you and, if you share, your clinician can read it."),
        h("div", { class: "actions" }, h("button", { type: "submit" }, "Save entry")),
        status);
    const load = async () => {
        const res = await api("GET", `/v1/patients/${me().id}/journal${query({ limit: 20 })}`);
        const entries = res.entries.sort((a, b) => b.created_at.localeCompare(a.created_at));
        fill(list, entries.map(entryItem));
        if (!entries.length) list.append(h("li", { class: "empty" }, "No entries yet."));
    };
    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(form, status, async () => {
            const saved = await api("POST", "/v1/journal", { text: text.value });
            text.value = "";
            status.say("Saved.");
            fill(result, reading(saved.analysis));
            result.querySelector("h2")?.setAttribute("tabindex", "-1");
            result.querySelector("h2")?.focus();
            await load();
        });
    });
    main.append(form, result, h("section", { class: "card" }, h("h2", {}, "Recent entries"), list));
    await load();
}

// ----- Check-ins ------------------------------------------------------------------------------

const EMOTION_WORDS = ["calm", "content", "hopeful", "grateful", "tired", "anxious", "sad", "lonely",
    "irritable", "overwhelmed", "numb", "angry"];

function moodForm() {
    const mood = h("input", { type: "range", min: 1, max: 10, step: 1, value: 5, name: "mood" });
    const shown = h("output", { class: "mood-value" }, "5");
    mood.addEventListener("input", () => (shown.textContent = mood.value));
    const chips = EMOTION_WORDS.map((w) =>
        h("label", { class: "chip" }, h("input", { type: "checkbox", value: w, name: "emotion" }), w));
    const other = h("input", { type: "text", name: "other", autocomplete: "off" });
    const note = h("textarea", { rows: 3, name: "note", maxlength: 2000 });
    const status = statusLine();
    const form = h("form", { class: "card", "aria-labelledby": "mood-title" },
        h("h2", { id: "mood-title" }, "How are you feeling?"),
        h("div", { class: "field" },
            h("label", { for: "mood-range" }, "Your mood right now, from 1 (very low) to 10 (very good)"),
            h("div", { class: "range-row" }, Object.assign(mood, { id: "mood-range" }), shown)),
        h("fieldset", { class: "chips" }, h("legend", {}, "Words that fit (choose any)"), chips),
        field("Other words, separated by commas", other),
        field("A note, if you like", note),
        h("div", { class: "actions" }, h("button", { type: "submit" }, "Save check-in")),
        status);
    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const emotions = [...form.querySelectorAll("input[name=emotion]:checked")].map((c) => c.value)
            .concat(other.value.split(",").map((w) => w.trim()).filter(Boolean));
        busy(form, status, async () => {
            await api("POST", "/v1/checkins", { kind: "mood", mood: Number(mood.value), emotions, note: note.value });
            form.reset();
            shown.textContent = mood.value;
            status.say(`Saved. Thank you for checking in.`);
        });
    });
    return form;
}

// A PHQ-9 or GAD-7 form from its definition (instruments/<name>.json, written at build time by
// `attune checkin <name> --list --json`: the same items the server scores).
function questionnaireForm(def) {
    const status = statusLine();
    const result = h("div", { class: "result" });
    const items = def.items.map((item, i) =>
        h("fieldset", { class: "item" },
            h("legend", {}, `${item.label}. ${item.text}`),
            h("div", { class: "options" }, item.options.map((o) =>
                h("label", { class: "option" },
                    h("input", { type: "radio", name: `${def.instrument}-${i}`, value: o.score, required: true }),
                    o.text)))));
    const form = h("form", { class: "card questionnaire", "aria-labelledby": `${def.instrument}-title` },
        h("h2", { id: `${def.instrument}-title` }, def.title),
        h("p", {}, def.instructions),
        items,
        h("div", { class: "actions" }, h("button", { type: "submit" }, `Submit ${def.short_title}`)),
        status, result,
        h("p", { class: "hint" }, def.copyright));
    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const answers = def.items.map((_, i) =>
            Number(form.querySelector(`input[name="${def.instrument}-${i}"]:checked`).value));
        busy(form, status, async () => {
            const saved = await api("POST", "/v1/checkins", { kind: def.instrument, answers });
            status.say("Saved. Thank you.");
            const d = saved.detail;
            fill(result,
                d.safety_flag ? crisisCard("Thank you for answering honestly") : null,
                h("p", {}, `Your score is ${d.total} of ${d.max_total} (${words(d.severity)}). `,
                    "A score is a starting point for a conversation with your clinician, not a diagnosis."));
            form.querySelectorAll("input[type=radio]").forEach((r) => (r.checked = false));
        });
    });
    return form;
}

export async function checkinPage(main) {
    const [phq9, gad7] = await Promise.all(["phq9", "gad7"].map(async (name) => {
        const res = await fetch(`instruments/${name}.json`);
        if (!res.ok) throw new Error(`the ${name} questionnaire is missing from the web app (${res.status})`);
        return res.json();
    }));
    main.append(h("h1", {}, "Check in"), moodForm(),
        h("details", { class: "card" }, h("summary", {}, "PHQ-9: how your mood has been over two weeks"),
            questionnaireForm(phq9)),
        h("details", { class: "card" }, h("summary", {}, "GAD-7: how worry has been over two weeks"),
            questionnaireForm(gad7)));
}

// ----- The patient's own chart ----------------------------------------------------------------

export async function myChartPage(main) {
    main.append(h("h1", {}, "Your mood over time"));
    const t = await api("GET", `/v1/patients/${me().id}/timeline`);
    const by = Object.fromEntries(t.series.map((s) => [s.metric, s]));
    // From the first day there is anything to show: a newcomer's chart is not mostly empty.
    const first = [by.mood, by.valence].flatMap((s) => s?.points.map((p) => p.date) ?? []).sort()[0];
    const period = [first, t.to.slice(0, 10)];
    const card = (title, s, noun, opts) => h("section", { class: "card" },
        h("h2", {}, title),
        s && s.points.length
            ? [dayChart({ label: `${title}: ${s.points.length} days`, series: [{ label: title, points: s.points }], period, ...opts }),
                h("p", { class: "hint" }, `${s.observations} ${noun} on ${s.days_with_data} days, since ${first}.`)]
            : h("p", {}, "Nothing yet. Your chart grows as you write and check in."));
    main.append(
        card("Mood check-ins", by.mood, "check-ins", { range: [1, 10] }),
        card("How your journal entries felt", by.valence, "entries", { range: [-1, 1] }),
        h("p", { class: "hint" }, "Below the middle line: entries that read as low; above it: entries that read as positive."));
}

// ----- Privacy: consent, export, erase --------------------------------------------------------

const CONSENTS = [
    ["text", "Read my journal and messages",
        "Attune's program reads each entry on this server to find feelings and thoughts that may weigh on you, and to spot words of crisis; the companion reads your messages to answer them. Off: entries are kept, unread by the program, and the companion cannot talk with you."],
    ["share_with_clinician", "Share with my clinician",
        "Your clinician can read your entries, check-ins, charts and conversations with the companion, edit your safety plan with you, and is alerted if what you write suggests you may be in danger. Off: they see only that you are their patient."],
    ["pool_outcomes", "Help the companion learn for everyone",
        "How the exercises went for you (the mood ratings before and after, whether you finished) counts, added together with other patients who agree, in what the companion first suggests to people here. Only those sums leave your record, never your words; it is used only when at least 10 people agree. Off: your outcomes teach only your own companion."],
    ["voice", "Voice", "Analyse recordings of your voice, if you make any. This web app does not record."],
    ["face", "Face", "Analyse pictures or video of your face, if you share any. This web app does not use a camera."],
    ["body", "Body signals", "Analyse heart rate, sleep or activity data from a device, if you connect one."],
];

export async function privacyPage(main) {
    const consent = await api("GET", "/v1/me/consent");
    const status = statusLine();
    const boxes = {};
    const form = h("form", { class: "card" },
        h("h2", {}, "What you allow"),
        CONSENTS.map(([key, title, explain]) => {
            boxes[key] = h("input", { type: "checkbox", id: `consent-${key}`, checked: consent[key], "aria-describedby": `consent-${key}-hint` });
            return h("div", { class: "toggle" }, boxes[key],
                h("div", {}, h("label", { for: `consent-${key}` }, title),
                    h("p", { class: "hint", id: `consent-${key}-hint` }, explain)));
        }),
        h("div", { class: "actions" }, h("button", { type: "submit" }, "Save choices")),
        status);
    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const body = Object.fromEntries(CONSENTS.map(([key]) => [key, boxes[key].checked]));
        busy(form, status, async () => {
            await api("PUT", "/v1/me/consent", body);
            status.say("Your choices are saved.");
        });
    });

    const exportStatus = statusLine();
    const exportForm = h("form", { class: "card" },
        h("h2", {}, "Download your data"),
        h("p", {}, "Everything Attune keeps about you, in one JSON file: entries, check-ins, consent and who read your data."),
        h("div", { class: "actions" }, h("button", { type: "submit", class: "secondary" }, "Download my data")),
        exportStatus);
    exportForm.addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(exportForm, exportStatus, async () => {
            const data = await api("GET", "/v1/me/export");
            const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
            const a = h("a", { href: url, download: "attune-export.json" });
            document.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10000);
            exportStatus.say("Your download has started.");
        });
    });

    const phrase = `erase ${me().username}`;
    const confirm = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
    const eraseButton = h("button", { type: "submit", class: "danger", disabled: true }, "Erase everything");
    confirm.addEventListener("input", () => (eraseButton.disabled = confirm.value.trim() !== phrase));
    const eraseStatus = statusLine();
    const eraseForm = h("form", { class: "card danger-zone" },
        h("h2", {}, "Erase your data"),
        h("p", {}, "This deletes your account, every entry and check-in, for good. It cannot be undone. " +
            "Download your data first if you want a copy."),
        field(`To confirm, type “${phrase}”`, confirm),
        h("div", { class: "actions" }, eraseButton),
        eraseStatus);
    eraseForm.addEventListener("submit", (ev) => {
        ev.preventDefault();
        if (confirm.value.trim() !== phrase) return;
        busy(eraseForm, eraseStatus, async () => {
            await api("DELETE", "/v1/me");
            forget();
            sessionStorage.setItem("attune.notice", "Your data has been erased. Take care of yourself.");
            location.hash = "#/login";
        }).then(() => (eraseButton.disabled = confirm.value.trim() !== phrase));
    });
    main.append(h("h1", {}, "Privacy"), form, exportForm, eraseForm);
}
