"""The widgets in the built static book, in Chromium, with no kernel: keyboard use, answers equal
to the Python model, warning messages, the print form, and no request to any other host."""
import json
import re

import pytest

from widgets import assess
from widgets.causes import load_catalogue
from widgets.posture import DEFAULT_HOURS, habit_message, load_text

CAT = load_catalogue()


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


def test_ticking_a_cause_gives_the_models_plan(page, site_url):
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    stress = next(c for c in CAT.causes if c.id == "stress")
    p.get_by_label(stress.label).focus()
    p.keyboard.press("Space")  # keyboard, not a mouse click
    plan = p.inner_text(".cc-result .cc-plan")
    expected = assess(["stress"])
    def count(n, one, many):
        return f"{n} {one if n == 1 else many}"
    assert p.inner_text(".cc-result [role=status]") == (
        f"Plan updated: {count(len(expected.factors), 'possible cause', 'possible causes')}, "
        f"{count(len(expected.actions), 'thing to try', 'things to try')}.")
    assert expected.factors[0].name in plan
    for action in expected.actions:
        assert f"{action.name}: {action.advice}" in plan
    assert "Good evidence" in plan or "Some evidence" in plan
    assert p.inner_text(".cc-result [role=alert]") == ""
    assert_clean(page)


def test_urgent_and_emergency_signs_show_distinct_messages(page, site_url):
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    urgent = next(s for s in CAT.warning_signs if s.level == "urgent")
    emergency = next(s for s in CAT.warning_signs if s.level == "emergency")
    p.get_by_label(urgent.label).check()
    alert = p.locator(".cc-result [role=alert]")
    assert CAT.messages["urgent"] in alert.inner_text()
    assert alert.locator(".cc-alert-urgent").count() == 1
    p.get_by_label(emergency.label).check()
    text = alert.inner_text()
    assert CAT.messages["emergency"] in text and CAT.messages["urgent"] not in text
    assert alert.locator(".cc-alert-emergency").count() == 1
    assert assess([urgent.id, emergency.id]).alert == "emergency"
    # the alert sits above the plan
    assert p.evaluate("""() => {
        const a = document.querySelector('.cc-result [role=alert]');
        const l = document.querySelector('.cc-result .cc-plan');
        return !!(a.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert_clean(page)


def test_print_my_plan_prints_only_the_plan(page, site_url):
    p = open_widget(page, site_url, "cause-checklist", ".cc-root input[type=checkbox]")
    p.get_by_label(next(c.label for c in CAT.causes if c.id == "poor-posture")).check()
    p.evaluate("window.print = () => { window.__printed = document.body.className; }")
    p.get_by_role("button", name="Print my plan").click()
    assert "cc-printing" in p.evaluate("window.__printed")
    p.emulate_media(media="print")
    assert p.locator(".cc-result h3").is_visible()
    assert not p.locator("h1").first.is_visible()
    assert not p.locator(".cc-group").first.is_visible()
    assert not p.get_by_role("button", name="Print my plan").is_visible()
    assert_clean(page)


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


@pytest.mark.parametrize("page_name, ticks", [
    ("causes-neck", []),
    ("cause-checklist", ["stress", "fever"]),  # plan with the urgent alert
    ("cause-checklist", ["stress", "fever", "bladder-bowel"]),  # the emergency alert
])
def test_widgets_pass_axe_in_their_busiest_state(page, site_url, page_name, ticks):
    """WCAG 2.1 A/AA rules (contrast, labels, roles) on the widget itself, with results and
    each kind of alert box showing."""
    from axe_playwright_python.sync_playwright import Axe

    p = open_widget(page, site_url, page_name, ".cw-root input")
    labels = {i.id: i.label for i in (*CAT.causes, *CAT.warning_signs) if i.label}
    for tick in ticks:
        p.get_by_label(labels[tick]).check()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
    logged = len(page.console_errors)
    result = Axe().run(p, context={"include": [[".cw-root"]]}, options=options)
    del page.console_errors[logged:]  # axe's own stylesheet fetches, not the page's
    violations = [(v["id"], [n["target"] for n in v["nodes"][:3]])
                  for v in result.response["violations"]]
    assert violations == []
