// SPDX-License-Identifier: Apache-2.0
// Crisis resources: the "Need help now?" panel on every page, and the same resources shown
// inside the page when a journal entry or a questionnaire suggests someone may be in danger.
import { h } from "./dom.js";

function resources() {
    return h("div", { class: "resources" },
        h("p", { class: "emergency" },
            "If you are in immediate danger, call your local emergency number now: ",
            h("strong", {}, "112"), " (Europe), ", h("strong", {}, "911"), " (US and Canada), ",
            h("strong", {}, "999"), " (UK)."),
        h("ul", {},
            h("li", {}, h("strong", {}, "988 Suicide & Crisis Lifeline"),
                " (US): call or text 988, any time."),
            h("li", {}, h("strong", {}, "Samaritans"), " (UK and Ireland): call 116 123, free, any time."),
            h("li", {}, "Anywhere else: ", h("strong", {}, "findahelpline.com"),
                " lists free, confidential helplines in your country.")),
        h("p", { class: "not-monitored" },
            "Attune is not monitored around the clock. Your clinician reads what you share here, " +
            "but not straight away: please reach out to one of the numbers above if you need someone now."));
}

// The fixed button and its dialog, added once to the page.
export function installHelp() {
    const dialog = h("dialog", { id: "help-panel", "aria-labelledby": "help-title" },
        h("h2", { id: "help-title" }, "You don't have to go through this alone"),
        resources(),
        h("form", { method: "dialog" }, h("button", { class: "secondary" }, "Close")));
    const button = h("button", {
        id: "help-button", class: "help-button", type: "button", "aria-haspopup": "dialog",
        onclick: () => dialog.showModal(),
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
