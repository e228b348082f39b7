// SPDX-License-Identifier: Apache-2.0
// The web app's shell: sign-in, the page header, and hash routes for each role's pages.
import { login, logout, session } from "./api.js";
import { busy, field, fill, h, statusLine } from "./dom.js";
import { installHelp } from "./crisis.js";
import { checkinPage, journalPage, myChartPage, privacyPage } from "./patient.js";
import { companionPage, safetyPlanPage } from "./companion.js";
import { alertsPage, followAlerts, journeyPage, patientsPage } from "./clinician.js";

const ROLES = {
    patient: {
        home: "#/journal",
        nav: [["#/journal", "Journal"], ["#/companion", "Companion"], ["#/checkin", "Check in"],
            ["#/chart", "My chart"], ["#/plan", "Safety plan"], ["#/privacy", "Privacy"]],
        routes: [[/^\/journal$/, journalPage, "Journal"], [/^\/companion$/, companionPage, "Companion"],
            [/^\/checkin$/, checkinPage, "Check in"], [/^\/chart$/, myChartPage, "My chart"],
            [/^\/plan$/, safetyPlanPage, "Safety plan"], [/^\/privacy$/, privacyPage, "Privacy"]],
    },
    clinician: {
        home: "#/patients",
        nav: [["#/patients", "Patients"], ["#/alerts", "Alerts"]],
        routes: [[/^\/patients$/, patientsPage, "Patients"], [/^\/patients\/([^/]+)$/, journeyPage, "Journey"],
            [/^\/alerts$/, alertsPage, "Alerts"]],
    },
};

const main = document.getElementById("main");
const header = document.getElementById("site-header");
let cleanup = null;  // what the current page undoes when left
let stopAlerts = null;  // while a clinician is signed in: ends the live alerts
let shown = 0;  // counts renders: a page that finishes loading after the next one began is dropped
const badge = h("span", { class: "count", hidden: true });  // open alerts, in the nav

function loginPage() {
    const user = h("input", { type: "text", name: "username", autocomplete: "username", required: true, autocapitalize: "none" });
    const pass = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
    const status = statusLine();
    const notice = sessionStorage.getItem("attune.notice");
    sessionStorage.removeItem("attune.notice");
    const form = h("form", { class: "card login" },
        h("h1", {}, "Welcome to Attune"),
        h("p", {}, "A quiet place to notice how you are, and to share it with your clinician."),
        notice ? h("p", { class: "notice", role: "status" }, notice) : null,
        field("Username", user), field("Password", pass),
        h("div", { class: "actions" }, h("button", { type: "submit", id: "login-button" }, "Sign in")),
        status);
    form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        busy(form, status, async () => {
            const u = await login(user.value.trim(), pass.value);
            const role = ROLES[u.role];
            if (!role) {
                await logout();
                throw new Error(`this web app is for patients and clinicians; ${u.role} accounts use the command line`);
            }
            if (location.hash === role.home) render();
            else location.hash = role.home;  // hashchange renders
        });
    });
    fill(main, form);
    user.focus();
}

function drawHeader(s) {
    const current = location.hash.split("?")[0];
    const role = s ? ROLES[s.user.role] : null;
    fill(header,
        h("a", { class: "brand", href: role ? role.home : "#/login" }, "Attune"),
        role ? h("nav", { "aria-label": "Main" }, h("ul", {}, role.nav.map(([href, text]) =>
            h("li", {}, h("a", { href, "aria-current": current.startsWith(href) ? "page" : null }, text,
                href === "#/alerts" ? badge : null))))) : null,
        s ? h("div", { class: "who" }, h("span", {}, s.user.username),
            h("button", { type: "button", class: "secondary", onclick: () => logout() }, "Sign out")) : null);
}

async function render() {
    const mine = ++shown;
    cleanup?.();
    cleanup = null;
    const s = session();
    const [path, search] = location.hash.replace(/^#/, "").split("?");
    const params = new URLSearchParams(search ?? "");
    if (!s) {
        stopAlerts?.();
        stopAlerts = null;
        drawHeader(null);
        document.title = "Sign in · Attune";
        loginPage();
        return;
    }
    const role = ROLES[s.user.role];
    drawHeader(s);
    if (s.user.role === "clinician" && !stopAlerts) stopAlerts = followAlerts(badge);
    const match = role.routes.map(([re, page, title]) => [path.match(re), page, title]).find(([m]) => m);
    if (!match) {
        location.replace(role.home);
        return;
    }
    const [m, page, title] = match;
    document.title = `${title} · Attune`;
    fill(main, h("p", { class: "loading", role: "status" }, "Loading…"));
    const content = h("div", {});
    try {
        const undo = (await page(content, params, ...m.slice(1).map(decodeURIComponent))) ?? null;
        if (mine !== shown) {
            undo?.();
            return;
        }
        cleanup = undo;
        fill(main, content);
    } catch (err) {
        if (mine !== shown || !session()) return;  // left, or signed out by a 401
        fill(main, h("div", { class: "card error", role: "alert" },
            h("h1", {}, "This page could not be shown"), h("p", {}, err.message)));
    }
}

document.querySelector(".skip-link").addEventListener("click", (ev) => {
    ev.preventDefault();
    main.focus();
});
installHelp();
window.addEventListener("hashchange", () => {
    render().then(() => main.focus({ preventScroll: false }));
});
window.addEventListener("attune:signed-out", () => {
    if (location.hash !== "#/login") location.hash = "#/login";
    else render();
});
render();
