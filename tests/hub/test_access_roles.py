"""Each route of the authorization table lets in only the roles it names."""

from __future__ import annotations

from hub.services.access import ROUTES, Access
from hub.store.tables import ROLES
from tests.hub.conftest import Web, post
from tests.hub.test_authorization import FORM

#: One logged-in account per role (tests/hub/conftest.py ACCOUNTS).
ACCOUNT_OF = {
    "handlaggare": "anna",
    "dataskyddsombud": "dora",
    "it_admin": "ivar",
    "enhetschef": "elin",
}


def _url(path: str, note_pk: int) -> str:
    filled = path.replace("{note_pk}", str(note_pk)).replace("{claim_id}", "1")
    return filled.replace("{device_id}", "rum-1")


def test_every_role_outside_a_rule_is_refused(web: Web) -> None:
    """On every role-bound route each role the table does not name gets 403."""
    note_pk = web.deliver("n-roles")
    clients = {role: web.client(ACCOUNT_OF[role]) for role in ROLES}
    wrong = []
    for rule in (r for r in ROUTES if r.roles):
        url = _url(rule.path, note_pk)
        for role in set(ROLES) - set(rule.roles):
            client = clients[role]
            response = client.get(url) if rule.method == "GET" else post(client, url, FORM)
            if response.status_code != 403:
                wrong.append(f"{role} {rule.method} {url}: {response.status_code}")
    assert wrong == []


def test_the_named_role_reaches_its_pages(web: Web) -> None:
    """Each page of one role opens (200) for an account of that role."""
    pages = [r for r in ROUTES if r.access is Access.ROLE and r.method == "GET"]
    opened = {r.path: web.client(ACCOUNT_OF[r.roles[0]]).get(r.path).status_code for r in pages}
    assert opened == dict.fromkeys(opened, 200)
    assert opened


def test_every_rule_names_known_roles() -> None:
    """A rule names only roles an account can hold, and public routes name none."""
    assert {role for r in ROUTES for role in r.roles} <= set(ROLES)
    assert all(not r.roles for r in ROUTES if r.access in (Access.PUBLIC, Access.EXPORT_LINK))
