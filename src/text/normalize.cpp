// SPDX-License-Identifier: Apache-2.0
#include <cstdlib>
#include <memory>

#include <utf8proc.h>

#include <attune/text.hpp>

namespace attune::text {
namespace {

// ASCII stand-ins for typographic characters, so that the lexicons and rules written for
// ASCII text ("don't", "--", "...") match whatever keyboard or phone produced the text.
const char* ascii_form(utf8proc_int32_t cp) {
    switch (cp) {
        case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0xFF07:
            return "'";
        case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
            return "\"";
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
            return "-";
        case 0x2014: case 0x2015:
            return " - ";
        case 0x2026:
            return "...";
        case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005:
        case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
        case 0x3000: case 0x2028: case 0x2029:
            return " ";
        case 0x200B: case 0x2060: case 0xFEFF:
            return "";  // zero-width space, word joiner, BOM
        default:
            return nullptr;
    }
}

// True when composing to NFC could change this code point or its neighbour: combining marks,
// characters excluded from composition (singletons such as U+212B ANGSTROM SIGN) and Hangul
// jamo. Text without any is already NFC, and skipping utf8proc_map there makes the common case
// (Latin text with curly quotes or emoji) several times faster.
bool may_change_under_nfc(utf8proc_int32_t cp) {
    if (cp >= 0x1100 && cp <= 0x11FF) return true;
    const utf8proc_property_t* p = utf8proc_get_property(cp);
    return p->combining_class != 0 || p->comp_exclusion || p->category == UTF8PROC_CATEGORY_MN ||
           p->category == UTF8PROC_CATEGORY_MC || p->category == UTF8PROC_CATEGORY_ME;
}

}  // namespace

Result<std::string> normalize(std::string_view utf8) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    const auto n = static_cast<utf8proc_ssize_t>(utf8.size());

    // Pass 1: validate, and take the fast path for plain ASCII (the common case in chat).
    bool ascii = true, needs_nfc = false;
    for (utf8proc_ssize_t i = 0; i < n;) {
        if (bytes[i] < 0x80) {
            ++i;
            continue;
        }
        ascii = false;
        utf8proc_int32_t cp;
        const auto len = utf8proc_iterate(bytes + i, n - i, &cp);
        if (len < 0)
            return Status::invalid_argument("invalid UTF-8 at byte " + std::to_string(i));
        needs_nfc = needs_nfc || may_change_under_nfc(cp);
        i += len;
    }
    std::string out;
    if (ascii) {
        out.assign(utf8);
    } else {
        // NFC composes "e" + combining acute into "é", so one word is one token whatever the
        // keyboard produced.
        utf8proc_uint8_t* mapped = nullptr;
        utf8proc_ssize_t mapped_len = n;
        if (needs_nfc)
            mapped_len = utf8proc_map(bytes, n, &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
        std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> nfc(mapped, &std::free);
        if (mapped_len < 0) return Status::invalid_argument(std::string("text cannot be normalised to NFC: ") +
                                                            utf8proc_errmsg(mapped_len));
        const std::string_view composed = needs_nfc
            ? std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(mapped_len))
            : utf8;
        out.reserve(composed.size());
        const auto* cb = reinterpret_cast<const utf8proc_uint8_t*>(composed.data());
        const auto cn = static_cast<utf8proc_ssize_t>(composed.size());
        for (utf8proc_ssize_t i = 0; i < cn;) {
            utf8proc_int32_t cp;
            const auto len = utf8proc_iterate(cb + i, cn - i, &cp);
            if (len <= 0) return Status::internal("NFC output is not valid UTF-8");
            if (const char* a = ascii_form(cp)) out += a;
            else out.append(composed.substr(static_cast<std::size_t>(i), static_cast<std::size_t>(len)));
            i += len;
        }
    }
    // Control characters (tabs, stray NULs, escape codes) become spaces.
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

}  // namespace attune::text
