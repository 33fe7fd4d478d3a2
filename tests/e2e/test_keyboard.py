"""Keyboard only, in Chromium: the nomination form and the evaluation answering form can be used without a mouse.

Every step is a key press (Tab, Shift+Tab, Enter, Space, arrows) or typing; no clicks and no ``fill``. The one
exception is the file chooser, which headless Chromium cannot open from the keyboard: the test checks that the file
input is reached by Tab and then hands it a file with ``set_input_files``.

At every focus stop the test checks what a keyboard user needs (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7, 2.4.11, 4.1.2,
3.3.1): the focused element shows a focus ring (Bootstrap's outline or box-shadow has not been removed, and it stands
out from what is behind it), it is on screen and not hidden under something else (the sticky answer bar), and a form
control has an accessible name. Walking the whole page with Tab comes back to the start (no keyboard trap), and
Shift+Tab walks the same stops backwards.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agents.models import Nomination
from organization.models import User

from .conftest import screenshot
from .test_agents_journey import open_period
from .test_evaluations_journey import prepare_open_cycle

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SKIP_LINK = "Lompat ke konten utama"
# A focus ring must stand out from what is behind it. Bootstrap's own light ring on white reaches about 1.4:1 (with
# the border that turns blue beside it); the same ring on the dark navbar was 1.2:1, which nobody can see.
MIN_RING_CONTRAST = 1.3

# What the focused element is, and what a sighted keyboard user sees of its focus. For Bootstrap's button-style
# radios (.btn-check) the input itself is clipped to nothing and the ring is drawn on its label, so the label is
# the element that must show focus.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) { return {tag: "BODY", key: "body"}; }
  if (!el.dataset.kb) { window.__kb = (window.__kb || 0) + 1; el.dataset.kb = String(window.__kb); }
  const shown = el.classList.contains("btn-check") && el.labels && el.labels.length ? el.labels[0] : el;
  const cs = getComputedStyle(shown);
  const rgba = (c) => {
    const m = /rgba?\\(([^)]*)\\)/.exec(c || "");
    if (!m) { return null; }
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  let backdrop = [255, 255, 255, 1];
  for (let n = shown.parentElement; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c && c[3] > 0) { backdrop = c; break; }
  }
  const contrast = (ring) => {
    const a = ring[3];
    const mixed = [0, 1, 2].map((i) => a * ring[i] + (1 - a) * backdrop[i]);
    const l1 = lum(mixed), l2 = lum(backdrop);
    return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  };
  const rings = [];
  if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) {
    const c = rgba(cs.outlineColor);
    // "auto" is Chromium's own focus ring, drawn in two tones so that it shows on any background.
    const auto = cs.outlineStyle === "auto";
    rings.push({kind: "outline " + cs.outlineStyle, contrast: auto ? 21 : (c && c[3] > 0 ? contrast(c) : 1)});
  }
  if (cs.boxShadow && cs.boxShadow !== "none") {
    for (const part of cs.boxShadow.split(/,(?![^(]*\\))/)) {
      const c = rgba(part);
      const sizes = part.replace(/rgba?\\([^)]*\\)/, "").trim().split(/\\s+/).map(parseFloat);
      if (c && c[3] > 0 && !part.includes("inset") && (sizes[2] > 0 || sizes[3] > 0)) {
        rings.push({kind: "box-shadow", contrast: contrast(c)});
      }
    }
  }
  const r = shown.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const onScreen = r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  const hit = document.elementFromPoint(x, y);
  return {
    tag: el.tagName, key: el.dataset.kb, id: el.id, name: el.getAttribute("name"), type: el.getAttribute("type"),
    testid: el.dataset.testid || null, nip: el.dataset.nip || null, href: el.getAttribute("href"),
    text: (el.innerText || el.value || "").trim().slice(0, 60), checked: !!el.checked, value: el.value,
    inMain: !!el.closest("main"), isMain: el.tagName === "MAIN", control: el.matches("a[href], button, input, select, textarea"),
    rings: rings, onScreen: onScreen, covered: !!hit && !shown.contains(hit) && hit !== shown,
    coveredBy: hit ? (hit.className || hit.tagName) : null, top: Math.round(r.top), bottom: Math.round(r.bottom),
  };
}"""


def focused(page) -> dict:
    info = page.evaluate(FOCUS_JS)
    if info["tag"] == "BODY":  # nothing focused: at the top, or round the end of the page
        info.update(id="", name=None, type=None, testid=None, nip=None, href=None, text="", checked=False, value=None,
                    inMain=False, isMain=False, control=False)
    return info


def check_focus(page, info: dict) -> None:
    """The focused element shows its focus, is on screen and uncovered, and (a control) has an accessible name."""
    if info["tag"] == "BODY" or info["isMain"]:
        return  # the wrap-around point, and the skip link's target (not a control)
    where = f"{info['tag']}#{info['id'] or ''} {info['text']!r}"
    assert info["rings"], f"no focus ring on {where}"
    best = max(ring["contrast"] for ring in info["rings"])
    assert best >= MIN_RING_CONTRAST, f"focus ring on {where} hardly shows: {info['rings']}"
    assert info["onScreen"], f"{where} has focus but is off screen"
    assert not info["covered"], (
        f"{where} (from {info['top']} to {info['bottom']}px) has focus but is hidden under {info['coveredBy']}")
    if info["control"]:
        expect(page.locator(":focus"), f"{where} has no accessible name").to_have_accessible_name(
            re.compile(r"\S"), timeout=2000)
    if info["type"] == "radio":
        group = page.locator(":focus").locator("xpath=ancestor::fieldset[1]")
        expect(group).to_have_role("radiogroup", timeout=2000)
        expect(group).to_have_accessible_name(re.compile(r"\S"), timeout=2000)
        expect(group.locator("legend")).to_have_count(1)


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    info = focused(page)
    check_focus(page, info)
    return info


def tab_until(page, wanted, *, key: str = "Tab", limit: int = 80) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies ``wanted``, checking every stop on the way."""
    previous = focused(page)["key"]
    for _ in range(limit):
        info = press(page, key)
        assert info["key"] != previous or info["tag"] == "BODY", f"{key} left focus on {info}: a keyboard trap"
        if wanted(info):
            return info
        previous = info["key"]
    raise AssertionError(f"{limit} presses of {key} never reached the element")


def full_cycle(page, key: str) -> list[dict]:
    """Every focus stop from the top of the page until focus comes back round to the top (proves there is no trap)."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(150):
        info = press(page, key)
        if info["tag"] == "BODY" or (stops and info["key"] == stops[0]["key"]):
            if stops:
                return stops  # round the end of the page (through the browser, or straight) back to the start
            continue
        assert not stops or info["key"] != stops[-1]["key"], f"{key} left focus on {info}: a keyboard trap"
        assert info["key"] not in {s["key"] for s in stops}, f"{key} came back to {info} before reaching the end"
        stops.append(info)
    raise AssertionError(f"150 presses of {key} never came back round to the top of the page")


def assert_no_trap_and_same_order_backwards(page) -> list[dict]:
    forwards = full_cycle(page, "Tab")
    backwards = full_cycle(page, "Shift+Tab")
    assert [s["key"] for s in backwards] == [s["key"] for s in reversed(forwards)]
    return forwards


def keyboard_page(new_page, username, *, phone: bool = False):
    page = new_page(username)
    # Bootstrap animates its rings in over .15s; without motion the computed style is the final one at once.
    page.emulate_media(reduced_motion="reduce")
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
    return page


def described_by_text(page, selector: str) -> str:
    return page.evaluate("""(sel) => {
      const ids = (document.querySelector(sel).getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
      return ids.map((id) => { const n = document.getElementById(id); return n ? n.innerText : ""; }).join(" | ");
    }""", selector)


# --- 1. The nomination form -------------------------------------------------------------------------------------

def test_an_operator_nominates_a_candidate_with_the_keyboard_only(live, new_page, tmp_path):
    open_period()
    candidate = User.objects.select_related("employee").get(username="pegawai.diskominfo").employee
    page = keyboard_page(new_page, "operator.diskominfo")
    page.goto(f"{live.url}{reverse('agents:nomination_create')}")

    # The whole page, in a sensible order, from the skip link; no trap either way.
    stops = assert_no_trap_and_same_order_backwards(page)
    assert stops[0]["text"] == SKIP_LINK
    in_main = [s["id"] or s["text"] for s in stops if s["inMain"]]
    assert in_main == ["candidate-search", "id_period", "id_candidate", "id_justification", "id_evidence",
                       "Simpan draf", "Batal"]

    # Submitting the empty form: focus lands on the first invalid field, which says what is wrong.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_until(page, lambda f: f["text"] == "Simpan draf")
    page.keyboard.press("Enter")
    expect(page.locator("#id_candidate")).to_be_focused()
    check_focus(page, focused(page))
    for field in ("#id_candidate", "#id_justification"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
        assert "Bidang ini harus diisi" in described_by_text(page, field)

    # Search for the candidate: Arrow Down reaches the htmx results and Arrow Up comes back; Tab reaches them too.
    tab_until(page, lambda f: f["id"] == "candidate-search", key="Shift+Tab")
    page.keyboard.type(candidate.name.split()[0])
    expect(page.locator(".js-pick-candidate").first).to_be_visible()
    assert press(page, "ArrowDown")["nip"] is not None
    assert press(page, "ArrowUp")["id"] == "candidate-search"
    pick = tab_until(page, lambda f: f["nip"] == candidate.nip)
    assert candidate.name in pick["text"]
    screenshot(page, "keyboard-01-candidate-results")
    page.keyboard.press("Enter")
    # The list is gone with the choice: focus is back in the search box, the NIP is filled, the rules are shown.
    expect(page.locator("#candidate-search")).to_be_focused()
    check_focus(page, focused(page))
    expect(page.locator("#id_candidate")).to_have_value(candidate.nip)
    expect(page.locator("[data-testid=eligibility-rules] li").first).to_be_visible()

    # On through the form: period, NIP (already filled), the justification typed, the evidence input.
    assert press(page, "Tab")["id"] == "id_period"
    assert press(page, "Tab")["id"] == "id_candidate"
    assert press(page, "Tab")["id"] == "id_justification"
    justification = "Teladan disiplin; memprakarsai layanan aduan daring yang kini dipakai seluruh bidang."
    page.keyboard.type(justification)
    assert press(page, "Tab")["id"] == "id_evidence"
    evidence = tmp_path / "surat-usulan.pdf"
    evidence.write_bytes(PDF)
    page.locator("#id_evidence").set_input_files(str(evidence))  # a file chooser cannot be driven by keys
    assert press(page, "Tab")["text"] == "Simpan draf"
    screenshot(page, "keyboard-02-nomination-form")
    page.keyboard.press("Space")

    page.wait_for_url(re.compile(r"/agents/nominasi/\d+/$"))
    nomination = Nomination.objects.get(candidate=candidate)
    assert nomination.status == Nomination.Status.DRAFT
    assert nomination.justification == justification
    assert nomination.evidence.count() == 1
    expect(page.get_by_role("alert").filter(has_text="Draf nominasi")).to_be_visible()


# --- 2. The evaluation answering form ---------------------------------------------------------------------------

def pegawai_assignment(cycle):
    """pegawai.diskominfo rates agen.diskominfo as a peer (prepared by the evaluations journey)."""
    from evaluations.models import Assignment

    return Assignment.objects.get(cycle=cycle, rater__user__username="pegawai.diskominfo",
                                  subject__user__username="agen.diskominfo")


def wanted_score(number: int) -> int:
    return number % 5 + 1  # 2, 3, 4, 5, 1, 2, ...: every value of the scale is chosen somewhere


def test_a_rater_answers_every_item_with_the_keyboard_only(live, new_page):
    from evaluations import selectors
    from evaluations.models import Response

    cycle = prepare_open_cycle()
    assignment = pegawai_assignment(cycle)
    items = [item.pk for item in selectors.items_for(assignment)]
    page = keyboard_page(new_page, "pegawai.diskominfo")
    page.goto(f"{live.url}{reverse('evaluations:answer', args=[assignment.pk])}")

    # One stop per item (a radio group is one Tab stop), in order, and no trap.
    stops = assert_no_trap_and_same_order_backwards(page)
    radios = [s for s in stops if s["type"] == "radio"]
    assert len(radios) == len(items) == 21
    assert all(not s["checked"] for s in radios)  # Tab only moves; it chooses nothing

    # Sending with nothing chosen: focus goes to the error summary, whose link leads to the first missing item.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_until(page, lambda f: f["testid"] == "submit-answers")
    page.keyboard.press("Enter")
    expect(page.locator("#answer-errors")).to_be_focused()
    expect(page.locator("#answer-errors")).to_have_role("alert")
    assert "21 butir belum dijawab" in page.locator("#answer-errors").inner_text()
    link = press(page, "Tab")
    assert "Ke butir 1" in link["text"]
    page.keyboard.press("Enter")
    first = focused(page)
    check_focus(page, first)
    assert first["type"] == "radio" and first["name"] == f"item_{items[0]}"
    group = page.locator(f"#item-{items[0]} fieldset")
    expect(group).to_have_attribute("aria-invalid", "true")
    assert "Butir 1 belum dijawab" in described_by_text(page, f"#item-{items[0]} fieldset")

    # Every item: Space chooses the first value, the arrows move along the scale (and choose as they go).
    for number, item_id in enumerate(items, start=1):
        score = wanted_score(number)
        info = focused(page) if number == 1 else press(page, "Tab")
        assert info["name"] == f"item_{item_id}" and info["value"] == "1", f"item {number}: focus is on {info}"
        info = press(page, "Space")
        for _ in range(score - 1):
            info = press(page, "ArrowRight")
        assert info["checked"] and info["value"] == str(score), f"item {number}: {info}"
    expect(page.locator("#answered-count")).to_have_text("21")
    expect(page.locator(".item-error")).to_have_count(0)
    expect(page.locator("fieldset[aria-invalid]")).to_have_count(0)

    # The comment, then "Simpan draf" with Enter.
    assert press(page, "Tab")["id"] == "comment"
    page.keyboard.type("Selalu sabar menjelaskan aturan baru.")
    assert press(page, "Tab")["text"] == "Simpan draf"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Draf disimpan")).to_be_visible()
    response = Response.objects.get(assignment=assignment)
    assert response.submitted_at is None
    assert dict(response.answers.values_list("item_id", "score")) == {
        item_id: wanted_score(n) for n, item_id in enumerate(items, start=1)}
    assert response.comment == "Selalu sabar menjelaskan aturan baru."

    # Back on the saved draft, Tab lands on each item's chosen value; then "Kirim penilaian" with Space.
    seen = []
    info = tab_until(page, lambda f: f["type"] == "radio")
    while info["type"] == "radio":
        seen.append((info["checked"], info["value"]))
        info = press(page, "Tab")
    assert seen == [(True, str(wanted_score(n))) for n in range(1, 22)]
    tab_until(page, lambda f: f["testid"] == "submit-answers")
    screenshot(page, "keyboard-03-answer-form")
    from evaluations.models import SubmittedAnswer

    before = SubmittedAnswer.objects.filter(cycle=cycle).count()
    page.keyboard.press("Space")
    page.wait_for_url(f"{live.url}{reverse('evaluations:index')}")
    response.refresh_from_db()
    assert response.submitted_at is not None
    # Submitted answers are stored apart from the rater (evaluations.disclosure): the draft rows are gone and the
    # 21 answers sit in the anonymous table of this cycle.
    assert response.answers.count() == 0
    assert SubmittedAnswer.objects.filter(cycle=cycle).count() == before + 21


def test_on_a_phone_tab_reaches_the_submit_button_and_nothing_hides_under_the_sticky_bar(live, new_page):
    cycle = prepare_open_cycle()
    assignment = pegawai_assignment(cycle)
    page = keyboard_page(new_page, "pegawai.diskominfo", phone=True)
    page.goto(f"{live.url}{reverse('evaluations:answer', args=[assignment.pk])}")

    # Each stop on the way (every item, the comment) is checked to be on screen and not under the sticky bar.
    info = tab_until(page, lambda f: f["testid"] == "submit-answers")
    assert info["onScreen"] and not info["covered"]
    screenshot(page, "keyboard-04-answer-phone")
    page.keyboard.press("Enter")
    expect(page.locator("#answer-errors")).to_be_focused()


# --- 3. The skip link -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("username,page_name,first_in_main", [
    ("operator.diskominfo", "nomination-form", "candidate-search"),
    ("pegawai.diskominfo", "answer-form", "Penilaian saya"),
    ("tim.rb", "home", None),
], ids=["nomination-form", "answer-form", "home"])
def test_the_first_tab_reaches_the_skip_link_and_enter_moves_focus_into_main(live, new_page, username, page_name,
                                                                           first_in_main):
    # (The sign-in page is left out: its user name field has autofocus, so the first Tab rightly goes past it.)
    open_period()
    path = {"nomination-form": reverse("agents:nomination_create"), "home": "/"}.get(page_name)
    if page_name == "answer-form":
        path = reverse("evaluations:answer", args=[pegawai_assignment(prepare_open_cycle()).pk])
    page = keyboard_page(new_page, username)
    page.goto(live.url + path)
    link = press(page, "Tab")
    assert link["text"] == SKIP_LINK and link["href"] == "#main"
    box = page.locator(":focus").bounding_box()
    assert box["width"] > 50 and box["height"] > 10  # visible once focused (visually hidden before)
    page.keyboard.press("Enter")
    assert focused(page)["isMain"]
    after = press(page, "Tab")
    assert after["inMain"], f"the Tab after the skip link went to {after}"
    if first_in_main:
        assert first_in_main in (after["id"], after["text"])
    # Before it is focused, the skip link takes no room on screen.
    page.goto(live.url + path)
    assert page.locator(".js-skip-link").bounding_box()["height"] <= 1
