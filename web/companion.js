// SPDX-License-Identifier: Apache-2.0
// The companion (issue #6): the patient's chat panel with its breathing pacer and calm crisis
// replies, the safety-plan editor the patient and their clinician share, the patient's region
// (their crisis lines) and time zone, and the clinician's read-only view of the conversations.
// Every text is a text node (dom.js): what the person writes and what the companion answers
// never go through an HTML parser.
import { api, query, session } from "./api.js";
import { busy, field, fill, h, statusLine } from "./dom.js";
import { when, words } from "./format.js";

const me = () => session().user;
// A conversation ends after six hours without a message (include/attune/care.hpp): what is
// shown again when the panel opens.
const CONVERSATION_MS = 6 * 3600 * 1000;

// ----- Rendering a message --------------------------------------------------------------------

// A reply's text as paragraphs and lists: lines starting with "- " are list items. In a crisis
// reply, the crisis-line items are replaced by the reply's own `safety.resources` (emergency
// first when urgent), listed where they stood; they are always shown, never behind a click.
function replyBody(text, safety) {
    const resources = safety?.escalated ? safety.resources ?? [] : [];
    const out = [];
    let list = null;
    let placed = false;
    for (const line of text.split("\n")) {
        if (line.startsWith("- ")) {
            const item = line.slice(2);
            if (resources.includes(item)) {
                if (!placed) {
                    out.push(resourceList(resources));
                    placed = true;
                }
                list = null;
                continue;
            }
            if (!list) out.push((list = h("ul", { class: "msg-list" })));
            list.append(h("li", {}, item));
        } else {
            list = null;
            if (line.trim()) out.push(h("p", {}, line));
        }
    }
    if (resources.length && !placed) out.push(resourceList(resources));
    return out;
}

function resourceList(resources) {
    return h("ul", { class: "msg-resources", "aria-label": "People you can reach now" },
        resources.map((r) => h("li", {}, r)));
}

// One message of a conversation, as the patient sees it (`live`: just arrived, may pace a
// breath) or as the clinician reads it.
export function messageItem(m, { live = false, pacers = null, reader = "patient" } = {}) {
    const mine = m.role === "person";
    const escalated = !mine && m.safety?.escalated;
    const who = mine ? (reader === "patient" ? "You" : "Patient") : "Companion";
    const item = h("li", {
        class: `msg ${mine ? "person" : "companion"}${escalated ? " safety" : ""}`,
        "data-intent": m.intent ?? null,
    });
    const meta = h("p", { class: "msg-meta" }, who, m.created_at ? `, ${when(m.created_at)}` : "",
        escalated && reader === "clinician" ? h("span", { class: "badge urgent" }, `crisis: ${m.safety.level}`) : null,
        !mine && m.exercise && reader === "clinician"
            ? h("span", { class: "badge" }, `${words(m.exercise)}, step: ${m.step ? words(m.step) : "end"}`) : null);
    fill(item,
        meta,
        escalated && reader === "patient" ? h("p", { class: "msg-label" }, "You don't have to go through this alone") : null,
        mine ? h("p", { class: "msg-text" }, m.text) : h("div", { class: "msg-text" }, replyBody(m.text, m.safety)),
        escalated && reader === "patient"
            ? h("p", { class: "msg-plan" }, h("a", { href: "#/plan" }, "Open your safety plan"), " to read or change it.") : null,
        !mine && reader === "clinician" ? choiceNote(m) : null,
        live && m.timing ? breathingPacer(m.timing, pacers) : null);
    return item;
}

// For the clinician: why an exercise was offered or started (the bandit's decision, in words
// and numbers), and how one that ended went.
function choiceNote(m) {
    const notes = [];
    const d = m.decision;
    if (d) {
        const i = d.arms.indexOf(d.chosen);
        notes.push(d.picked_by_person
            ? `Chosen by the patient: ${words(d.chosen)}.`
            : `Offered ${words(d.chosen)} with probability ${(d.probabilities[i] ?? 0).toFixed(2)} of ${d.arms.length} exercises. ${d.why}`);
        const n = d.why_numbers;
        if (!d.picked_by_person && n?.mean)
            notes.push(`Expected reward ${n.mean[i].toFixed(2)} ± ${n.sd[i].toFixed(2)}, learnt from ${n.n[i]} past rating${n.n[i] === 1 ? "" : "s"}.`);
    }
    const o = m.outcome;
    if (o) {
        const moods = o.mood_before != null && o.mood_after != null ? `, mood ${o.mood_before} → ${o.mood_after}` : "";
        notes.push(`${words(o.exercise)} ${o.completed ? "completed" : "left unfinished"}${moods}.`);
    }
    return notes.length ? h("p", { class: "msg-choice hint" }, notes.join(" ")) : null;
}

// ----- The breathing pacer --------------------------------------------------------------------

const PHASE_WORDS = { in: "Breathe in", hold: "Hold", out: "Breathe out" };

// A circle that grows while breathing in, stays while holding and shrinks while breathing out,
// for each phase's seconds, `rounds` times. With prefers-reduced-motion the circle stays still
// and the seconds are counted in text. `pacers` (a Set) holds the running ones, so the page can
// stop them when it is left.
function breathingPacer(timing, pacers) {
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const circle = h("div", { class: "pacer-circle", "aria-hidden": "true" });
    const phase = h("p", { class: "pacer-phase" }, "Get ready…");
    const count = h("span", { class: "pacer-count", "aria-hidden": reduce ? null : "true" });
    const progress = h("p", { class: "pacer-round hint" });
    const button = h("button", { type: "button", class: "secondary" }, "Stop");
    const box = h("div", { class: `pacer${reduce ? " reduced" : ""}`, role: "group", "aria-label": "Breathing pacer" },
        h("div", { class: "pacer-stage" }, circle, count),
        phase, progress, h("div", { class: "actions" }, button));
    const steps = [];
    for (let r = 0; r < timing.rounds; r++) for (const p of timing.phases) steps.push({ ...p, round: r + 1 });
    let timer = null;
    let stopped = false;
    const stop = (text) => {
        clearTimeout(timer);
        timer = null;
        stopped = true;
        pacers?.delete(stop);
        circle.className = "pacer-circle";
        circle.style.transitionDuration = "";
        phase.textContent = text;
        count.textContent = "";
        button.textContent = "Start again";
    };
    const run = (i, left) => {
        if (stopped) return;
        if (i >= steps.length) {
            stop(`Done: ${timing.rounds} round${timing.rounds === 1 ? "" : "s"}.`);
            return;
        }
        const s = steps[i];
        if (left === s.seconds) {
            phase.textContent = PHASE_WORDS[s.phase] ?? s.phase;
            progress.textContent = `Round ${s.round} of ${timing.rounds}`;
            // "in" grows the circle over the phase's seconds, "out" shrinks it, "hold" keeps it.
            if (s.phase !== "hold") {
                circle.style.transitionDuration = `${s.seconds}s`;
                circle.className = `pacer-circle ${s.phase === "in" ? "full" : ""}`;
            }
        }
        count.textContent = String(left);
        timer = setTimeout(() => (left > 1 ? run(i, left - 1) : run(i + 1, steps[i + 1]?.seconds)), 1000);
    };
    // A second to settle first, which also lets the small circle be drawn before it grows (a
    // transition needs a state to start from).
    const start = () => {
        stopped = false;
        button.textContent = "Stop";
        pacers?.add(stop);
        phase.textContent = "Get ready…";
        count.textContent = "";
        timer = setTimeout(() => run(0, steps[0].seconds), 1000);
    };
    button.addEventListener("click", () => (stopped ? start() : stop("Stopped. Breathe at your own pace.")));
    start();
    return box;
}

// ----- The patient's chat panel ---------------------------------------------------------------

export async function companionPage(main) {
    const pacers = new Set();
    const log = h("ol", { class: "chat-log", role: "log", "aria-live": "polite", "aria-label": "Conversation" });
    const input = h("textarea", { rows: 2, name: "message", maxlength: 10000, id: "chat-message", autocomplete: "off" });
    const send = h("button", { type: "submit", id: "chat-send" }, "Send");
    const status = statusLine();
    input.setAttribute("aria-describedby", "chat-keys");
    const form = h("form", { class: "chat-form" },
        h("label", { for: "chat-message", class: "visually-hidden" }, "Your message"),
        input, send,
        h("p", { class: "hint", id: "chat-keys" }, "Enter sends; Shift+Enter starts a new line."));
    const scroll = () => (log.scrollTop = log.scrollHeight);
    const add = (item) => {
        log.append(item);
        scroll();
        return item;
    };

    const [consent, recent, greeting] = await Promise.all([
        api("GET", "/v1/me/consent"),
        api("GET", `/v1/patients/${encodeURIComponent(me().id)}/chat${query({ from: new Date(Date.now() - CONVERSATION_MS).toISOString(), limit: 50 })}`),
        api("GET", "/v1/chat/greeting")]);
    const earlier = recent.messages.slice().reverse();
    if (earlier.length) {
        log.append(h("li", { class: "msg-divider" }, "Earlier today"), earlier.map((m) => messageItem(m)));
        log.append(h("li", { class: "msg-divider" }, "Now"));
    }
    log.append(messageItem({ ...greeting, role: "companion", text: greeting.reply }));

    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const text = input.value;
        if (!text.trim()) return;
        const mine = add(messageItem({ role: "person", text, created_at: new Date().toISOString() }));
        const waiting = add(h("li", { class: "msg companion pending", "aria-hidden": "true" }, "…"));
        busy(form, status, async () => {
            try {
                const reply = await api("POST", "/v1/chat", { message: text });
                input.value = "";
                status.say("");
                pacers.forEach((stop) => stop("Stopped."));  // one pacer at a time
                add(messageItem({ ...reply, role: "companion", text: reply.reply, created_at: new Date().toISOString() }, { live: true, pacers }));
            } catch (err) {
                mine.remove();
                throw err;
            } finally {
                waiting.remove();
            }
        }).then(() => input.focus());
    });
    // Enter sends; Shift+Enter starts a new line.
    input.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
            ev.preventDefault();
            form.requestSubmit();
        }
    });

    const canTalk = consent.text;
    if (!canTalk) {
        input.disabled = true;
        send.disabled = true;
    }
    main.append(
        h("section", { class: "card chat", "aria-labelledby": "chat-title" },
            h("h1", { id: "chat-title" }, "Talk with the companion"),
            h("p", { class: "hint" }, "The companion is a computer program, not a person. It listens, reflects what it hears and " +
                "guides short exercises (try “box breathing” or “list”). It cannot diagnose or advise on medication. " +
                "If it hears that you may be in danger, it shows you your safety plan and people to call" +
                ", and lets your clinician know if you share with them."),
            canTalk ? null : h("p", { class: "notice", role: "status" },
                "The companion reads your messages to answer them, so it needs your permission to read text. ",
                h("a", { href: "#/privacy" }, "Turn on “Read my journal and messages” under Privacy"), " to talk with it."),
            log, canTalk ? form : null, status),
        h("p", { class: "hint" }, h("a", { href: "#/plan" }, "Your safety plan"), " is what the companion shows you when things are hard."));
    if (canTalk) requestAnimationFrame(() => input.focus({ preventScroll: true }));
    requestAnimationFrame(scroll);
    return () => pacers.forEach((stop) => stop(""));
}

// ----- The safety plan ------------------------------------------------------------------------

// The four lists of Stanley & Brown's Safety Planning Intervention, as a person would name them.
const PLAN_SECTIONS = [
    ["warning_signs", "Warning signs", "Thoughts, feelings or situations that tell you a crisis may be coming."],
    ["coping_strategies", "Things I can do on my own", "What takes your mind off things or calms you: a walk, music, breathing."],
    ["people_and_places", "People and places that help", "Who you can call or be with, and places that feel safe."],
    ["professionals", "Professionals I can contact", "Your clinician, your doctor, a service, and how to reach them."],
];

// The plan as a form the patient and their clinician both edit: one item per line in each list,
// the crisis lines of the patient's locale below (not theirs to edit). `who` words the intro.
export async function safetyPlanEditor(patientId, { who = "patient", headingLevel = "h2" } = {}) {
    const path = `/v1/patients/${encodeURIComponent(patientId)}/safety-plan`;
    const plan = await api("GET", path);
    const areas = {};
    const status = statusLine();
    const changed = h("p", { class: "hint plan-changed" });
    const crisis = h("div", { class: "plan-crisis" });
    const drawCrisis = (lines) => fill(crisis,
        h("h3", {}, "5. If you need someone now"),
        lines.lines.length
            ? h("ul", { class: "msg-resources" },
                h("li", {}, `Emergency: ${lines.emergency}`),
                lines.lines.map((l) => h("li", {}, `${l.name}: ${l.contact}${l.hours ? ` (${l.hours})` : ""}`)))
            : h("p", { class: "hint" }, "Use the “Need help now?” button for crisis lines."));
    const draw = (p) => {
        for (const [key] of PLAN_SECTIONS) areas[key].value = p[key].join("\n");
        changed.textContent = p.updated_at
            ? `Last changed by ${p.updated_by === me().username ? "you" : p.updated_by}, ${when(p.updated_at)}.`
            : "Nobody has written this plan yet.";
        drawCrisis(p.crisis_lines);
    };
    const form = h("form", { class: "card safety-plan", "aria-labelledby": `plan-title-${patientId}` },
        h(headingLevel, { id: `plan-title-${patientId}` }, who === "patient" ? "Your safety plan" : "Safety plan"),
        h("p", {}, who === "patient"
            ? "A plan for hard moments, best written with your clinician, who can see and change it too. The companion shows it to you if it hears you may be in danger."
            : "Written with the patient, who sees and edits the same plan. The companion shows it to them in every reply to crisis language."),
        PLAN_SECTIONS.map(([key, title, hint], i) => {
            areas[key] = h("textarea", { rows: 3, name: key, id: `plan-${key}-${patientId}`, "data-section": key });
            return field(`${i + 1}. ${title} (one per line)`, areas[key], hint);
        }),
        crisis,
        h("div", { class: "actions" }, h("button", { type: "submit" }, "Save plan")),
        changed, status);
    draw(plan);
    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const body = Object.fromEntries(PLAN_SECTIONS.map(([key]) =>
            [key, areas[key].value.split("\n").map((l) => l.trim()).filter(Boolean)]));
        busy(form, status, async () => {
            draw(await api("PUT", path, body));
            status.say("Saved.");
        });
    });
    // After the patient's region changes: the crisis lines again, the lists as they are typed.
    form.reloadCrisisLines = async () => drawCrisis((await api("GET", path)).crisis_lines);
    return form;
}

export async function safetyPlanPage(main) {
    const plan = await safetyPlanEditor(me().id, { who: "patient", headingLevel: "h1" });
    main.append(plan, await companionSettingsForm(me().id, { onSaved: plan.reloadCrisisLines }));
}

// ----- Where the patient is -------------------------------------------------------------------

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

// "United Kingdom (en-GB)"; the crisis lines file's "intl" is for everywhere else.
function regionName(locale) {
    if (locale === "intl") return "Another country (international)";
    const region = locale.split("-")[1];
    return `${(region && regionNames.of(region)) || locale} (${locale})`;
}

// Minutes east of UTC as "UTC+05:30" or "UTC-05:00".
function utcName(minutes) {
    const abs = Math.abs(minutes);
    const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
    return `UTC${minutes < 0 ? "-" : "+"}${hhmm}`;
}

// The patient's companion settings: the region whose crisis lines the companion and the safety
// plan show, and their offset from UTC (the companion's "today" and hour of day). The patient's
// form starts at this browser's offset (they are where their device is); the clinician's at the
// saved one, since the clinician's own clock says nothing of where the patient is. `onSaved`
// runs after a save (the plan shows the new region's lines).
export async function companionSettingsForm(patientId, { who = "patient", name = "", onSaved = async () => {} } = {}) {
    const path = `/v1/patients/${encodeURIComponent(patientId)}/companion-settings`;
    const settings = await api("GET", path);
    const browserOffset = -new Date().getTimezoneOffset();
    const offsets = new Set([browserOffset, settings.utc_offset_min]);
    for (let m = -12 * 60; m <= 14 * 60; m += 15) offsets.add(m);
    const region = h("select", { name: "locale" },
        settings.locales.map((l) => h("option", { value: l }, regionName(l))));
    const zone = h("select", { name: "utc_offset_min" },
        [...offsets].sort((a, b) => a - b).map((m) => h("option", { value: m }, utcName(m))));
    region.value = settings.locale;
    zone.value = String(who === "patient" ? browserOffset : settings.utc_offset_min);
    const patient = who === "patient";
    const current = h("p", { class: "hint" });
    const status = statusLine();
    const draw = (s) => (current.textContent =
        `The companion now uses the crisis lines of ${regionName(s.locale)} and the time zone ${utcName(s.utc_offset_min)}.`);
    const form = h("form", { class: "card companion-settings", "aria-labelledby": `settings-title-${patientId}` },
        h("h2", { id: `settings-title-${patientId}` }, patient ? "Where you are" : `Where ${name} is`),
        field("Crisis lines region", region, patient
            ? "The crisis lines your safety plan and the companion show you."
            : "The crisis lines the patient's safety plan and companion show them."),
        field("Time zone", zone, patient
            ? `This device says ${utcName(browserOffset)}. The companion counts your days in it.`
            : "The companion counts the patient's days, and its daily limit on suggestions, in it."),
        h("div", { class: "actions" }, h("button", { type: "submit" }, "Save region and time zone")),
        current, status);
    draw(settings);
    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(form, status, async () => {
            const saved = await api("PUT", path, { locale: region.value, utc_offset_min: Number(zone.value) });
            draw(saved);
            await onSaved(saved);
            status.say(`Saved: crisis lines of ${regionName(saved.locale)}, ${utcName(saved.utc_offset_min)}.`);
        });
    });
    return form;
}

// ----- The clinician's view of the conversations ----------------------------------------------

// The patient's recent conversations with the companion, oldest at the top, read only.
export async function transcriptCard(patientId, name) {
    const list = h("ol", { class: "chat-log transcript", "aria-label": `${name}'s conversations with the companion` });
    const status = statusLine();
    // The newest message in view: once the list is on the page (it is built before).
    const toEnd = () => (list.isConnected ? (list.scrollTop = list.scrollHeight) : requestAnimationFrame(toEnd));
    const load = async () => {
        const { messages } = await api("GET", `/v1/patients/${encodeURIComponent(patientId)}/chat${query({ limit: 100 })}`);
        fill(list, messages.length
            ? messages.slice().reverse().map((m) => messageItem(m, { reader: "clinician" }))
            : h("li", { class: "empty" }, "No conversations with the companion yet."));
        toEnd();
    };
    await load();
    const refresh = h("button", { type: "button", class: "secondary" }, "Refresh");
    const card = h("section", { class: "card transcript-card", "aria-labelledby": "transcript-title" },
        h("h2", { id: "transcript-title" }, `Conversations with the companion`),
        h("p", { class: "hint" }, "The last 100 messages, read only. Replies to crisis language are marked; each raised an alert."),
        list, h("div", { class: "actions" }, refresh), status);
    refresh.addEventListener("click", () => busy(card, status, load));
    return card;
}
