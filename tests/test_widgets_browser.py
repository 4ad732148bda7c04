"""The widgets in the built static book, in Chromium, with no kernel: keyboard use, answers equal
to the Python model, warning messages, the print form, and no request to any other host."""
import json
import re
import subprocess

import pytest

from bench.site import REPO
from widgets import assess
from widgets.causes import SIGN_LEVELS, load_catalogue
from widgets.posture import DEFAULT_HOURS, habit_message, load_text

from test_causes_model import ONE_SIGN_PER_LEVEL  # one sign per level, levels from the sources

CAT = load_catalogue()
LEVELS = {lvl.id: lvl for lvl in SIGN_LEVELS}
LEVEL_ORDER = ("emergency", "urgent", "see-a-doctor")  # most serious first, as issue 19 asks


def open_widget(rp, site_url, page_name, selector):
    rp.page.goto(f"{site_url}/book/{page_name}.html")
    rp.page.wait_for_selector(selector, timeout=15000)
    return rp.page


def assert_clean(rp):
    assert rp.external_requests == []
    assert rp.console_errors == []


def test_posture_slider_with_the_keyboard(page, site_url):
    p = open_widget(page, site_url, "causes-neck", ".ps-root input[type=range]")
    angle_slider = p.get_by_label("How far your head bends forward")
    angle_slider.focus()
    for keys, angle in [(["Home"], 0), (["ArrowRight"] * 15, 15), (["End"] + ["ArrowLeft"] * 8, 52)]:
        for key in keys:
            p.keyboard.press(key)
        assert angle_slider.input_value() == str(angle)
        assert p.inner_text(".ps-load") == load_text(angle)
        assert p.inner_text(".ps-message") == habit_message(angle, DEFAULT_HOURS)
        assert angle_slider.get_attribute("aria-valuetext") == f"{angle} degrees"
    hours_slider = p.get_by_label("Hours a day you spend like this")
    hours_slider.focus()
    p.keyboard.press("End")
    assert p.inner_text(".ps-message") == habit_message(52, 12)
    assert p.locator(".ps-root [aria-live=polite] .ps-load").count() == 1
    assert "not a measured risk" in p.inner_text(".ps-root")
    assert_clean(page)


def label_of(item_id):
    return next(i.label for i in (*CAT.causes, *CAT.warning_signs) if i.id == item_id)


def action_line(action):
    """How the plan shows a treatment: the name, its own label, then the advice."""
    tag = action.level_label or "ask a professional"
    return f"{action.name} ({tag}): {action.advice}"


def test_ticking_a_cause_gives_the_models_plan(page, site_url):
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    p.get_by_label(label_of("stress")).focus()
    p.keyboard.press("Space")  # keyboard, not a mouse click
    plan = p.inner_text(".cc-result .cc-plan")
    expected = assess(["stress"])
    def count(n, one, many):
        return f"{n} {one if n == 1 else many}"
    assert p.inner_text(".cc-result [role=status]") == (
        f"Plan updated: {count(len(expected.factors), 'possible cause', 'possible causes')}, "
        f"{count(len(expected.actions), 'thing to try', 'things to try')}.")
    cause = expected.factors[0]
    assert f"{cause.name} ({cause.level_label}): {cause.factor}" in plan
    for action in expected.actions:
        assert action_line(action) in plan
    assert expected.follow_up in plan
    assert p.inner_text(".cc-result [role=alert]") == ""
    assert "Nothing is sent anywhere" in p.inner_text(".cc-privacy")  # the static book
    assert_clean(page)


def test_the_browsers_lookups_give_the_python_model(page, site_url):
    """plan() in cause_checklist.js only combines the table Python sends (it holds no rule);
    here its answer equals widgets.causes.assess for every single tick and a spread of
    combinations (each level alone and together, referrals, not-advised actions)."""
    from widgets.causes import front_end_catalogue

    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    ids = list(CAT.checklist_ids)
    cases = [[i] for i in ids] + [ids[k::7] for k in range(7)] + [
        ["fever", "meningitis-signs"], ["stress", "fever", "age-onset"],
        ["electrolytes", "poor-diet", "statins"], ids]
    src = (REPO / "widgets/static/cause_checklist.js").read_text(encoding="utf-8")
    got = p.evaluate("""async ([src, data, cases]) => {
        const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
        const { plan } = await import(url);
        return cases.map((ids) => { const r = plan(data, ids); return [
          r.signGroups.map((g) => [g.level, g.title, g.message, g.signs.map((s) => s.id)]),
          r.factors.map((c) => c.id), r.actions.map((a) => a.id), r.avoid.map((a) => a.id),
          r.followUp]; });
    }""", [src, json.loads(json.dumps(front_end_catalogue())), cases])
    assert len(got) == len(cases), f"the browser planned {len(got)} of {len(cases)} cases"
    for ids, js in zip(cases, got):
        r = assess(ids)
        assert js == [[[g.level, g.title, g.message, [s.id for s in g.signs]]
                       for g in r.sign_groups], [c.id for c in r.factors],
                      [a.id for a in r.actions], [a.id for a in r.avoid], r.follow_up], ids


def plan_panels(p):
    """The alert panels at the top of the plan, in page order: (heading, message, signs)."""
    return p.evaluate("""() => [...document.querySelectorAll('.cc-result [role=alert] .cc-alert')]
        .map((panel) => [panel.querySelector('h4.cc-alert-title').innerText.trim(),
                         panel.querySelector('p').innerText.trim(),
                         [...panel.querySelectorAll('li')].map((li) => li.innerText.trim()),
                         panel.className])""")


def test_each_ticked_sign_is_under_its_own_heading_on_screen(page, site_url):
    """Issue 19: one sign of each level (levels from their sources, see test_causes_model), each
    under its own level's heading, most serious first; before, every sign sat under the top one."""
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    for sign in ("not-easing", "fever", "saddle-numbness"):  # least serious first
        p.get_by_label(label_of(sign)).check()
    expected = sorted(ONE_SIGN_PER_LEVEL, key=lambda s: LEVEL_ORDER.index(ONE_SIGN_PER_LEVEL[s]))
    assert plan_panels(p) == [
        [LEVELS[ONE_SIGN_PER_LEVEL[s]].title, LEVELS[ONE_SIGN_PER_LEVEL[s]].message,
         [label_of(s)], f"cc-alert cc-alert-{ONE_SIGN_PER_LEVEL[s]}"] for s in expected]
    assert_clean(page)


def test_urgent_and_emergency_signs_show_distinct_messages(page, site_url):
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    urgent = next(s for s in CAT.warning_signs if s.level == "urgent")
    emergency = next(s for s in CAT.warning_signs if s.level == "emergency")
    p.get_by_label(urgent.label).check()
    alert = p.locator(".cc-result [role=alert]")
    assert LEVELS["urgent"].title in alert.inner_text()
    assert alert.locator(".cc-alert-urgent").count() == 1
    p.get_by_label(emergency.label).check()
    # the urgent sign stays under its own heading, below the emergency panel
    assert [panel[0] for panel in plan_panels(p)] == [LEVELS["emergency"].title,
                                                     LEVELS["urgent"].title]
    assert alert.locator(".cc-alert-emergency").count() == 1
    assert alert.locator(".cc-alert-urgent").count() == 1
    # each ticked group also shows its own alert, beside the box, outside the live region
    for level in ("urgent", "emergency"):
        beside = p.locator(f".cc-warning-{level} .cc-group-alert .cc-alert-{level}")
        assert beside.count() == 1 and beside.locator("xpath=ancestor-or-self::*[@role='alert' or @role='status' or @aria-live]").count() == 0
    assert p.locator("[role=alert]").count() == 1  # one live region: announced once
    # the alert sits above the plan
    assert p.evaluate("""() => {
        const a = document.querySelector('.cc-result [role=alert]');
        const l = document.querySelector('.cc-result .cc-plan');
        return !!(a.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert_clean(page)


@pytest.mark.parametrize("level", ["emergency", "urgent"])
def test_an_emergency_or_urgent_plan_never_says_wait_a_few_weeks(page, site_url, level):
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    p.get_by_label(label_of("poor-posture")).check()
    follow_up = CAT.messages["follow_up"]
    assert follow_up in p.inner_text(".cc-plan")
    for sign in CAT.signs(level):
        p.get_by_label(sign.label).check()
        assert "few weeks" not in p.inner_text(".cc-result")
        p.get_by_label(sign.label).uncheck()
    assert follow_up in p.inner_text(".cc-plan")
    assert_clean(page)


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_the_emergency_alert_is_in_view_after_ticking(make_page, site_url, width, height):
    rp = make_page(viewport={"width": width, "height": height})
    p = open_widget(rp, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    for sign in (CAT.signs("emergency")[0], CAT.signs("emergency")[-1]):
        box = p.get_by_label(sign.label)
        box.focus()
        p.keyboard.press("Space")
        alert = p.locator(".cc-warning-emergency .cc-alert-emergency")
        assert alert.is_visible()
        top, bottom = p.evaluate("""() => { const r = document.querySelector(
            '.cc-warning-emergency .cc-alert-emergency').getBoundingClientRect();
            return [r.top, r.bottom]; }""")
        # 1 px for sub-pixel layout: scrollIntoView(nearest) can leave the edge at 900.17.
        assert -1 <= top and bottom <= height + 1, (sign.id, top, bottom)
        assert p.evaluate("document.activeElement.value") == sign.id  # focus stays put
        p.keyboard.press("Space")
    assert_clean(rp)


def test_keys_on_the_checklist_do_not_reach_page_shortcuts(page, site_url):
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    p.evaluate("window.__keys = 0; document.addEventListener('keydown', () => window.__keys++)")
    box = p.get_by_label(label_of("stress"))
    box.focus()
    for key in ("Space", "ArrowDown", "a", "Enter"):
        p.keyboard.press(key)
    assert p.evaluate("window.__keys") == 0 and box.is_checked()
    assert_clean(page)


def test_privacy_text_says_the_kernel_sees_ticks_in_a_notebook(page, site_url):
    """Inside a notebook output area (as in JupyterLab) the widget says the kernel sees the
    ticks; the static book says nothing leaves the device (checked above)."""
    def edit(html):
        script = view_script(html)
        return html.replace(script, f'<div class="jp-OutputArea">{script}</div>', 1)

    p = open_edited(page, site_url, "cause-checklist", edit)
    p.wait_for_selector(".cc-privacy:not(:empty)", timeout=15000)
    text = p.inner_text(".cc-privacy")
    assert "kernel" in text and "Nothing is sent anywhere" not in text
    assert_clean(page)


def print_plan(make_page, site_url, ticks, pdf):
    """Tick ids, press Print my plan, and print the frame's document to pdf as Chromium prints
    it (A4 from the page's own @page rule). Returns the printable page, emulating print."""
    rp = make_page(viewport={"width": 1280, "height": 900})
    rp.context.add_init_script(
        "window.print = () => { window.top.__printed = (window.top.__printed || 0) + 1; };")
    p = open_widget(rp, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    for tick in ticks:
        p.get_by_label(label_of(tick)).check()
    p.get_by_role("button", name="Print my plan").click()
    assert p.evaluate("window.__printed") == 1
    html = p.evaluate("document.querySelector('iframe.cc-print-frame')"
                      ".contentDocument.documentElement.outerHTML")
    view = rp.context.new_page()
    view.set_content(html)
    view.emulate_media(media="print")
    view.pdf(path=str(pdf), prefer_css_page_size=True)
    assert_clean(rp)
    return view


def pdf_pages(pdf):
    """The text of each page, whitespace collapsed (pdftotext marks page ends with a form feed)."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]


def smallest_text_pt(pdf):
    """The height of the smallest word box on any page, in points. Poppler's box is the font's
    ascent to descent, a little more than the font size (about 1.16 em for DejaVu Sans), so a
    word in 10 pt type measures at least 10."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    boxes = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out)
    assert boxes
    return min(float(y1) - float(y0) for y0, y1 in boxes)


def first_words(item_id):
    return " ".join(label_of(item_id).split()[:4])


def test_print_my_plan_files_each_sign_under_its_own_heading(make_page, site_url, tmp_path):
    ticks = ["poor-posture", "stress", "statins", *ONE_SIGN_PER_LEVEL]
    pdf = tmp_path / "plan.pdf"
    print_plan(make_page, site_url, ticks, pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:.*\(A4\)", info), info
    pages = pdf_pages(pdf)
    assert all(pages), "a blank page"
    text = " ".join(pages)
    assert "My back and neck plan" in text and "Made on" in text
    for tick in ticks:
        assert first_words(tick) in text, tick
    assert "Plan updated" not in text  # the screen-reader-only status line is not printed
    assert "Print my plan" not in text
    # The plan part: each level's heading, then its own sign, most serious first.
    mine = text[text.index("My plan"):text.index("Warning signs: get help")]
    order = sorted(ONE_SIGN_PER_LEVEL, key=lambda s: LEVEL_ORDER.index(ONE_SIGN_PER_LEVEL[s]))
    marks = [m for s in order for m in (LEVELS[ONE_SIGN_PER_LEVEL[s]].title, first_words(s))]
    at = [mine.find(m) for m in marks]
    assert -1 not in at and at == sorted(at), list(zip(marks, at))
    assert LEVELS["emergency"].title in text[text.index("Warning signs: get help"):]
    assert smallest_text_pt(pdf) >= 10


def test_a_long_printed_plan_keeps_10_pt_and_runs_onto_a_second_page(make_page, site_url,
                                                                      tmp_path):
    """Issue 20: 20 ticks printed at about 4 pt on one page. Now the text keeps its size and the
    plan continues on the next page, with no blank page."""
    ticks = list(CAT.checklist_ids[:14]) + [s.id for s in CAT.warning_signs][::6][:6]
    assert len(set(ticks)) == 20
    pdf = tmp_path / "plan.pdf"
    view = print_plan(make_page, site_url, ticks, pdf)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2 and all(pages), [len(t) for t in pages]
    assert smallest_text_pt(pdf) >= 10
    # and in the document itself: no text element set below 10 pt (13.33 CSS px), no zoom
    sizes = view.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .map((e) => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 10 * 96 / 72 - 0.01
    assert view.evaluate("getComputedStyle(document.body).zoom") == "1"


LOADER = "/_static/anywidget-loader.js"
LOADER_NAME = LOADER.rsplit("/", 1)[1]


@pytest.mark.parametrize("page_name", ["index", "self-care"])
def test_pages_without_widgets_do_not_load_the_widget_loader(page, site_url, page_name):
    requests = []
    page.page.on("request", lambda r: requests.append(r.url))
    page.page.goto(f"{site_url}/book/{page_name}.html")
    page.page.wait_for_load_state("load")
    assert requests and not [u for u in requests if LOADER_NAME in u]
    assert_clean(page)


def test_widget_pages_load_only_the_loader(page, site_url):
    """The widget front end is the loader plus the widgets' own modules (Blob URLs): no widget
    manager, no require.js, one loader request."""
    requests = []
    page.page.on("request", lambda r: requests.append(r.url))
    open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    scripts = [u.split("?")[0] for u in requests if u.split("?")[0].endswith(".js")]
    assert [u for u in scripts if LOADER_NAME in u] == [site_url + LOADER]
    assert not [u for u in scripts if "require" in u or "embed" in u or "/vendor/" in u]
    assert_clean(page)


def open_edited(rp, site_url, page_name, edit):
    """Open a built page after edit(html) -> html, to give the loader cases the book has not."""
    url = f"{site_url}/book/{page_name}.html"

    def handle(route):
        response = route.fetch()
        route.fulfill(response=response, body=edit(response.text()))

    rp.page.route(url, handle)  # page routes take precedence over the recording context route
    rp.page.goto(url)
    return rp.page


def view_script(html, model_id=None):
    """The first widget view script in html, or one naming model_id instead."""
    start = html.index('<script type="application/vnd.jupyter.widget-view+json">')
    script = html[start:html.index("</script>", start) + len("</script>")]
    if model_id is None:
        return script
    return re.sub(r'"model_id": "\w+"', f'"model_id": "{model_id}"', script)


def test_two_views_of_one_model_stay_in_step(page, site_url):
    p = open_edited(page, site_url, "causes-neck",
                    lambda html: html.replace(view_script(html), view_script(html) * 2, 1))
    p.wait_for_function("document.querySelectorAll('.ps-root').length === 2", timeout=15000)
    first, second = p.locator(".ps-root input[type=range]").nth(0), p.locator(".ps-load").nth(1)
    first.focus()
    p.keyboard.press("Home")
    assert second.inner_text() == load_text(0)
    ids = p.evaluate("[...document.querySelectorAll('.ps-root [id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids)) > 0
    assert_clean(page)


def test_a_widget_that_is_not_an_anywidget_shows_a_message(page, site_url):
    """The page's LayoutModel (an ipywidgets model) shown as a view: a plain message, no error."""
    def edit(html):
        state = json.loads(re.search(r'widget-state\+json">(.*?)</script>', html, re.S).group(1))
        layout = next(k for k, v in state["state"].items() if v["model_name"] == "LayoutModel")
        return html.replace(view_script(html), view_script(html) + view_script(html, layout), 1)

    p = open_edited(page, site_url, "causes-neck", edit)
    p.wait_for_selector(".cw-unsupported", timeout=15000)
    assert p.inner_text(".cw-unsupported") == ("This interactive part (LayoutModel) only works "
                                               "when the page is opened in Jupyter.")
    assert p.locator(".ps-root").count() == 1  # the real widget still renders
    assert_clean(page)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_name, ticks, scope", [
    ("causes-neck", [], ".cw-root"),
    ("cause-checklist", ["stress", "fever", "age-onset"], ".cw-root"),  # urgent + calm alerts
    ("cause-checklist", ["stress", "fever", "bladder-bowel"], ".cw-root"),  # the emergency alert
    ("when-to-get-help", [], "article"),  # the three warning-sign panels
])
def test_widgets_pass_axe_in_their_busiest_state(make_page, site_url, page_name, ticks, scope,
                                                 mode):
    """WCAG 2.1 A/AA rules (contrast, labels, roles) with results and each kind of alert box
    showing, in the light and the dark theme."""
    from axe_playwright_python.sync_playwright import Axe

    rp = make_page(viewport={"width": 1280, "height": 900})
    rp.context.add_init_script(f"localStorage.setItem('mode', '{mode}');"
                               f"localStorage.setItem('theme', '{mode}');")
    p = open_widget(rp, site_url, page_name, ".cw-root input" if ticks or scope == ".cw-root"
                    else "div.sign-panel")
    assert p.evaluate("document.documentElement.dataset.theme") == mode
    for tick in ticks:
        p.get_by_label(label_of(tick)).check()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
    logged = len(rp.console_errors)
    result = Axe().run(p, context={"include": [[scope]]}, options=options)
    del rp.console_errors[logged:]  # axe's own stylesheet fetches, not the page's
    violations = [(v["id"], [n["target"] for n in v["nodes"][:3]])
                  for v in result.response["violations"]]
    assert violations == []
