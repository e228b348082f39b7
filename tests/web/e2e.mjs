// SPDX-License-Identifier: Apache-2.0
// The web app end to end (issue #5), in Debian's headless Chromium driven by playwright-core:
// a fresh demo clinic on a free port; a patient signs in by keyboard, writes entries, checks in,
// sees their chart; the clinician sees patients ranked, a journey chart, the entries behind a
// point; a crisis entry reaches the clinician live (Server-Sent Events) and is acknowledged with
// a note; the patient talks with the companion (an exercise with its breathing pacer, a crisis
// message answered with the crisis lines, the clinician's alert and transcript, a safety plan
// written by both, the UK's crisis lines once the patient picks that region); one page on a
// phone-sized screen. Every page is saved as a screenshot.
//
//   node tests/web/e2e.mjs --attune build/bin/attune --web build/web \
//        --modules web/node_modules --screenshots build/web-screenshots
//
// Exit 0: all steps passed; 1: a step failed; 77: skipped (no Chromium, or no node_modules),
// which ctest reports as skipped. Under CI (CI=true) a missing Chromium is a failure instead:
// scripts/debian-packages.txt installs it there.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const SKIP = 77;
const args = Object.fromEntries(
    process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
for (const name of ["attune", "web", "modules", "screenshots"]) {
    if (!args[name]) {
        console.error(`usage: e2e.mjs --attune BIN --web DIR --modules NODE_MODULES --screenshots DIR (missing --${name})`);
        process.exit(2);
    }
}
const chromiumPath = process.env.ATTUNE_CHROMIUM ?? "/usr/bin/chromium";
const playwrightEntry = join(args.modules, "playwright-core", "index.mjs");
const missing = [];
if (!existsSync(chromiumPath)) missing.push(`${chromiumPath} (Debian package chromium: scripts/install-deps.sh)`);
if (!existsSync(playwrightEntry)) missing.push(`${playwrightEntry} (npm ci in web/, which the build runs)`);
if (missing.length) {
    const why = `web e2e: not run: missing ${missing.join(" and ")}`;
    if (process.env.CI === "true") {
        console.error(`${why}; CI must run it`);
        process.exit(1);
    }
    console.log(`${why}; skipped`);
    process.exit(SKIP);
}
const { chromium } = await import(pathToFileURL(playwrightEntry).href);

// ----- The server ------------------------------------------------------------------------------

const dataDir = mkdtempSync(join(tmpdir(), "attune-e2e-"));
const server = spawn(args.attune, ["serve", "--data", dataDir, "--port", "0", "--demo",
    "--password-cost", "interactive", "--web", args.web, "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
let serverLog = "";
server.stderr.on("data", (d) => (serverLog += d));

// The port and the demo logins, from what `attune serve` prints at start.
const started = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`attune serve did not start in 120 s:\n${out}${serverLog}`)), 120000);
    server.stdout.on("data", (d) => {
        out += d;
        if (!out.includes("press Ctrl-C")) return;
        clearTimeout(timer);
        const port = Number(out.match(/web app at http:\/\/127\.0\.0\.1:(\d+)\//)?.[1]);
        const logins = Object.fromEntries([...out.matchAll(/^\s+(?:patient|clinician)\s+(\S+)\s+\/\s+(\S+)$/gm)].map((m) => [m[1], m[2]]));
        if (!port) reject(new Error(`no web app URL in the start message:\n${out}`));
        resolve({ port, logins });
    });
    server.on("exit", (code) => reject(new Error(`attune serve exited with ${code}:\n${out}${serverLog}`)));
});
const base = `http://127.0.0.1:${started.port}/`;

// ----- Steps -----------------------------------------------------------------------------------

mkdirSync(args.screenshots, { recursive: true });
const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Chromium's sandbox needs user namespaces that root in a container does not get.
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
});
const problems = [];  // console errors (a CSP refusal among them) and uncaught exceptions
let passed = 0;
let failed = 0;

async function open(viewport, options = {}) {
    const context = await browser.newContext({ viewport, acceptDownloads: true, ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(base);
    return page;
}

async function step(name, fn) {
    try {
        await fn();
        passed++;
        console.log(`ok   ${name}`);
        return true;
    } catch (err) {
        failed++;
        console.log(`FAIL ${name}: ${err.message.split("\n").slice(0, 6).join("\n     ")}`);
        return false;
    }
}

function expect(condition, message) {
    if (!condition) throw new Error(message);
}

// The whole page, or (full = false, for the long clinician pages) the window scrolled to the top.
async function shot(page, name, full = true) {
    if (!full) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(args.screenshots, `${name}.png`), fullPage: full });
}

// Signs in with the keyboard only: type, Tab to the next field, Tab to the button, Enter.
async function signIn(page, username) {
    await page.getByLabel("Username").waitFor();
    await page.getByLabel("Username").focus();
    await page.keyboard.type(username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(started.logins[username]);
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.id);
    expect(focused === "login-button", `Tab from the password field reached '${focused}', not the Sign in button`);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
}

const patient = await open({ width: 1280, height: 900 });
const clinician = await open({ width: 1280, height: 900 });
const entry = "Went for a long walk with my sister today. I felt calm and grateful.";
const hostile = `<img src=x onerror="window.__xss = 1">`;

await step("login page, keyboard sign-in as a patient", async () => {
    await patient.getByLabel("Username").waitFor();
    await shot(patient, "01-login");
    await signIn(patient, "alex");
    expect(await patient.evaluate(() => !location.href.includes("token") && !!sessionStorage.getItem("attune.session")),
        "the token is not (only) in sessionStorage");
});

await step("patient writes a journal entry and sees its reading and the entry in the list", async () => {
    await patient.getByLabel("What's on your mind today?").fill(entry);
    await patient.getByRole("button", { name: "Save entry" }).click();
    await patient.getByRole("heading", { name: "Thank you for writing" }).waitFor();
    await patient.locator(".entries .entry-text", { hasText: entry }).first().waitFor();
    await shot(patient, "02-patient-journal");
});

await step("patient text is shown as text, never run as markup", async () => {
    await patient.getByLabel("What's on your mind today?").fill(hostile);
    await patient.getByRole("button", { name: "Save entry" }).click();
    await patient.locator(".entries .entry-text", { hasText: hostile }).first().waitFor();
    expect(await patient.evaluate(() => window.__xss === undefined && !document.querySelector(".entries img")),
        "the entry's markup was parsed");
});

await step("patient does a mood check-in", async () => {
    await patient.getByRole("link", { name: "Check in" }).click();
    await patient.getByLabel(/Your mood right now/).fill("7");
    await patient.getByRole("checkbox", { name: "calm" }).check();
    await patient.getByLabel("A note, if you like").fill("Slept better.");
    await patient.getByRole("button", { name: "Save check-in" }).click();
    await patient.getByText("Saved. Thank you for checking in.").waitFor();
    await shot(patient, "03-patient-checkin");
});

await step("patient fills in the PHQ-9 from the library's definition", async () => {
    await patient.getByText("PHQ-9: how your mood has been").click();
    const form = patient.locator("form.questionnaire").first();
    const items = form.locator("fieldset.item");
    expect(await items.count() === 9, `PHQ-9 shows ${await items.count()} items`);
    for (let i = 0; i < 9; i++) await items.nth(i).getByLabel("Not at all").check();
    await items.nth(1).getByLabel("Several days").check();
    await form.getByRole("button", { name: "Submit PHQ-9" }).click();
    await form.getByText("Your score is 1 of 27").waitFor();
});

await step("patient sees their own mood chart with today's check-in", async () => {
    await patient.getByRole("link", { name: "My chart" }).click();
    await patient.locator(".chart canvas").first().waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const t = await patient.evaluate(async () => {
        const s = JSON.parse(sessionStorage.getItem("attune.session"));
        const res = await fetch(`/v1/patients/${s.user.id}/timeline`, { headers: { Authorization: `Bearer ${s.token}` } });
        return res.json();
    });
    const mood = t.series.find((s) => s.metric === "mood");
    expect(mood?.points.some((p) => p.date === today), "today's mood check-in is not in the timeline");
    await shot(patient, "04-patient-chart");
});

await step("patient privacy page: consent explained, export downloads JSON", async () => {
    await patient.getByRole("link", { name: "Privacy" }).click();
    await patient.getByLabel("Share with my clinician").waitFor();
    // Pooling exercise outcomes is off unless given, and explained.
    const pool = patient.getByLabel("Help the companion learn for everyone");
    expect(!(await pool.isChecked()), "pooling outcomes is on before the patient gave it");
    await patient.getByText(/at least 10 people agree/).waitFor();
    const download = patient.waitForEvent("download");
    await patient.getByRole("button", { name: "Download my data" }).click();
    const file = await (await download).path();
    const data = JSON.parse(readFileSync(file, "utf8"));
    expect(JSON.stringify(data).includes("calm and grateful"), "the export lacks the entry just written");
    await shot(patient, "05-patient-privacy");
});

await step("crisis resources are one click away", async () => {
    await patient.getByRole("button", { name: "Need help now?" }).click();
    const dialog = patient.getByRole("dialog");
    await dialog.getByText("988 Suicide & Crisis Lifeline").waitFor();
    await dialog.getByText(/not monitored around the clock/).waitFor();
    await shot(patient, "06-help-panel");
    await patient.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
});

await step("clinician signs in and sees patients ranked by risk, with reasons", async () => {
    await signIn(clinician, "dr.rivera");
    const rows = clinician.locator(".patients .patient");
    await rows.first().waitFor();
    const scores = await rows.locator(".score").allTextContents();
    const values = scores.map((s) => Number(s.trim().split("/")[0]));
    expect(values.length === 3, `${values.length} patients with a risk shown, not 3`);
    expect(values.every((v, i) => i === 0 || values[i - 1] >= v), `not ranked: ${values.join(", ")}`);
    expect((await rows.first().locator(".patient-name").textContent()) === "sam", "the worsening patient (sam) is not first");
    expect((await rows.first().locator(".reason").textContent()).length > 10, "no reason shown");
    await shot(clinician, "07-clinician-patients");
});

await step("clinician opens a patient's journey and clicks a point to see the entries behind it", async () => {
    await clinician.getByRole("link", { name: "sam", exact: true }).click();
    await clinician.getByRole("heading", { name: "sam's journey" }).waitFor();
    const charts = clinician.locator(".chart-card .chart");
    await charts.first().locator("canvas").waitFor();
    expect(await charts.count() >= 5, `${await charts.count()} charts`);
    await clinician.locator(".data-note").first().waitFor();
    // The valence chart's last day with data: near the right edge of its plot area.
    const over = charts.first().locator(".u-over");
    const box = await over.boundingBox();
    await over.click({ position: { x: box.width - 3, y: box.height / 2 } });
    await clinician.locator(".day-panel h3", { hasText: "Journal" }).waitFor();
    await clinician.locator(".day-panel .entry").first().waitFor();
    await shot(clinician, "08-clinician-journey", false);
});

await step("a crisis entry reaches the clinician live, who acknowledges it with a note", async () => {
    await clinician.getByRole("link", { name: /^Alerts/ }).click();
    await clinician.getByRole("heading", { name: "Alerts" }).waitFor();
    await clinician.waitForTimeout(500);  // the stream is connected before the entry is written
    await patient.getByRole("link", { name: "Journal" }).click();
    await patient.getByLabel("What's on your mind today?").fill("I wish I could go to sleep and not wake up.");
    await patient.getByRole("button", { name: "Save entry" }).click();
    await patient.locator(".card.crisis").waitFor();
    await shot(patient, "09-patient-crisis-reading");
    const toast = clinician.locator(".toast", { hasText: "alex" });
    await toast.waitFor({ timeout: 10000 });
    const card = clinician.locator(".alert-card", { hasText: "alex" }).filter({ hasText: "Crisis language" }).first();
    await card.waitFor();
    await shot(clinician, "10-clinician-live-alert", false);
    await card.getByText("Add a note or dismiss").click();
    await card.getByLabel("Add a note").fill("Called alex: safe tonight, seeing them tomorrow.");
    await card.getByRole("button", { name: "Add note" }).click();
    await card.getByText("Called alex: safe tonight").waitFor();
    await card.getByRole("button", { name: "Acknowledge" }).click();
    await card.locator(".status.acknowledged").waitFor();
    await shot(clinician, "11-clinician-alert-acknowledged", false);
});

// The companion (issue #6): the greeting, an exercise started by name and carried on, a crisis
// message answered with the resources in view, and the clinician's alert and transcript.
const companionReply = (page, text) => page.locator(".chat-log .msg.companion", { hasText: text }).last();

async function say(page, text) {
    const before = await page.locator(".chat-log .msg.companion").count();
    await page.getByLabel("Your message").fill(text);
    await page.getByLabel("Your message").press("Enter");
    await page.locator(".chat-log .msg.companion:not(.pending)").nth(before).waitFor();
}

await step("patient talks with the companion: greeting, box breathing, the mood question, the next step", async () => {
    await patient.getByRole("link", { name: "Companion" }).click();
    await patient.getByRole("heading", { name: "Talk with the companion" }).waitFor();
    await companionReply(patient, "not a person").waitFor();
    expect(await patient.locator(".chat-log[aria-live]").count() === 1, "the conversation is not a live region");
    await say(patient, "box breathing");
    await companionReply(patient, "how is your mood right now").waitFor();
    await say(patient, "6");
    await companionReply(patient, "Ready?").waitFor();
    await say(patient, "yes");
    const pacer = patient.locator(".pacer").last();
    await pacer.waitFor();
    await pacer.locator(".pacer-phase", { hasText: /Breathe in|Hold|Breathe out/ }).waitFor({ timeout: 5000 });
    await patient.waitForTimeout(1500);  // the circle part-way through a breath
    await shot(patient, "14-patient-companion", false);
    await pacer.getByRole("button", { name: "Stop" }).click();
    await pacer.getByText("Stopped.").waitFor();
    expect(await patient.locator(".chat-log .msg.person").count() === 3, "the person's messages are not all shown");
});

await step("chat text is shown as text, never run as markup", async () => {
    await say(patient, hostile);
    await patient.locator(".chat-log .msg.person .msg-text", { hasText: hostile }).waitFor();
    expect(await patient.evaluate(() => window.__xss === undefined && !document.querySelector(".chat-log img")),
        "the chat message's markup was parsed");
});

await step("a crisis message to the companion shows the resources; the clinician gets the alert and reads the transcript", async () => {
    await clinician.getByRole("link", { name: /^Alerts/ }).click();
    await clinician.getByRole("heading", { name: "Alerts" }).waitFor();
    await clinician.waitForTimeout(500);  // the stream is connected before the message is sent
    await say(patient, "honestly I just want to die");
    const reply = patient.locator(".chat-log .msg.safety").last();
    await reply.waitFor();
    await reply.locator(".msg-resources li", { hasText: "988" }).first().waitFor();
    expect(await reply.locator(".msg-resources li").first().isVisible(), "the resources are not in view");
    expect(await reply.getByText(/care team/).count() > 0, "the reply does not say the care team was told");
    await patient.getByRole("button", { name: "Need help now?" }).waitFor();
    await shot(patient, "15-patient-companion-crisis", false);

    await clinician.locator(".toast", { hasText: "conversation with the companion" }).waitFor({ timeout: 10000 });
    const card = clinician.locator(".alert-card", { hasText: "Crisis language with the companion" }).first();
    await card.waitFor();
    expect((await card.locator(".explanation").textContent()).includes("want to die"), "the alert does not quote the message");
    await clinician.getByRole("link", { name: "Patients" }).click();
    await clinician.getByRole("link", { name: "alex", exact: true }).click();
    await clinician.getByRole("heading", { name: "alex's journey" }).waitFor();
    const transcript = clinician.locator(".transcript-card");
    await transcript.locator(".msg.person", { hasText: "honestly I just want to die" }).waitFor();
    await transcript.locator(".msg.safety .badge", { hasText: "crisis" }).first().waitFor();
    expect(await transcript.locator("textarea, input").count() === 0, "the transcript is not read only");
    expect(await clinician.evaluate(() => window.__xss === undefined && !document.querySelector(".transcript img")),
        "the transcript parsed the chat's markup");
    await transcript.scrollIntoViewIfNeeded();
    await clinician.screenshot({ path: join(args.screenshots, "16-clinician-transcript.png") });
    // The message is on the crisis chart: today's panel lists it with the day's entries.
    await clinician.locator("#day-select").selectOption({ index: 0 });
    await clinician.getByRole("button", { name: "Show entries" }).click();
    const panel = clinician.locator(".day-panel");
    await panel.locator("h3", { hasText: "Messages to the companion" }).waitFor();
    await panel.locator(".badge", { hasText: "with crisis language" }).waitFor();
    await panel.locator(".msg.person", { hasText: "honestly I just want to die" }).waitFor();
    await panel.locator("h3", { hasText: "Messages to the companion" }).scrollIntoViewIfNeeded();
    await clinician.screenshot({ path: join(args.screenshots, "22-clinician-day-with-chat.png") });
});

await step("patient and clinician write one safety plan; the companion shows it", async () => {
    await patient.getByRole("link", { name: "Safety plan", exact: true }).click();
    await patient.getByRole("heading", { name: "Your safety plan" }).waitFor();
    await patient.getByLabel(/Things I can do on my own/).fill("Walk to the river\nCall my sister");
    await patient.getByRole("button", { name: "Save plan" }).click();
    await patient.getByText("Saved.").waitFor();
    await patient.getByText(/Last changed by you/).waitFor();
    await shot(patient, "17-patient-safety-plan");

    await clinician.reload();
    await clinician.getByRole("heading", { name: "alex's journey" }).waitFor();
    const plan = clinician.locator("form.safety-plan");
    const coping = plan.getByLabel(/Things I can do on my own/);
    expect((await coping.inputValue()).includes("Walk to the river"), "the clinician does not see the patient's plan");
    await plan.getByLabel(/Professionals I can contact/).fill("Dr Rivera, weekdays 9 to 5");
    await plan.getByRole("button", { name: "Save plan" }).click();
    await plan.getByText(/Last changed by you/).waitFor();
    // the clinician sees where the patient is: the region and the time zone saved for them
    const where = clinician.locator("form.companion-settings");
    await where.getByRole("heading", { name: "Where alex is" }).waitFor();
    expect(await where.getByLabel("Crisis lines region").inputValue() === "en-US", "the clinician does not see the patient's region");
    await where.scrollIntoViewIfNeeded();
    await shot(clinician, "21-clinician-where-patient-is");

    await patient.getByRole("link", { name: "Companion" }).click();
    await companionReply(patient, "not a person").waitFor();
    await say(patient, "I wish I was dead");
    const reply = patient.locator(".chat-log .msg.safety").last();
    await reply.getByText(/Walk to the river/).waitFor();
    await reply.getByText(/Dr Rivera/).waitFor();
});

await step("the patient picks the UK's crisis lines; the safety plan and the companion show them", async () => {
    await patient.getByRole("link", { name: "Safety plan", exact: true }).click();
    await patient.getByRole("heading", { name: "Where you are" }).waitFor();
    const settings = patient.locator("form.companion-settings");
    const offset = await patient.evaluate(() => -new Date().getTimezoneOffset());
    expect(Number(await settings.getByLabel("Time zone").inputValue()) === offset, "the time zone is not the browser's");
    await settings.getByLabel("Crisis lines region").selectOption("en-GB");
    await settings.getByRole("button", { name: "Save region and time zone" }).click();
    await settings.getByText(/^Saved: crisis lines of United Kingdom \(en-GB\)/).waitFor();
    // data/companion/crisis_lines.json: en-GB lists the Samaritans first.
    const lines = patient.locator(".plan-crisis");
    await lines.getByText("Samaritans: call 116 123 (24/7)").waitFor();
    expect(await lines.getByText(/988/).count() === 0, "the US lines are still shown");
    await shot(patient, "19-patient-crisis-lines-region");

    await patient.reload();
    await patient.locator(".plan-crisis").getByText("Samaritans: call 116 123 (24/7)").waitFor();
    expect(await patient.getByLabel("Crisis lines region").inputValue() === "en-GB", "the region was not kept");
    await patient.getByRole("link", { name: "Companion" }).click();
    await companionReply(patient, "not a person").waitFor();
    await say(patient, "I wish I was dead");
    await patient.locator(".chat-log .msg.safety").last()
        .locator(".msg-resources li", { hasText: "Samaritans" }).first().waitFor();
    // "Need help now?" shows the patient's region's lines in place of the general list
    await patient.getByRole("button", { name: "Need help now?" }).click();
    const help = patient.getByRole("dialog");
    await help.locator(".region-lines li", { hasText: "Samaritans" }).first().waitFor();
    await help.getByText(/findahelpline\.com/).waitFor();
    expect(await help.getByText(/988/).count() === 0, "the help panel still shows the US lines");
    await shot(patient, "20-help-panel-region");
    await patient.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });
});

await step("phone-sized screen, reduced motion: the check-in page and the chat fit, the pacer counts in text, help stays in reach", async () => {
    const phone = await open({ width: 390, height: 844 }, { reducedMotion: "reduce" });
    await signIn(phone, "jordan");
    await phone.getByRole("link", { name: "Check in" }).click();
    await phone.getByRole("button", { name: "Save check-in" }).waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 390, `the page is ${width} px wide on a 390 px screen`);
    await phone.getByRole("button", { name: "Need help now?" }).waitFor();
    await shot(phone, "12-phone-checkin", false);
    await phone.getByRole("link", { name: "Journal" }).click();
    await phone.getByRole("button", { name: "Save entry" }).waitFor();
    await shot(phone, "13-phone-journal");
    await phone.getByRole("link", { name: "Companion" }).click();
    await companionReply(phone, "not a person").waitFor();
    await say(phone, "box breathing");
    await say(phone, "5");
    await say(phone, "yes");
    const pacer = phone.locator(".pacer.reduced").last();
    await pacer.waitFor();
    expect(!(await pacer.locator(".pacer-circle").isVisible()), "the circle moves despite prefers-reduced-motion");
    await pacer.locator(".pacer-count", { hasText: /^[1-4]$/ }).waitFor({ timeout: 5000 });
    const chatWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(chatWidth <= 390, `the chat is ${chatWidth} px wide on a 390 px screen`);
    await pacer.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(args.screenshots, "18-phone-companion.png") });
});

await step("sign out returns to the login page", async () => {
    await clinician.getByRole("button", { name: "Sign out" }).click();
    await clinician.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await clinician.evaluate(() => sessionStorage.getItem("attune.session") === null), "the token was kept");
});

await step("no console errors, no Content-Security-Policy refusals", async () => {
    expect(problems.length === 0, problems.join("\n"));
});

await browser.close();
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
rmSync(dataDir, { recursive: true, force: true });
console.log(`screenshots: ${args.screenshots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
