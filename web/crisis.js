// SPDX-License-Identifier: Apache-2.0
// Crisis resources: the "Need help now?" panel on every page, and the same resources shown
// inside the page when a journal entry or a questionnaire suggests someone may be in danger.
// A signed-in patient sees their own region's lines (the region they chose beside their safety
// plan) in place of the general list; the general list is what shows before sign-in, to
// clinicians, and while or if the server cannot be reached.
import { api, session } from "./api.js";
import { fill, h } from "./dom.js";

// The signed-in patient's region's lines, or null: before sign-in, for clinicians, and when the
// server runs without the companion or cannot be reached.
async function patientLines() {
    const s = session();
    if (!s || s.user.role !== "patient") return null;
    try {
        const lines = (await api("GET", `/v1/patients/${encodeURIComponent(s.user.id)}/safety-plan`)).crisis_lines;
        return lines.lines.length ? lines : null;
    } catch {
        return null;
    }
}

function generalLines() {
    return h("ul", {},
        h("li", {}, h("strong", {}, "988 Suicide & Crisis Lifeline"),
            " (US): call or text 988, any time."),
        h("li", {}, h("strong", {}, "Samaritans"), " (UK and Ireland): call 116 123, free, any time."),
        h("li", {}, "Anywhere else: ", h("strong", {}, "findahelpline.com"),
            " lists free, confidential helplines in your country."));
}

function regionLines(lines) {
    return h("ul", { class: "region-lines" },
        h("li", {}, "Emergency where you are: ", h("strong", {}, lines.emergency)),
        lines.lines.map((l) => h("li", {}, h("strong", {}, l.name), `: ${l.contact}${l.hours ? ` (${l.hours})` : ""}`)),
        h("li", {}, "Somewhere else? ", h("strong", {}, "findahelpline.com"),
            " lists free, confidential helplines in every country."));
}

function resources() {
    const lines = h("div", {}, generalLines());
    patientLines().then((mine) => mine && fill(lines, regionLines(mine)));
    return h("div", { class: "resources" },
        h("p", { class: "emergency" },
            "If you are in immediate danger, call your local emergency number now: ",
            h("strong", {}, "112"), " (Europe), ", h("strong", {}, "911"), " (US and Canada), ",
            h("strong", {}, "999"), " (UK)."),
        lines,
        h("p", { class: "not-monitored" },
            "Attune is not monitored around the clock. Your clinician reads what you share here, " +
            "but not straight away: please reach out to one of the numbers above if you need someone now."));
}

// The fixed button and its dialog, added once to the page.
export function installHelp() {
    const body = h("div", {}, resources());
    const dialog = h("dialog", { id: "help-panel", "aria-labelledby": "help-title" },
        h("h2", { id: "help-title" }, "You don't have to go through this alone"),
        body,
        h("form", { method: "dialog" }, h("button", { class: "secondary" }, "Close")));
    const button = h("button", {
        id: "help-button", class: "help-button", type: "button", "aria-haspopup": "dialog",
        // drawn again at each opening: who is signed in, and their region, may have changed
        onclick: () => {
            fill(body, resources());
            dialog.showModal();
        },
    }, "Need help now?");
    document.body.append(button, dialog);
}

// A card for the page itself, when what someone wrote or answered suggests they may be unsafe.
export function crisisCard(opening) {
    return h("section", { class: "card crisis", role: "alert", "aria-labelledby": "crisis-title" },
        h("h2", { id: "crisis-title" }, opening),
        h("p", {}, "Thank you for writing it down. You deserve support right now, and talking to " +
            "someone can help, even a little."),
        resources());
}
