// The page around HtmlTranscript's cards: one file, its style inline, no
// script and nothing fetched — it opens from disk, offline, years later.
#include <ostream>

#include "glasstls/html.hpp"

namespace glasstls {

namespace {

// Client cards on the left, server cards on the right, what both compute
// in the middle; time flows down the page.
constexpr const char* kStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em; color: #222; background: #fafafa; }
h1 { font-size: 1.4em; margin: .2em 0; }
.legend { display: flex; justify-content: space-between; font-weight: bold; margin: 1em 0 .5em; }
.legend span { padding: .2em .8em; border-radius: 4px; }
.timeline { display: flex; flex-direction: column; gap: .6em; }
.card { border-radius: 6px; padding: .4em .8em .6em; box-shadow: 0 1px 3px rgba(0,0,0,.15); background: #fff; overflow-wrap: anywhere; }
.card h3 { margin: .2em 0 .4em; font-size: 1em; }
.card.client { align-self: flex-start; width: 64%; border-left: 6px solid #2f6fb5; }
.card.server { align-self: flex-end; width: 64%; border-right: 6px solid #b5562f; }
.card.middle { align-self: center; width: 58%; border-top: 4px solid #7a5bb5; background: #f7f4fc; }
.client-label { background: #dce8f7; } .server-label { background: #f7e3dc; }
.record h3 { color: #555; }
.lock { font-size: .8em; background: #333; color: #fff; border-radius: 3px; padding: 0 .4em; }
code { font: 12px/1.5 ui-monospace, monospace; }
code.bytes, code.hex { display: block; white-space: normal; word-spacing: -.1em; }
.f { border-radius: 2px; cursor: help; }
.f:hover, .g:hover > .f { outline: 1px solid #333; }
.c0 { background: #ffe0a3; } .c1 { background: #c9f0c9; } .c2 { background: #cfe3ff; } .c3 { background: #f9d0e8; }
.c4 { background: #e2d6ff; } .c5 { background: #d3f3f0; } .c6 { background: #ffd8c7; } .c7 { background: #eeeeb8; }
.own { color: #666; }
.kv { margin: .3em 0; } .k { display: block; font-size: .85em; color: #555; }
.formula { font-family: ui-monospace, monospace; font-size: .9em; }
.inputs, .rfc { font-size: .8em; color: #555; } .input { background: #eee; border-radius: 3px; padding: 0 .3em; }
.secret { color: #4b2a8a; }
table.fields { border-collapse: collapse; font-size: .85em; width: 100%; }
table.fields td, table.fields th { border-bottom: 1px solid #eee; text-align: left; padding: .1em .3em; vertical-align: top; }
/* Headers, names, offsets and lengths never break inside a word (the card's
   overflow-wrap would wrap "offset" letter by letter); only the meaning may. */
table.fields td { overflow-wrap: normal; }
table.fields th, table.fields td:nth-child(2), table.fields td:nth-child(3) { white-space: nowrap; }
table.fields td:nth-child(4) { overflow-wrap: anywhere; min-width: 12em; }
details summary { cursor: pointer; color: #2f6fb5; font-size: .9em; }
.state, .note { align-self: center; font-size: .8em; color: #666; }
.divider { text-align: center; border-top: 2px dashed #aaa; padding-top: .5em; }
.alert.fatal, .checks.failed { background: #fde8e8; }
.good { color: #1d7a1d; } .bad { color: #b31d1d; }
ul.checks { margin: 0; padding-left: 1.2em; }
pre.app { background: #f2f2f2; padding: .4em; max-height: 24em; overflow: auto; white-space: pre-wrap; margin: .3em 0; }
details.more > summary { font-size: .8em; }
.sealed .k { color: #333; }
code.cipher { color: #555; background: repeating-linear-gradient(45deg, #f4f4f4, #f4f4f4 6px, #ececec 6px, #ececec 12px); padding: .2em; }
.card.middle.report { width: 96%; border-top-color: #555; background: #f4f4f4; }
pre.report { font: 12px/1.45 ui-monospace, monospace; white-space: pre-wrap; margin: 0; }
.outcome { margin: 1em auto; padding: .6em 1em; border-radius: 6px; font-weight: bold; text-align: center; }
.outcome.good { background: #e3f6e3; } .outcome.bad { background: #fde8e8; }
)css";

} // namespace

void HtmlTranscript::write(std::ostream& out) {
    flush_checks();
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << html_escape(title_) << "</title>\n<style>" << kStyle
        << "</style></head>\n<body>\n<h1>" << html_escape(title_) << "</h1>\n";
    if (!summary_.empty()) out << "<ul class=\"summary\">" << summary_ << "</ul>\n";
    // Said only when true: a capture decoded without its keys shows no secret and computes nothing.
    const char* middle = keyless() ? "no keys: nothing was computed" : !shows_secrets() ? "nothing was computed"
                         : client_side_                                ? "computed by the client"
                                                                       : "computed by the server";
    out << "<p class=\"hint\">Hover over any byte for its field, what it means and the RFC section that defines it."
        << (keyless() ? " No keys: nothing was computed and no record was opened. The protected records are shown as ciphertext, "
                        "the bytes an eavesdropper sees; what such an observer learns is summed up after each connection."
            : shows_secrets() ? " Secrets are shown: this page is for teaching."
                              : "")
        << "</p>\n<div class=\"legend\"><span class=\"client-label\">client</span><span>" << middle
        << "</span><span class=\"server-label\">server</span></div>\n"
        << "<main class=\"timeline\">\n" << cards_ << "</main>\n";
    if (not_drawn_ != 0) {
        out << "<div class=\"outcome bad\">The page stopped growing at " << (max_page_bytes >> 20) << " MiB: " << not_drawn_
            << " later events are not drawn.</div>\n";
    }
    out << outcome_ << "<footer><small>glasstls — " << records_ << " records";
    if (sealed_ != 0) out << ", " << sealed_ << " of them encrypted with no key to open them (shown as ciphertext)";
    out << "</small></footer>\n</body></html>\n";
}

} // namespace glasstls
