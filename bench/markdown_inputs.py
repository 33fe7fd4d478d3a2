#!/usr/bin/env python
"""Benchmark: forum Markdown rendering (parser + sanitiser) on adversarial bodies at the length limit.

    .venv/bin/python bench/markdown_inputs.py          # also run by `make bench`

Each input is MAX_BODY_LENGTH characters (20,000) of a pattern known to make Markdown parsers super-linear
(issue 14: with Python-Markdown 20,000 ``[`` took 79 s). Target: every input renders in under 50 ms. Prints a table
and writes it into bench/results.md between the ``markdown-bench`` markers (the page benchmark keeps that section).
With ``--strict`` it exits 1 when an input misses the target.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenperubahan.settings")

from forums.rendering import MAX_BODY_LENGTH, render_markdown  # noqa: E402

TARGET_MS = 50.0
START, END = "<!-- markdown-bench:start -->", "<!-- markdown-bench:end -->"


def cases(n: int = MAX_BODY_LENGTH) -> list[tuple[str, str]]:
    """The adversarial bodies, each ``n`` characters long (about: some patterns end on a whole unit)."""

    def _fill(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    half = n // 2
    return [
        ("`[` only", _fill("[")),
        ("`[a](` repeated", _fill("[a](")),
        ("`<a ` repeated", _fill("<a ")),
        ("`![` repeated", _fill("![")),
        ("`[` then `]`, nested", "[" * half + "]" * half),
        ("`[a]` then `(` unclosed", _fill("[a](b ")),
        ("`*a ` (emphasis openers)", _fill("*a ")),
        ("`*_` alternating delimiters", _fill("*_")),
        ("`**a` then `a**`, nested", "**a" * (n // 6) + "a**" * (n // 6)),
        ("backticks only", _fill("`")),
        ("`` `a `` unmatched code spans", _fill("`a")),
        ("backtick runs of growing length", "".join("`" * i + "a" for i in range(1, 200))[:n]),
        ("long list of links", _fill("[tautan](https://contoh.go.id/a)\n")),
        ("reference definitions and uses", _fill("[a]: /u\n[a] ")),
        ("`<` repeated", _fill("<")),
        ("`<!--` unclosed comments", _fill("<!--")),
        ("`&#` entities", _fill("&#")),
        ("backslashes", _fill("\\")),
        ("`> ` nested quotes", _fill("> ")),
        ("`- ` nested lists", _fill("- ")),
        ("`- - - a` lists three deep", _fill("- - - a\n")),
        ("`> - ` quotes and lists", _fill("> - ")),
        ("raw `<ol><li>` nested", _fill("<ol><li>")),
        ("raw `<div>` nested", _fill("<div>")),
        ("raw `<b>` then `</i>` misnested", _fill("<b></i>")),
        ("raw `<p><b title=n></p>x` reopened", "".join(f"<p><b title={i}></p>x" for i in range(n))[:n]),
        ("indented nested lists", "".join(" " * (2 * i) + "- a\n" for i in range(140))[:n]),
        ("wide table", "|" + "a|" * (n // 6) + "\n|" + "-|" * (n // 6) + "\n" + "|" + "b|" * (n // 12)),
        ("table rows", "|a|b|\n|-|-|\n" + _fill("|x|y|\n")[: n - 12]),
        ("`@` mentions", _fill("@agen.x ")),
        ("`@` without names", _fill("@")),
        ("`@a` back to back", _fill("@a")),
        ("`@` names ending in 147 dots", _fill("@a" + "." * 147 + " ")),
        ("`@` names of 150 characters", _fill("@" + "a" * 150 + "@")),
        ("`@` mentions in code spans", _fill("`@a` ")),
        ("`_` intraword", _fill("a_")),
        ("fenced code openers", _fill("```\n")),
        ("ordinary text", _fill("Kami mulai memindai surat masuk **sejak Senin**. ")),
    ]


def measure(text: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        render_markdown(text)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    import django

    django.setup()
    from importlib.metadata import version

    halves = dict(cases(MAX_BODY_LENGTH // 2))
    rows = [(name, len(text), measure(halves[name]), measure(text)) for name, text in cases()]
    missed = [name for name, _, _half, ms in rows if ms >= TARGET_MS]
    lines = [START, "## Forum Markdown rendering (bench/markdown_inputs.py)", "",
             f"Measured {time.strftime('%Y-%m-%d')} on this machine (2 cores, shared), Python "
             f"{platform.python_version()}, cmarkgfm {version('cmarkgfm')}, nh3 {version('nh3')}: "
             "`forums.rendering.render_markdown` (parse + nesting cap + sanitise + @mention spans), best of 5. "
             f"Target: each under {TARGET_MS:.0f} ms. \"half\" is the same pattern at half the length: "
             "a ratio near 2 means the work grows linearly (quadratic work would give 4; at these sizes fixed costs "
             "make small ratios noisy).", "",
             "Before: Python-Markdown 3.7 took 79 s for 20,000 `[`, 7.7 s for `[a](` × 4,999 and 4.8 s for "
             "`<a ` × 6,666 (quadratic). markdown-it-py 4.3 (CommonMark, linear, pure Python) brought the worst "
             "input to 627 ms (`![` repeated) but 17 of 28 inputs still missed the target (55–630 ms: 10–25 µs of "
             "Python per delimiter character). The parser is now cmark-gfm, GitHub's C implementation of "
             "CommonMark + GFM, through cmarkgfm (the bindings PyPI's readme_renderer uses, maintained with "
             "cmark-gfm's releases): linear by design (its delimiter and bracket stacks are bounded, tested against "
             "pathological inputs upstream), with the GFM table extension, hard line breaks and raw HTML, which nh3 "
             "sanitises afterwards. markdown-it-pyrs (Rust) was the alternative: younger, a 0.x release, and its "
             "output follows markdown-it rather than the CommonMark reference implementation.", "",
             "| input | characters | ms (half) | ms | ratio | under target |", "|---|---|---|---|---|---|"]
    lines += [f"| {name} | {size:,} | {half:.1f} | {ms:.1f} | {ms / max(half, 0.01):.1f} | "
              f"{'ok' if ms < TARGET_MS else '**MISSED**'} |" for name, size, half, ms in rows]
    lines += ["", "Missed: " + ("; ".join(missed) if missed else "none") + ".",
              "", "The @mention spans are added in one pass over the text of the sanitised HTML, outside code: the "
              "mention pattern looks at most 150 characters past an `@` and a name cannot contain `@`, so "
              "`@` or `@a` repeated, or names ending in dots, stay linear (rows `@` above).",
              "", "Nesting: cmark does not cap it (markdown-it capped it at 20 levels), and nh3's HTML parser "
              "(html5ever) checks the stack of open elements at every tag, so 10,000 nested quotes (`> ` repeated) "
              "took 312 ms in nh3 and raw `<ol><li>` × 2,500 62 ms. `forums.rendering._cap_nesting` turns start tags "
              "deeper than 48 levels into text in one pass before nh3 (a conservative model of the open elements, "
              "formatting elements the parser reopens included; rows `nested`/`raw` above). "
              "tests/forums/test_markdown_linear.py guards both properties without timings.", END]
    section = "\n".join(lines)
    print(section)
    results = ROOT / "bench" / "results.md"
    current = results.read_text() if results.exists() else "# Benchmark results\n"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        current = before + section + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(current)
    return 1 if missed and "--strict" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
