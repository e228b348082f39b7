// SPDX-License-Identifier: Apache-2.0
// Building the page. Every string becomes a text node (textContent): patient text never goes
// through an HTML parser, so nothing a patient writes can become markup or script.

// h("p", {class: "note", onclick: fn}, "text", child, [more, children]): an element.
// Attributes: class, for (htmlFor), on<event> (listeners), booleans (true sets, false omits),
// anything else through setAttribute. Children: strings, numbers, nodes, arrays, null (skipped).
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs ?? {})) {
        if (value === null || value === undefined || value === false) continue;
        if (name.startsWith("on") && typeof value === "function") {
            el.addEventListener(name.slice(2), value);
        } else if (name === "class") {
            el.className = value;
        } else if (name === "for") {
            el.htmlFor = value;
        } else if (name === "checked") {
            el.checked = Boolean(value);
        } else {
            el.setAttribute(name, value === true ? "" : String(value));
        }
    }
    append(el, children);
    return el;
}

// Replaces an element's children (as h() takes them: null and false are left out).
export function fill(el, ...children) {
    el.replaceChildren();
    return append(el, children);
}

export function append(el, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) continue;
        el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
}

// A label and its control, joined by a generated id; hint (optional) is read after the label.
let nextId = 0;
export function field(labelText, control, hint) {
    control.id ||= `f${++nextId}`;
    const hintEl = hint ? h("p", { class: "hint", id: `${control.id}-hint` }, hint) : null;
    if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
    return h("div", { class: "field" }, h("label", { for: control.id }, labelText), hintEl, control);
}

// A status line for a form: say(text) shows a message, say(text, true) an error (role=alert).
export function statusLine() {
    const el = h("p", { class: "form-status", role: "status" });
    el.say = (text, isError = false) => {
        el.textContent = text;
        el.classList.toggle("error", isError);
        el.setAttribute("role", isError ? "alert" : "status");
    };
    return el;
}

// Disables a form's controls while `work` runs; errors are shown on `status`.
export async function busy(form, status, work) {
    const controls = [...form.querySelectorAll("button, input, textarea, select")];
    controls.forEach((c) => (c.disabled = true));
    try {
        return await work();
    } catch (err) {
        status.say(err.message, true);
        return undefined;
    } finally {
        controls.forEach((c) => (c.disabled = false));
    }
}

// A short message in the corner, read out by screen readers (the container is aria-live).
// `action`: an optional element (a link) added to it. It stays until closed or 20 s pass.
export function toast(message, action) {
    const box = document.getElementById("toasts");
    const close = h("button", { type: "button", class: "toast-close", "aria-label": "Close" }, "×");
    const el = h("div", { class: "toast" }, h("p", {}, message), action, close);
    const remove = () => el.remove();
    close.addEventListener("click", remove);
    setTimeout(remove, 20000);
    box.append(el);
    return el;
}
