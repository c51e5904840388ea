"""The screenshots of the user documentation, taken from a served demo database.

    python tools/kam_screenshots.py --url http://127.0.0.1:PORT --db DB --out DIR

`tools/kam screenshots` runs it against a throwaway database it serves for the
purpose. It starts a headless Chromium, drives it over the DevTools protocol,
logs in as the Key Accounts manager of the demo data (admin), and for each
language (en_US, then zh_CN, set as the user's language) opens each screen of the
documentation as a user reaches it, waits until it shows its data and the page is
idle, and saves it as DIR/<lang>/<NN>_<name>.png (lang folder `en` or `zh_CN`).
The account plan's PDF is printed by Odoo and its first page converted with
pdftoppm. Records are found by the demo data's XML ids, never by database ids.

What an older demo database lacks (the plan approved, the customer evaluation
done with its improvement plan, last year's assessment) is done first, through
the models' public methods as a user would, and the languages are loaded as
Settings > Languages does. Exits non-zero, naming the screen, when a screen does
not show within the timeout; a blank page, or one not in its language, is never
saved. The page a failed screen left is kept in the temporary folder.

    --only 02,07   these screens only        --langs zh_CN   this language only
    --out DIR      elsewhere than the addon's static/description/screenshots
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from io import BytesIO

import requests
import websocket
from PIL import Image

WIDTH, HEIGHT = 1440, 900
# The user's language and the folder of its images.
LANGS = {"en_US": "en", "zh_CN": "zh_CN"}
CJK = re.compile("[\u4e00-\u9fff]")
M = "kam_management."


def say(message):
    print(f"[screenshots] {message}", file=sys.stderr, flush=True)


class ScreenError(Exception):
    """A screen did not show as expected."""


class OdooError(Exception):
    """Odoo refused a call, or the database lacks a record of the demo data."""


# ---------------------------------------------------------------- Odoo over JSON-RPC
class Odoo:
    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.db, self.user, self.password = db, login, password
        self._refs = {}
        self.login()

    def login(self):
        """A new session: its context (the language) is the user's as of now."""
        self.session = requests.Session()
        result = self._post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.user, "password": self.password},
        )
        if not result or not result.get("uid"):
            raise OdooError(f"cannot log in to {self.db} as {self.user}")
        self.uid = result["uid"]
        self.session_id = self.session.cookies["session_id"]

    def _post(self, path, params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise OdooError(f"{path}: {data.get('message') or body['error']}")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def ref(self, xmlid):
        """The database id of a record of the demo data, by its XML id."""
        if xmlid not in self._refs:
            module, name = xmlid.split(".")
            found = self.call(
                "ir.model.data",
                "search_read",
                [("module", "=", module), ("name", "=", name)],
                fields=["res_id"],
            )
            if not found:
                raise OdooError(f"no record {xmlid} in the database: no demo data?")
            self._refs[xmlid] = found[0]["res_id"]
        return self._refs[xmlid]

    def search_one(self, model, domain, order=None, what=None):
        ids = self.call(model, "search", domain, order=order, limit=1)
        if not ids:
            raise OdooError(f"not found in the database: {what or (model, domain)}")
        return ids[0]

    def read_one(self, model, record_id, fields):
        return self.call(model, "read", [record_id], fields)[0]

    def pdf(self, report, record_id):
        response = self.session.get(
            f"{self.url}/report/pdf/{report}/{record_id}", timeout=300
        )
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            raise ScreenError(
                f"the report {report} did not print (HTTP {response.status_code})"
            )
        return response.content


# ---------------------------------------------------------------- Chromium over CDP
class Browser:
    """One headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, binary, timeout):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="kam-screenshots-")
        args = [
            binary,
            "--headless=new",
            "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}",
            f"--window-size={WIDTH},{HEIGHT}",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--lang=en-US",
            "about:blank",
        ]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        # Kept after the run, for a look when the browser failed.
        self.log_path = os.path.join(
            tempfile.gettempdir(), "kam-screenshots-chromium.log"
        )
        self.ws = None
        self.next_id = 0
        self.inflight = {}
        self.last_network = time.monotonic()
        self.loaded = False
        self.loader = None
        self.errors = []
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=log)
        try:
            self._connect()
        except BaseException:
            self.close()
            raise

    def _connect(self):
        port = self._devtools_port()
        targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], suppress_origin=True, timeout=30
        )
        for domain in ("Page", "Network", "Runtime"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _devtools_port(self):
        path = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(
                    f"chromium exited ({self.proc.returncode}); see {self.log_path}"
                )
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    first = f.readline().strip()
                if first.isdigit():
                    return int(first)
            time.sleep(0.1)
        raise SystemExit(
            f"chromium did not open its DevTools port; see {self.log_path}"
        )

    def close(self):
        if self.ws:
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        # Its helper processes may write there a moment longer.
        for _attempt in range(10):
            shutil.rmtree(self.profile, ignore_errors=True)
            if not os.path.exists(self.profile):
                break
            time.sleep(0.3)

    # -- the protocol
    def _receive(self, timeout):
        self.ws.settimeout(timeout)
        try:
            return json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        except websocket.WebSocketException as error:
            raise ScreenError(
                f"chromium closed its connection ({error}); see {self.log_path}"
            ) from error

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            # The current document's requests only: not a worker's (the bus), not
            # the last ones of the page before (a save on leaving it).
            url = params["request"]["url"]
            if params.get("loaderId") == self.loader and not url.startswith("data:"):
                self.inflight[params["requestId"]] = url
                self.last_network = time.monotonic()
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            if self.inflight.pop(params["requestId"], None):
                self.last_network = time.monotonic()
        elif method == "Page.loadEventFired":
            self.loaded = True
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = (details.get("exception") or {}).get("description") or details.get(
                "text"
            )
            self.errors.append(text)

    def send(self, method, **params):
        self.next_id += 1
        request_id = self.next_id
        self.ws.send(json.dumps({"id": request_id, "method": method, "params": params}))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            message = self._receive(deadline - time.monotonic())
            if message is None:
                break
            if message.get("id") == request_id:
                if "error" in message:
                    raise ScreenError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._event(message)
        raise ScreenError(f"chromium did not answer {method}")

    def pump(self, seconds):
        """Handle the browser's events for a while."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            message = self._receive(left)
            if message is not None:
                self._event(message)

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise ScreenError(
                (details.get("exception") or {}).get("description") or details["text"]
            )
        return result["result"].get("value")

    # -- pages
    def set_cookie(self, url, name, value):
        self.send("Network.setCookie", url=url, name=name, value=value, httpOnly=True)

    def navigate(self, url):
        self.loaded = False
        self.errors = []
        self.inflight.clear()
        self.loader = self.send("Page.navigate", url=url).get("loaderId")
        deadline = time.monotonic() + self.timeout
        while not self.loaded and time.monotonic() < deadline:
            self.pump(0.1)
        if not self.loaded:
            raise ScreenError(f"{url} did not load within {self.timeout} s")

    @staticmethod
    def _find(selector, text):
        """A JS expression: the first visible element of the selector holding the
        text (SVG elements have no innerText)."""
        return (
            f"[...document.querySelectorAll({json.dumps(selector)})].find((el) =>"
            " el.getClientRects().length > 0 && (el.innerText ?? el.textContent)"
            f".includes({json.dumps(text or '')}))"
        )

    def visible(self, selector, text=None):
        return self.evaluate(f"!!{self._find(selector, text)}")

    def wait_for(self, selector, text=None):
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.visible(selector, text):
                return
            self.pump(0.2)
        shown = f" holding '{text}'" if text else ""
        errors = (
            f"; page errors: {' | '.join(self.errors)[:800]}" if self.errors else ""
        )
        raise ScreenError(
            f"'{selector}'{shown} did not appear within {self.timeout} s{errors}"
        )

    def wait_idle(self, settle=0.6):
        """No request under way for half a second, no loading indicator, the fonts
        loaded; then a short settle for the last renderings."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            quiet = not self.inflight and time.monotonic() - self.last_network > 0.5
            if quiet and self.evaluate(
                """!document.querySelector('.o_loading_indicator, .o_blockUI')
                && document.fonts.status === 'loaded'"""
            ):
                self.pump(settle)
                if not self.inflight:
                    return
        raise ScreenError(
            f"the page did not settle within {self.timeout} s; still loading: "
            f"{', '.join(list(self.inflight.values())[:5]) or 'the loading indicator'}"
        )

    def click(self, selector, text=None):
        self.wait_for(selector, text)
        self.evaluate(f"{self._find(selector, text)}.click()")

    def scroll_to(self, selector):
        self.evaluate(
            f"document.querySelector({json.dumps(selector)})"
            ".scrollIntoView({block: 'start'})"
        )

    def screenshot(self):
        result = self.send("Page.captureScreenshot", format="png")
        return base64.b64decode(result["data"])


# ---------------------------------------------------------------- the screens
@dataclass
class Screen:
    number: str
    name: str
    show: object  # show(ctx) opens the screen; returns PNG bytes or None (the page)

    @property
    def file(self):
        return f"{self.number}_{self.name}.png"


class Context:
    def __init__(self, odoo, browser, lang):
        self.odoo, self.browser, self.lang = odoo, browser, lang

    def open(self, path, selector, text=None):
        self.browser.navigate(self.odoo.url + path)
        self.browser.wait_for(selector, text)

    def action(self, xmlid, record_id=None):
        """The web client's URL of an action (and a record in it)."""
        return f"/odoo/action-{xmlid}" + (f"/{record_id}" if record_id else "")

    def tab(self, name, rows_of=None):
        """Open a form's notebook page and bring it to the top of the view; with
        `rows_of`, wait until that list of the page shows its rows."""
        link = f".o_form_view .o_notebook .nav-link[name='{name}']"
        self.browser.click(link)
        self.browser.wait_for(f"{link}.active")
        self.browser.scroll_to(".o_form_view .o_notebook")
        if rows_of:
            self.browser.wait_for(
                f".tab-pane.active .o_field_widget[name='{rows_of}'] .o_data_row"
            )

    def record(self, action, record, selector):
        """Open `record` (an id, or the addon's demo XML id) in the addon's window
        action `action`, once `selector` shows."""
        if isinstance(record, str):
            record = self.odoo.ref(M + record)
        self.open(self.action(M + action, record), selector)

    def smart_button(self, name):
        """Click a form's smart button, from "More" where Odoo folds it."""
        button = f"button[name='{name}']"
        if not self.browser.visible(f".o-form-buttonbox {button}"):
            self.browser.click(".o-form-buttonbox .o_button_more")
        self.browser.click(button)


def key_account_team(ctx):
    # A new customer with its iron triangle complete: the Team tab shows both the
    # iron triangle and the coverage team, each member with role and dates.
    ctx.record(
        "kam_account_action",
        "kam_account_harbour_demo",
        ".o_form_view .o_field_widget[name='partner_id']",
    )
    ctx.tab("team", rows_of="member_ids")
    ctx.browser.wait_for(".tab-pane.active .o_field_widget[name='triangle_complete']")


def relationship_map(ctx):
    ctx.record("kam_account_action", "kam_account_nordhafen_demo", ".o_form_view")
    ctx.smart_button("action_kam_relationship_map")
    ctx.browser.wait_for(".o_kam_relationship_map .o_kam_customer_box")
    ctx.browser.wait_for(".o_kam_relationship_map .o_kam_node.o_kam_group_competitor")
    ctx.browser.wait_for(".o_kam_relationship_map path.o_kam_influence")


PHONE = {"width": 390, "height": 844}


def phone_map(ctx):
    # The account manager between two visits: the same map on a phone, in Odoo's
    # phone layout (the web client picks it from the window's width at load).
    ctx.browser.send(
        "Emulation.setDeviceMetricsOverride", deviceScaleFactor=2, mobile=True, **PHONE
    )
    ctx.browser.send("Emulation.setTouchEmulationEnabled", enabled=True)
    ctx.record("kam_account_action", "kam_account_nordhafen_demo", ".o_form_view")
    ctx.smart_button("action_kam_relationship_map")
    ctx.browser.wait_for(".o_kam_relationship_map .o_kam_node")
    ctx.browser.scroll_to(".o_kam_relationship_map .o_kam_map_svg")


def after_phone(ctx):
    ctx.browser.send("Emulation.setTouchEmulationEnabled", enabled=False)
    ctx.browser.send("Emulation.clearDeviceMetricsOverride")


def decision_chain(ctx):
    ctx.record(
        "crm_lead_action_key_accounts",
        "kam_crm_lead_nordhafen_demo",
        ".o_form_view .o_notebook",
    )
    ctx.tab("kam_decision_chain", rows_of="kam_decision_member_ids")


def quadrant(ctx):
    ctx.open(
        ctx.action(M + "res_partner_action_quadrant"),
        ".o_kam_quadrant .o_kam_quadrant_svg",
    )
    ctx.browser.wait_for(".o_kam_quadrant .o_kam_point.o_kam_class_A")


def account_plan(ctx):
    ctx.record(
        "kam_account_plan_action",
        "kam_account_plan_nordhafen_demo",
        ".o_form_view .o_field_widget[name='industry_analysis'] p",
    )
    ctx.browser.wait_for(".o_form_view .o_statusbar_status .o_arrow_button_current")


def account_plan_pdf(ctx):
    # Odoo's PDF, first page. Its text is drawn as shapes (no text to check): the
    # same report is checked in the browser first, in the user's language.
    report = M + "report_kam_account_plan"
    plan = ctx.odoo.ref(M + "kam_account_plan_nordhafen_demo")
    account = ctx.odoo.read_one("kam.account.plan", plan, ["account_id"])["account_id"]
    ctx.open(f"/report/html/{report}/{plan}", ".page h3", account[1])
    ctx.browser.wait_idle()
    if ctx.lang != "en_US" and not CJK.search(
        ctx.browser.evaluate("document.body.innerText")
    ):
        raise ScreenError(f"the report is not in {ctx.lang}")
    pdf = ctx.odoo.pdf(report, plan)
    with tempfile.TemporaryDirectory(prefix="kam-screenshots-") as tmp:
        path = os.path.join(tmp, "plan.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        try:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
                + [path, os.path.join(tmp, "page")],
                check=True,
                capture_output=True,
            )
        except (OSError, subprocess.CalledProcessError) as error:
            raise ScreenError(f"pdftoppm failed: {error}") from error
        with open(os.path.join(tmp, "page.png"), "rb") as f:
            return f.read()


def evaluation(ctx):
    # Nordhafen's customer evaluation, done: the figures of its quarter.
    ctx.record(
        "kam_evaluation_action",
        _nordhafen_customer_evaluation(ctx.odoo),
        ".o_form_view .o_kam_evaluation_figures table",
    )
    ctx.browser.wait_for(".o_form_view .o_notebook .nav-link[name='figures'].active")


def evaluation_improvement_plan(ctx):
    # The same evaluation's improvement plan: each item an activity of its owner.
    evaluation(ctx)
    ctx.tab("improvement_plan", rows_of="item_ids")


def account_health(ctx):
    ctx.open(
        ctx.action(M + "kam_account_action_health"),
        ".o_kanban_view .o_kanban_group .o_kanban_record [name='health_color'] .badge",
    )


def fast_lane_quotation(ctx):
    # From the key account's Fast Lane button to its fast-lane quotation.
    order = ctx.odoo.read_one(
        "sale.order",
        ctx.odoo.ref(M + "kam_sale_order_fast_lane_jackson_draft_demo"),
        ["name"],
    )
    ctx.record(
        "kam_account_action",
        "kam_account_jackson_demo",
        ".o_form_view .o-form-buttonbox",
    )
    ctx.smart_button("action_kam_fast_lane_orders")
    ctx.browser.click(".o_list_view .o_data_row .o_data_cell", order["name"])
    ctx.browser.wait_for(".o_sale_order [name='kam_fast_lane_badge']")
    ctx.browser.wait_for(".o_sale_order .o_field_widget[name='order_line'] .o_data_row")


def stage_gate_refusal(ctx):
    # A big deal whose decision chain does not meet Proposition's gates, moved into
    # Proposition from its status bar: the refusal, saying what is missing. The move
    # is then discarded.
    lead = ctx.odoo.ref(M + "kam_crm_lead_nordhafen_rollout_demo")
    proposition = ctx.odoo.ref("crm.stage_lead3")
    stage = ctx.odoo.read_one("crm.lead", lead, ["stage_id"])["stage_id"]
    if stage and stage[0] == proposition:
        raise ScreenError(
            "the rollout deal is in Proposition already: nothing to refuse"
        )
    ctx.record("crm_lead_action_key_accounts", lead, ".o_form_view .o_statusbar_status")
    statusbar = ".o_form_view .o_statusbar_status"
    ctx.browser.click(f"{statusbar} button.o_arrow_button[data-value='{proposition}']")
    ctx.browser.wait_for(".modal .o_error_dialog")


def after_stage_gate_refusal(ctx):
    # Closed (not "Pass with a Reason", which a manager is offered), then the
    # refused move discarded.
    ctx.browser.click(".modal .modal-header .btn-close")
    ctx.browser.wait_for("body:not(:has(.modal))")
    if ctx.browser.visible(".o_form_view .o_form_button_cancel"):
        ctx.browser.click(".o_form_view .o_form_button_cancel")
    ctx.browser.wait_for(".o_form_view .o_form_saved")


def yearly_assessment(ctx):
    year = int(time.strftime("%Y")) - 1
    assessment = ctx.odoo.search_one(
        "kam.assessment",
        [
            ("account_id", "=", ctx.odoo.ref(M + "kam_account_sunvale_demo")),
            ("year", "=", year),
        ],
        what=f"the yearly assessment {year} of Sunvale",
    )
    ctx.record(
        "kam_assessment_action",
        assessment,
        ".o_form_view .o_field_widget[name='revenue']",
    )
    ctx.browser.wait_for(".o_form_view .o_field_widget[name='comment']")


SCREENS = [
    Screen("01", "key_account_team", key_account_team),
    Screen("02", "relationship_map", relationship_map),
    Screen("03", "decision_chain", decision_chain),
    Screen("04", "abcd_quadrant", quadrant),
    Screen("05", "account_plan", account_plan),
    Screen("06", "account_plan_pdf", account_plan_pdf),
    Screen("07", "evaluation", evaluation),
    Screen("07", "evaluation_improvement_plan", evaluation_improvement_plan),
    Screen("08", "account_health", account_health),
    Screen("09", "fast_lane_quotation", fast_lane_quotation),
    Screen("10", "stage_gate_refusal", stage_gate_refusal),
    Screen("11", "yearly_assessment", yearly_assessment),
    Screen("12", "phone_map", phone_map),
]
# What a screen leaves to undo before the next one, by its file.
AFTER = {
    "10_stage_gate_refusal.png": after_stage_gate_refusal,
    "12_phone_map.png": after_phone,
}


# ---------------------------------------------------------------- data the screens need
def _nordhafen_customer_evaluation(odoo):
    return odoo.search_one(
        "kam.evaluation",
        [
            ("account_id", "=", odoo.ref(M + "kam_account_nordhafen_demo")),
            ("kind", "=", "customer"),
            ("state", "!=", "cancelled"),
        ],
        order="period_start desc",
        what="a customer evaluation of Nordhafen",
    )


# The scheduled actions whose figures the screens show (classes and contribution,
# health), run once as an administrator would with "Run Manually".
SCHEDULED = ("ir_cron_kam_classify", "ir_cron_kam_health")


def prepare(odoo):
    """What the demo data does at install, for a database whose demo data was
    loaded before it did: each step checks first, so a second run does nothing.
    Then the scheduled work the screens show, done as the scheduler would."""
    for cron in SCHEDULED:
        odoo.call("ir.cron", "method_direct_trigger", [odoo.ref(M + cron)])
    plan = odoo.ref(M + "kam_account_plan_nordhafen_demo")
    if odoo.read_one("kam.account.plan", plan, ["state"])["state"] == "draft":
        say("approving Nordhafen's account plan")
        odoo.call("kam.account.plan", "action_kam_approve", [plan])

    evaluation_id = _nordhafen_customer_evaluation(odoo)
    record = odoo.read_one("kam.evaluation", evaluation_id, ["state", "item_ids"])
    if record["state"] == "todo" and not record["item_ids"]:
        say("doing Nordhafen's customer evaluation: findings and improvement plan")
        odoo.call(
            "kam.evaluation",
            "write",
            [evaluation_id],
            {
                "findings": "<p>Nordhafen still qualifies clearly: the automation "
                "programme is funded and the Altona hub goes first. The COO has not "
                "seen a running hub of ours, and finance has no business case yet."
                "</p>",
                "item_ids": [
                    (
                        0,
                        0,
                        {"name": name, "user_id": odoo.ref(user), "date_deadline": day},
                    )
                    for name, user, day in (
                        (
                            "Take the COO to a running automated hub",
                            "base.user_demo",
                            _in_days(21),
                        ),
                        (
                            "Build the Altona business case with the CFO's team",
                            "base.user_admin",
                            _in_days(42),
                        ),
                    )
                ],
            },
        )
        odoo.call("kam.evaluation", "action_kam_done", [evaluation_id])

    year = int(time.strftime("%Y")) - 1
    if not odoo.call("kam.assessment", "search_count", [("year", "=", year)]):
        say(f"assessing the year {year}")
        wizard = odoo.call("kam.assessment.generate", "create", {"year": year})
        odoo.call("kam.assessment.generate", "action_generate", [wizard])
        sunvale = odoo.search_one(
            "kam.assessment",
            [
                ("account_id", "=", odoo.ref(M + "kam_account_sunvale_demo")),
                ("year", "=", year),
            ],
        )
        odoo.call(
            "kam.assessment",
            "write",
            [sunvale],
            {
                "final_result": "qualified",
                "comment": "The pilot was won and delivered; the rest of the order "
                "moved into this year's framework tender at the customer's request.",
            },
        )


def _in_days(days):
    return time.strftime("%Y-%m-%d", time.localtime(time.time() + days * 86400))


def load_language(odoo, lang):
    """The language's terms of every installed module, as Settings > Languages >
    Add loads them (what is translated already is kept), then checked on a term
    of the addon and one of CRM's records. `odoo-bin --load-language` alone
    leaves out the records of the models outside base (CRM's stages, say): it
    loads the terms before the modules' models are set up."""
    if lang == "en_US":
        return
    lang_ids = odoo.call(
        "res.lang", "search", [("code", "=", lang)], context={"active_test": False}
    )
    if not lang_ids:
        raise OdooError(f"Odoo knows no language {lang}")
    wizard = odoo.call(
        "base.language.install", "create", {"lang_ids": [(6, 0, lang_ids)]}
    )
    odoo.call("base.language.install", "lang_install", [wizard])
    for model, xmlid in (
        ("ir.ui.menu", M + "kam_menu_root"),
        ("crm.stage", "crm.stage_lead3"),
    ):
        name = odoo.call(
            model, "read", [odoo.ref(xmlid)], ["name"], context={"lang": lang}
        )[0]["name"]
        if not CJK.search(name):
            raise OdooError(f"{xmlid} is not translated in {lang}: {name}")


# ---------------------------------------------------------------- the run
def is_blank(png):
    """A page of one colour, or nearly: nothing rendered."""
    image = Image.open(BytesIO(png)).convert("L")
    low, high = image.getextrema()
    colours = image.getcolors(maxcolors=64)
    return high - low < 16 or (colours is not None and len(colours) < 4)


def take(ctx, screen, path):
    png = screen.show(ctx)
    if png is None:
        browser = ctx.browser
        browser.wait_idle()
        text = browser.evaluate("document.body.innerText")
        if len(text.strip()) < 40:
            raise ScreenError("the page is empty")
        if ctx.lang != "en_US" and not CJK.search(text):
            raise ScreenError(f"the page shows no {ctx.lang} text")
        png = browser.screenshot()
    if is_blank(png):
        raise ScreenError("the screenshot is blank")
    with open(path, "wb") as f:
        f.write(png)
    return len(png)


def undo(ctx, screen):
    """What the screen leaves behind (a dialog, a phone's window), undone after it
    failed too: the next screen must not be taken in its state."""
    after = AFTER.get(screen.file)
    if after:
        try:
            after(ctx)
        except (ScreenError, OdooError) as error:
            say(f"could not undo {screen.file}: {error}")


def keep_failure(browser, path):
    """The page as the failed screen left it, in the temporary folder, for a look."""
    lang = os.path.basename(os.path.dirname(path))
    failure = os.path.join(
        tempfile.gettempdir(), f"kam-screenshots-failed-{lang}-{os.path.basename(path)}"
    )
    try:
        with open(failure, "wb") as f:
            f.write(browser.screenshot())
    except (ScreenError, OSError, websocket.WebSocketException) as error:
        return f"none ({error})"
    return failure


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", required=True, help="the served Odoo, e.g. http://127.0.0.1:8069"
    )
    parser.add_argument("--db", required=True)
    parser.add_argument(
        "--out",
        default=os.path.join(
            os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            "kam_management/static/description/screenshots",
        ),
    )
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--langs", default=",".join(LANGS), help="en_US,zh_CN")
    parser.add_argument("--only", default="", help="screen numbers, e.g. 01,06")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--timeout", type=float, default=30.0)
    return parser.parse_args()


def shoot(odoo, browser, langs, screens, out):
    """Every screen in every language; returns the failures and the bytes saved."""
    failed, total = [], 0
    for lang in langs:
        # The user's language, then a new login: the reports follow the session's
        # language, the web client the user's.
        odoo.call("res.users", "write", [odoo.uid], {"lang": lang})
        odoo.login()
        browser.send("Network.clearBrowserCookies")
        browser.set_cookie(odoo.url, "session_id", odoo.session_id)
        folder = os.path.join(out, LANGS[lang])
        os.makedirs(folder, exist_ok=True)
        ctx = Context(odoo, browser, lang)
        for screen in screens:
            path = os.path.join(folder, screen.file)
            name = f"{LANGS[lang]}/{screen.file}"
            started = time.monotonic()
            try:
                size = take(ctx, screen, path)
            except (ScreenError, OdooError) as error:
                failure = f"{name}: {error}; the page as it was: "
                failure += keep_failure(browser, path)
                failed.append(failure)
                say(f"FAILED {failure}")
                continue
            finally:
                undo(ctx, screen)
            total += size
            say(f"{name}  {size // 1024} KiB ({time.monotonic() - started:.1f} s)")
    return failed, total


def main():
    # Stopped by tools/kam (SIGTERM): the browser is closed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args()
    langs = [lang for lang in args.langs.split(",") if lang]
    unknown = set(langs) - set(LANGS)
    if unknown:
        raise SystemExit(f"unknown language(s): {', '.join(sorted(unknown))}")
    only = {n for n in args.only.split(",") if n}
    screens = [s for s in SCREENS if not only or s.number in only]
    try:
        odoo = Odoo(args.url, args.db, args.login, args.password)
        prepare(odoo)
        for lang in langs:
            load_language(odoo, lang)
        lang_before = odoo.read_one("res.users", odoo.uid, ["lang"])["lang"]
        browser = Browser(args.chromium, args.timeout)
        try:
            failed, total = shoot(odoo, browser, langs, screens, args.out)
        finally:
            browser.close()
            odoo.call("res.users", "write", [odoo.uid], {"lang": lang_before})
    except OdooError as error:
        raise SystemExit(f"[screenshots] {error}") from error
    if failed:
        say(f"{len(failed)} screen(s) failed:\n  " + "\n  ".join(failed))
        sys.exit(1)
    count = len(screens) * len(langs)
    say(f"{count} screenshots in {args.out}, {total / 1048576:.1f} MiB")


if __name__ == "__main__":
    main()
