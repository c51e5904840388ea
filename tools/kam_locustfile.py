"""Locust scenario of `make load`: salespeople working in the Key Accounts app.

Each simulated user logs in as one of the users `tools/kam_load.py prepare` made, then,
with a salesperson's pauses, does what the web client does for them, through the same
JSON-RPC routes: My Accounts, an account's form, its relationship map, an opportunity's
decision chain, a portrait's measure, a nomination. Read-only calls (web_search_read,
web_read) are the ones Odoo sends to the replica.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, events, task

with open(os.environ["KAM_LOAD_FIXTURES"], encoding="utf-8") as _f:
    FIXTURES = json.load(_f)
_NEXT_USER = itertools.count()
# Every response time, so that the report can also give the figures without the logins
# (600,000 rounds of PBKDF2 each, by Odoo's design).
_TIMES = []


@events.request.add_listener
def _keep_time(name, response_time, exception, **_kwargs):
    _TIMES.append((name, response_time, exception is not None))


@events.quitting.add_listener
def _write_times(**_kwargs):
    with open(os.environ["KAM_LOAD_TIMES"], "w", encoding="utf-8") as out:
        json.dump(_TIMES, out)


ACCOUNT_LIST = {
    "name": {},
    "account_class": {},
    "state": {},
    "lifecycle_stage": {},
    "health_color": {},
    "user_id": {"fields": {"display_name": {}}},
}
NAMED = {"fields": {"display_name": {}}}
ACCOUNT_FORM = {
    "name": {},
    "partner_id": NAMED,
    "company_id": NAMED,
    "state": {},
    "account_class": {},
    "computed_class": {},
    "lifecycle_stage": {},
    "user_id": NAMED,
    "potential": {},
    "contribution": {},
    "currency_id": NAMED,
    "score_total": {},
    "health_score": {},
    "health_color": {},
    "strategy_id": NAMED,
    "triangle_complete": {},
    "triangle_gaps": {},
    "member_ids": {
        "fields": {
            "role_id": NAMED,
            "user_id": NAMED,
            "date_from": {},
            "date_to": {},
            "is_active": {},
        }
    },
    "key_person_ids": {
        "fields": {
            "partner_id": NAMED,
            "decision_role": {},
            "closeness": {},
            "solution_acceptance": {},
            "price_acceptance": {},
            "stance": {},
            "choice_score": {},
        }
    },
}
DECISION_CHAIN = {
    "name": {},
    "partner_id": NAMED,
    "kam_account_id": NAMED,
    "kam_decision_member_ids": {
        "fields": {
            "partner_id": NAMED,
            "role": {},
            "reports_to_id": NAMED,
            "stance": {},
            "choice_score": {},
            "path_text": {},
        }
    },
}


class Salesperson(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        users = FIXTURES["users"]
        self.me = users[next(_NEXT_USER) % len(users)]
        self.rpc_context = {
            "lang": "en_US",
            "uid": self.me["uid"],
            "allowed_company_ids": [self.me["company_id"]],
        }
        self._rpc(
            "/web/session/authenticate",
            {
                "db": FIXTURES["db"],
                "login": self.me["login"],
                "password": self.me["password"],
            },
            "login",
        )

    def _rpc(self, url, params, name):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        with self.client.post(url, json=payload, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return None
            body = r.json()
            if "error" in body:
                error = body["error"].get("data", {}).get("message") or body["error"]
                r.failure(str(error)[:200])
                return None
            return body.get("result")

    def call(self, model, method, args, name, **kwargs):
        kwargs.setdefault("context", self.rpc_context)
        return self._rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            name,
        )

    @task(5)
    def my_accounts(self):
        self.call(
            "kam.account",
            "web_search_read",
            [],
            "my accounts (web_search_read)",
            domain=[["team_user_ids", "in", self.me["uid"]]],
            specification=ACCOUNT_LIST,
            limit=80,
            count_limit=10001,
        )

    @task(5)
    def account_form(self):
        account = random.choice(self.me["accounts"])
        self.call(
            "kam.account",
            "web_read",
            [[account]],
            "account form (web_read)",
            specification=ACCOUNT_FORM,
        )

    @task(3)
    def relationship_map(self):
        account = random.choice(self.me["accounts"])
        self.call(
            "kam.network",
            "get_map_data",
            ["kam.account", account],
            "relationship map (get_map_data)",
        )

    @task(3)
    def decision_chain(self):
        if not self.me["leads"]:
            return
        self.call(
            "crm.lead",
            "web_read",
            [[random.choice(self.me["leads"])]],
            "decision chain (web_read crm.lead)",
            specification=DECISION_CHAIN,
        )

    @task(1)
    def write_portrait(self):
        if not self.me["persons"]:
            return
        self.call(
            "kam.key.person",
            "web_save",
            [
                [random.choice(self.me["persons"])],
                {"closeness": random.choice("12345")},
            ],
            "write portrait (web_save)",
            specification={"closeness": {}, "choice_score": {}, "stance": {}},
        )

    @task(1)
    def nominate(self):
        wizard = self.call(
            "kam.account.nominate",
            "web_save",
            [
                [],
                {
                    "partner_ids": [[6, 0, [random.choice(FIXTURES["nominees"])]]],
                    "reason": "Load test: a growing customer in our region.",
                },
            ],
            "nominate (wizard web_save)",
            specification={},
        )
        if wizard:
            self._rpc(
                "/web/dataset/call_button/kam.account.nominate/action_nominate",
                {
                    "model": "kam.account.nominate",
                    "method": "action_nominate",
                    "args": [[wizard[0]["id"]]],
                    "kwargs": {"context": self.rpc_context},
                },
                "nominate (action_nominate)",
            )
