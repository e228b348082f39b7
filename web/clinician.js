// SPDX-License-Identifier: Apache-2.0
// The clinician's pages: patients ranked by risk, each patient's journey (with their
// conversations with the companion, their safety plan and their region and time zone), alerts
// (live).
import { api, query, stream } from "./api.js";
import { busy, field, fill, h, statusLine, toast } from "./dom.js";
import { dayChart } from "./charts.js";
import { dayOf, daysBefore, feelingWord, longDay, nextDay, when, words } from "./format.js";
import { companionSettingsForm, messageItem, safetyPlanEditor, transcriptCard } from "./companion.js";

// ----- Patients ranked by risk ----------------------------------------------------------------

export async function patientsPage(main) {
    const { patients } = await api("GET", "/v1/patients");
    const rows = patients.map((p) =>
        h("li", { class: `patient risk-${p.risk?.level ?? "unknown"}` },
            h("div", { class: "patient-head" },
                h("a", { href: `#/patients/${encodeURIComponent(p.id)}`, class: "patient-name" }, p.username),
                p.risk
                    ? h("span", { class: `badge ${p.risk.level}` }, `${p.risk.level} risk`, h("span", { class: "score" }, ` ${Math.round(p.risk.score * 100)}/100`))
                    : h("span", { class: "badge muted" }, "not sharing"),
                p.open_alerts ? h("a", { class: "badge alert-count", href: `#/alerts?patient=${encodeURIComponent(p.id)}` },
                    `${p.open_alerts} open alert${p.open_alerts === 1 ? "" : "s"}`) : null),
            h("p", { class: "reason" }, p.risk ? p.risk.reason : "This patient has not chosen to share their data with you.")));
    main.append(h("h1", {}, "Your patients"),
        h("p", { class: "hint" }, "Ranked by current risk, highest first. The reason is what the risk rests on."),
        h("ol", { class: "patients" }, rows.length ? rows : h("li", { class: "empty" }, "No patients are assigned to you.")));
}

// ----- Alerts ---------------------------------------------------------------------------------

const KIND_WORDS = {
    crisis_language: "Crisis language", phq9_item9: "PHQ-9 item 9 (thoughts of self-harm)",
    phq9_rise: "PHQ-9 rising", gad7_rise: "GAD-7 rising", valence_drop: "Mood in writing dropping",
    mood_drop: "Mood check-ins dropping", arousal_rise: "Agitation rising",
    companion_crisis: "Crisis language with the companion",
};

// One alert, with its actions; after an action the card is redrawn from the server's answer.
function alertCard(alert, { showPatient = true } = {}) {
    const card = h("article", { class: `card alert-card severity-${alert.severity}`, "data-alert-id": alert.id });
    const draw = (a) => {
        const status = statusLine();
        const note = h("textarea", { rows: 2, maxlength: 4000 });
        const reason = h("input", { type: "text", maxlength: 500 });
        const act = (path, body) => busy(card, status, async () => {
            const updated = await api("POST", `/v1/alerts/${encodeURIComponent(a.id)}/${path}`, body);
            draw(updated);
            card.querySelector("h3").focus();
        });
        const noteForm = h("form", { class: "inline-form" }, field("Add a note", note),
            h("button", { type: "submit", class: "secondary" }, "Add note"));
        noteForm.addEventListener("submit", (ev) => {
            ev.preventDefault();
            if (note.value.trim()) act("notes", { text: note.value.trim() });
        });
        const dismissForm = h("form", { class: "inline-form" }, field("Reason for dismissing (optional)", reason),
            h("button", { type: "submit", class: "secondary" }, "Dismiss"));
        dismissForm.addEventListener("submit", (ev) => {
            ev.preventDefault();
            act("dismiss", reason.value.trim() ? { reason: reason.value.trim() } : {});
        });
        card.className = `card alert-card severity-${a.severity} status-${a.status}`;
        fill(card,
            h("header", { class: "alert-head" },
                h("span", { class: `badge ${a.severity}` }, a.severity),
                h("h3", { tabindex: "-1" }, KIND_WORDS[a.kind] ?? words(a.kind)),
                showPatient ? h("a", { href: `#/patients/${encodeURIComponent(a.patient_id)}?day=${dayOf(a.raised_at)}` }, a.patient_username) : null,
                h("span", { class: `status ${a.status}` }, a.status)),
            h("p", { class: "summary" }, a.summary),
            a.explanation && a.explanation !== a.summary ? h("p", { class: "explanation" }, a.explanation) : null,
            h("p", { class: "hint" }, `Raised ${when(a.raised_at)}`,
                a.onset_at ? `; change began ${when(a.onset_at)}` : "",
                `; ${a.evidence_ids.length} ${a.kind === "companion_crisis" ? "message" : a.evidence_ids.length === 1 ? "entry" : "entries"} behind it.`,
                a.acknowledged_by ? ` Acknowledged by ${a.acknowledged_by} ${when(a.acknowledged_at)}.` : "",
                a.dismissed_reason ? ` Dismissed: ${a.dismissed_reason}` : ""),
            a.notes.length ? h("ul", { class: "notes" }, a.notes.map((n) =>
                h("li", {}, h("span", { class: "note-meta" }, `${n.author}, ${when(n.created_at)}: `), n.text))) : null,
            h("div", { class: "alert-actions" },
                a.status === "open" ? h("button", { type: "button", onclick: () => act("acknowledge", {}) }, "Acknowledge") : null,
                h("details", {}, h("summary", {}, a.status === "dismissed" ? "Add a note" : "Add a note or dismiss"),
                    noteForm, a.status !== "dismissed" ? dismissForm : null)),
            status);
    };
    draw(alert);
    card.update = draw;
    return card;
}

// A list of alerts that follows the live feed: a changed alert is redrawn where it is (so an
// alert acknowledged here stays in view), a new one that `belongs` here is added on top.
// Returns the element and a function that stops following.
function liveAlertList(alerts, belongs, options) {
    const empty = h("p", { class: "empty" }, "No alerts here.");
    const cards = new Map(alerts.map((a) => [a.id, alertCard(a, options)]));
    const list = h("div", { class: "alerts" }, cards.size ? [...cards.values()] : empty);
    const onAlert = ({ detail: a }) => {
        if (cards.has(a.id)) {
            cards.get(a.id).update(a);
        } else if (belongs(a)) {
            empty.remove();
            cards.set(a.id, alertCard(a, options));
            list.prepend(cards.get(a.id));
        }
    };
    window.addEventListener("attune:alert", onAlert);
    return [list, () => window.removeEventListener("attune:alert", onAlert)];
}

export async function alertsPage(main, params) {
    const status = params.get("status") ?? "open";
    const patient = params.get("patient") ?? "";
    const select = h("select", { id: "alert-status" },
        ["open", "acknowledged", "dismissed", "all"].map((s) => h("option", { value: s, selected: s === status }, s)));
    select.addEventListener("change", () => (location.hash = `#/alerts${query({ status: select.value, patient })}`));
    const { alerts } = await api("GET", `/v1/alerts${query({ status, patient_id: patient })}`);
    const [list, stop] = liveAlertList(alerts,
        (a) => (status === "all" || a.status === status) && (!patient || a.patient_id === patient));
    main.append(h("h1", {}, "Alerts"),
        h("div", { class: "toolbar" }, h("label", { for: "alert-status" }, "Show"), select,
            patient ? h("a", { href: "#/alerts" }, "All patients") : null),
        list);
    return stop;
}

// ----- Live alerts (Server-Sent Events) -------------------------------------------------------

// Follows GET /v1/alerts/stream while a clinician is signed in: each new or changed alert is
// announced in a toast (new ones only), updates the badge, and tells the open page. Reconnects
// after a dropped connection. Returns a function that stops it.
export function followAlerts(badge) {
    const stop = new AbortController();
    const seen = new Set();
    const count = async () => {
        const { alerts } = await api("GET", "/v1/alerts");
        badge.textContent = alerts.length ? String(alerts.length) : "";
        badge.hidden = !alerts.length;
        badge.setAttribute("aria-label", `${alerts.length} open alerts`);
        alerts.forEach((a) => seen.add(a.id));
    };
    const onEvent = (name, data) => {
        if (name !== "alert") return;
        const alert = JSON.parse(data);
        if (!seen.has(alert.id) && alert.status === "open") {
            toast(`New ${alert.severity} alert for ${alert.patient_username}: ${alert.summary}`,
                h("a", { href: `#/alerts` }, "See alerts"));
        }
        seen.add(alert.id);
        window.dispatchEvent(new CustomEvent("attune:alert", { detail: alert }));
        count().catch(() => {});
    };
    (async () => {
        while (!stop.signal.aborted) {
            try {
                await count();
                await stream("/v1/alerts/stream", onEvent, stop.signal);
            } catch (err) {
                if (err.status === 401 || err.status === 403) return;
            }
            await new Promise((r) => setTimeout(r, 5000));
        }
    })();
    return () => stop.abort();
}

// ----- A patient's journey --------------------------------------------------------------------

// The charts of a journey, in order; the series' own "unit" says what the values mean.
const METRICS = {
    valence: { title: "Valence", range: [-1, 1] },
    arousal: { title: "Arousal", range: [0, 1] },
    mood: { title: "Mood check-ins", range: [1, 10] },
    distortions: { title: "Thinking distortions", bars: true },
    crisis: { title: "Crisis language", range: [0, 4], bars: true },
};

function dataNote(s) {
    const b = s.baseline;
    const base = !b?.available
        ? "no baseline yet"
        : `baseline ${b.median.toFixed(2)} ± ${b.sd.toFixed(2)} over ${b.days} days${b.cold_start ? " (cold start: first weeks)" : ""}`;
    return `${s.metric}: n = ${s.observations} on ${s.days_with_data} days; ${base}`;
}

function dayPanel(patientId, timeline) {
    const panel = h("section", { class: "card day-panel", "aria-live": "polite", id: "day-panel" },
        h("h2", {}, "Entries of a day"), h("p", { class: "hint" }, "Click a point on a chart, or choose a day."));
    const show = async (day) => {
        const period = { from: day, to: nextDay(day) };
        const range = query(period);
        const [journal, checkins, chat] = await Promise.all([
            api("GET", `/v1/patients/${encodeURIComponent(patientId)}/journal${range}`),
            api("GET", `/v1/patients/${encodeURIComponent(patientId)}/checkins${range}`),
            api("GET", `/v1/patients/${encodeURIComponent(patientId)}/chat${query({ ...period, limit: 100 })}`)]);
        // Crisis language said to the companion is on the crisis chart too: its words are here.
        const flagged = chat.messages.filter((m) => m.crisis_level && m.crisis_level !== "none").length;
        const emotions = timeline.emotions.find((e) => e.date === day);
        fill(panel,
            h("h2", { tabindex: "-1" }, longDay(day)),
            emotions?.top.length ? h("p", {}, "Strongest feelings: ",
                emotions.top.map((t) => `${feelingWord(t.label)} ${Math.round(t.p * 100)}%`).join(", ")) : null,
            h("h3", {}, `Journal (${journal.entries.length})`),
            journal.entries.length ? h("ul", { class: "entries" }, journal.entries.map((e) =>
                h("li", { class: "entry" }, h("p", { class: "entry-when" }, when(e.created_at)),
                    h("p", { class: "entry-text" }, e.text),
                    e.analysis?.crisis && e.analysis.crisis.level !== "none"
                        ? h("p", { class: "badge urgent" }, `crisis: ${e.analysis.crisis.level}`) : null,
                    (e.analysis?.distortions ?? []).length
                        ? h("p", { class: "hint" }, `Distortions: ${e.analysis.distortions.map((d) => words(d.type)).join(", ")}`) : null)))
                : h("p", { class: "empty" }, "No journal entries."),
            h("h3", {}, `Check-ins (${checkins.check_ins.length})`),
            checkins.check_ins.length ? h("ul", { class: "entries" }, checkins.check_ins.map((c) =>
                h("li", { class: "entry" }, h("p", { class: "entry-when" }, when(c.created_at)),
                    h("p", {}, c.kind === "mood"
                        ? `Mood ${c.score}/10${c.detail.emotions?.length ? ` (${c.detail.emotions.join(", ")})` : ""}`
                        : `${c.kind.toUpperCase()} ${c.score}/${c.detail.max_total} (${words(c.detail.severity)})${c.detail.item9_positive ? ", item 9 above 0" : ""}`),
                    c.detail.note ? h("p", { class: "entry-text" }, c.detail.note) : null)))
                : h("p", { class: "empty" }, "No check-ins."),
            h("h3", {}, `Messages to the companion (${chat.messages.filter((m) => m.role === "person").length})`),
            flagged ? h("p", { class: "badge urgent" }, `${flagged} with crisis language`) : null,
            chat.messages.length
                ? h("ol", { class: "chat-log transcript day-chat" }, chat.messages.slice().reverse().map((m) => messageItem(m, { reader: "clinician" })))
                : h("p", { class: "empty" }, "No messages to the companion."));
        panel.querySelector("h2").focus();
    };
    return { panel, show };
}

export async function journeyPage(main, params, patientId) {
    const days = Number(params.get("days") ?? 90);
    const today = dayOf(Date.now());
    const [t, { patients }, { alerts }, plan] = await Promise.all([
        api("GET", `/v1/patients/${encodeURIComponent(patientId)}/timeline${query({ from: daysBefore(today, days - 1), to: nextDay(today) })}`),
        api("GET", "/v1/patients"),
        api("GET", `/v1/alerts${query({ status: "all", patient_id: patientId })}`),
        safetyPlanEditor(patientId, { who: "clinician" })]);
    const patient = patients.find((p) => p.id === patientId);
    const name = patient?.username ?? "Patient";
    const transcript = await transcriptCard(patientId, name);
    const settings = await companionSettingsForm(patientId, { who: "clinician", name, onSaved: plan.reloadCrisisLines });
    const markers = [...new Set(t.alerts.map((a) => dayOf(a.raised_at)))];
    const [list, stop] = liveAlertList(alerts, (a) => a.patient_id === patientId, { showPatient: false });
    const { panel, show } = dayPanel(patientId, t);
    const by = Object.fromEntries(t.series.map((s) => [s.metric, s]));
    const period = [t.from.slice(0, 10), t.to.slice(0, 10)];
    const chartCard = (title, unit, series, opts, notes) => h("section", { class: "card chart-card" },
        h("h2", {}, title, h("span", { class: "unit" }, unit)),
        series.some((s) => s.points.length)
            ? dayChart({ label: `${name}: ${title}`, series, markers, period, onPick: show, ...opts })
            : h("p", { class: "empty" }, "No data in this period."),
        notes.map((n) => h("p", { class: "data-note" }, n)));
    const charts = [];
    for (const [metric, m] of Object.entries(METRICS)) {
        const s = by[metric];
        if (!s) continue;
        charts.push(chartCard(m.title, s.unit, [{ label: metric, points: s.points, bars: m.bars }],
            { range: m.range, baseline: s.baseline?.available ? s.baseline : null }, [dataNote(s)]));
        if (metric === "mood") {
            const qs = ["phq9", "gad7"].map((k) => by[k]).filter(Boolean);
            if (qs.length)
                charts.push(chartCard("PHQ-9 and GAD-7 totals", "PHQ-9 0 to 27, GAD-7 0 to 21",
                    qs.map((q) => ({ label: q.metric.toUpperCase(), points: q.points })), { range: [0, 27] }, qs.map(dataNote)));
        }
    }
    const dataDays = [...new Set(t.series.flatMap((s) => s.points.map((p) => p.date)))].sort().reverse();
    const daySelect = h("select", { id: "day-select" }, dataDays.map((d) => h("option", { value: d }, d)));
    const dayForm = h("form", { class: "toolbar" }, h("label", { for: "day-select" }, "Day"), daySelect,
        h("button", { type: "submit", class: "secondary" }, "Show entries"));
    dayForm.addEventListener("submit", (ev) => {
        ev.preventDefault();
        if (daySelect.value) show(daySelect.value);
    });
    main.append(
        h("p", {}, h("a", { href: "#/patients" }, "← All patients")),
        h("h1", {}, `${name}'s journey`),
        patient?.risk ? h("p", { class: `risk-line` }, h("span", { class: `badge ${patient.risk.level}` }, `${patient.risk.level} risk`), " ", patient.risk.reason) : null,
        h("nav", { class: "toolbar", "aria-label": "Period" }, [30, 90, 180].map((d) =>
            h("a", { href: `#/patients/${encodeURIComponent(patientId)}?days=${d}`, "aria-current": d === days ? "page" : null }, `${d} days`))),
        h("p", { class: "hint legend-key" }, h("span", { class: "key band" }), "the patient's own baseline (median ± 1 SD)  ",
            h("span", { class: "key alert" }), "a day an alert was raised"),
        h("div", { class: "journey" }, h("div", { class: "charts" }, charts),
            h("div", { class: "side" }, dayForm, panel)),
        h("section", { class: "card" }, h("h2", {}, `Alerts for ${name}`), list),
        h("div", { class: "companion-side" }, transcript, plan, settings));
    const day = params.get("day");
    if (day) show(day);
    return stop;
}
