// SPDX-License-Identifier: Apache-2.0
// Words and dates for people: emotion labels, a soft sentiment phrase, days.

const DAY_MS = 24 * 3600 * 1000;

// "2026-10-01" for a time (UTC, the days the API counts in).
export function dayOf(time) {
    return new Date(time).toISOString().slice(0, 10);
}

export function nextDay(day) {
    return dayOf(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
}

export function daysBefore(day, n) {
    return dayOf(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS);
}

// Seconds since the epoch at midnight UTC of a day: uPlot's x values.
export function daySeconds(day) {
    return Date.parse(`${day}T00:00:00Z`) / 1000;
}

// "Tue 1 Oct, 09:30" in the reader's own time zone.
export function when(time) {
    return new Date(time).toLocaleString(undefined, {
        weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    });
}

export function longDay(day) {
    return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, {
        weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
    });
}

// GoEmotions labels as a person would say them.
const FEELING_WORDS = {
    admiration: "admiration", amusement: "amusement", anger: "anger", annoyance: "annoyance",
    approval: "approval", caring: "care", confusion: "confusion", curiosity: "curiosity",
    desire: "longing", disappointment: "disappointment", disapproval: "disapproval",
    disgust: "disgust", embarrassment: "embarrassment", excitement: "excitement", fear: "fear",
    gratitude: "gratitude", grief: "grief", joy: "joy", love: "love", nervousness: "nervousness",
    optimism: "hope", pride: "pride", realization: "realisation", relief: "relief",
    remorse: "regret", sadness: "sadness", surprise: "surprise",
};

// The feelings an analysis found most clearly (at most `count`, "neutral" left out).
export function topFeelings(analysis, count = 3) {
    const probs = analysis?.emotions ?? {};
    const chosen = (analysis?.labels ?? []).filter((l) => l !== "neutral");
    const ranked = Object.entries(probs)
        .filter(([label, p]) => label !== "neutral" && p >= 0.1 && !chosen.includes(label))
        .sort((a, b) => b[1] - a[1])
        .map(([label]) => label);
    return [...chosen, ...ranked].slice(0, count).map((l) => FEELING_WORDS[l] ?? l.replace(/_/g, " "));
}

export function feelingWord(label) {
    return FEELING_WORDS[label] ?? label.replace(/_/g, " ");
}

// A gentle phrase for the VADER-style compound score in [-1, 1].
export function sentimentPhrase(compound) {
    if (compound <= -0.5) return "This sounds like a heavy day. It's okay to feel this way.";
    if (compound < -0.05) return "This sounds a little low.";
    if (compound <= 0.05) return "This sounds fairly even.";
    if (compound < 0.5) return "This sounds mostly okay.";
    return "This sounds like a bright moment. Worth remembering.";
}

// "overgeneralization" -> "Overgeneralising".
const DISTORTION_WORDS = {
    all_or_nothing: "All-or-nothing thinking", overgeneralization: "Overgeneralising",
    mental_filter: "Mental filter", disqualifying_positive: "Discounting the positive",
    mind_reading: "Mind reading", fortune_telling: "Fortune telling",
    catastrophizing: "Catastrophising", emotional_reasoning: "Emotional reasoning",
    should_statements: "“Should” statements", labeling: "Labelling",
    personalization: "Personalising",
};

export function distortionName(type) {
    const word = DISTORTION_WORDS[type];
    if (word) return word;
    const s = type.replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
}

// "moderately_severe" -> "moderately severe".
export function words(name) {
    return String(name).replace(/_/g, " ");
}
