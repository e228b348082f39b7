// SPDX-License-Identifier: Apache-2.0
// The /v1 API (docs/openapi.yaml). The login token lives in sessionStorage, never in a URL: it
// is gone when the tab closes. A 401 anywhere ends the session and returns to the login page.

const KEY = "attune.session";

class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

// {token, user: {id, username, role}} or null.
export function session() {
    const raw = sessionStorage.getItem(KEY);
    return raw ? JSON.parse(raw) : null;
}

function endSession() {
    sessionStorage.removeItem(KEY);
    window.dispatchEvent(new Event("attune:signed-out"));
}

function headers(body) {
    const h = {};
    const s = session();
    if (s) h.Authorization = `Bearer ${s.token}`;
    if (body !== undefined) h["Content-Type"] = "application/json";
    return h;
}

async function failure(res) {
    let message = `${res.status} ${res.statusText}`;
    try {
        message = (await res.json()).error.message;
    } catch {
        // not our JSON error shape (a proxy's page): keep the status line
    }
    if (res.status === 401 && session()) endSession();
    return new ApiError(res.status, message);
}

// The response body as JSON. Errors: ApiError with the server's message.
export async function api(method, path, body) {
    const res = await fetch(path, {
        method,
        headers: headers(body),
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
    });
    if (!res.ok) throw await failure(res);
    return res.json();
}

// A query string from an object, leaving out empty values.
export function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
    const s = q.toString();
    return s ? `?${s}` : "";
}

export async function login(username, password) {
    const res = await api("POST", "/v1/sessions", { username, password });
    sessionStorage.setItem(KEY, JSON.stringify({ token: res.token, user: res.user }));
    return res.user;
}

export async function logout() {
    try {
        if (session()) await api("DELETE", "/v1/sessions/current");
    } finally {
        endSession();
    }
}

// Forgets the session without asking the server (after the account was erased).
export const forget = endSession;

// Reads a text/event-stream (GET path) and calls onEvent(name, data) for each event. EventSource
// cannot send an Authorization header, so this is fetch and a stream reader. Resolves when the
// server closes the stream; rejects on an HTTP error or a dropped connection; stops quietly when
// `signal` aborts.
export async function stream(path, onEvent, signal) {
    let res;
    try {
        res = await fetch(path, { headers: headers(), signal, cache: "no-store" });
    } catch (err) {
        if (signal.aborted) return;
        throw err;
    }
    if (!res.ok) throw await failure(res);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
        for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += value.replace(/\r\n?/g, "\n");
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const event = parseEvent(block);
                if (event) onEvent(event.name, event.data);
            }
        }
    } catch (err) {
        if (signal.aborted) return;
        throw err;
    }
}

// One event block of text/event-stream (WHATWG HTML, "server-sent events"): "event:" names it,
// "data:" lines are joined with newlines, lines starting with ":" are comments (keep-alives).
function parseEvent(block) {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
    }
    return data.length ? { name, data: data.join("\n") } : null;
}
