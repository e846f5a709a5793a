"""The role × service matrix (issue 19): every public service function that checks a
permission, called as every role, is refused (PermissionDenied) or let through exactly as
the permission table in pr_desk/domain/roles.py says.

The functions are found in the services' source: each public function whose body calls
`require(actor, Permission.X)` is a row, with the permissions it names. A call runs until
its first permission check: `require` is wrapped so that a refusal is the real one and a
permission granted stops the call there (nothing is read or written), so each cell says
what the table says without building the data every service needs. A function whose first
check is not reached with plain arguments needs an entry in ARGUMENTS; one that checks a
permission the source does not name in its body (a dynamic one) an entry in DYNAMIC.

An inspector given events by an administrator (view, or plan) is a fifth and sixth column
for the functions that check an events permission: let through as the grant says, with the
grant read from the database.

Figures: 4 roles × 176 functions of the services below (2 of them, whose check depends
on the sync file, are tested in tests/services/sync): 696 cells, about 15 s on the loaded
2-core container."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pkgutil
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import pr_desk.services as services_package
import pr_desk.services.report_catalog  # noqa: F401  (first: it loads the workspaces' report modules in their order)
from pr_desk.domain.errors import PermissionDenied
from pr_desk.domain.roles import (
    GRANTABLE_PERMISSIONS,
    EventsGrant,
    Permission,
    Role,
    granted_permissions,
    role_allows,
)
from pr_desk.services import context

SERVICES = Path(services_package.__file__).resolve().parent

# The service packages and modules in the matrix. A new workspace's services are one line.
MODULE_PREFIXES = (
    "pr_desk.services.audit_log",
    "pr_desk.services.auth",
    "pr_desk.services.backups",
    "pr_desk.services.maintenance",
    "pr_desk.services.office_settings",
    "pr_desk.services.units",
    "pr_desk.services.users",
    "pr_desk.services.event_grants",
    "pr_desk.services.importing",
    "pr_desk.services.report_catalog",
    "pr_desk.services.setup",
    "pr_desk.services.demo",
    "pr_desk.services.meetings",
    "pr_desk.services.evaluation",
    "pr_desk.services.directives",
    "pr_desk.services.sync",
    "pr_desk.services.events",
)
# Services that check permissions but are not in the matrix yet, with why.
NOT_YET: dict[str, str] = {}

# Arguments for a function whose first check is not reached with plain ones:
# name -> callable(db) -> dict of keyword arguments (the actor is added).
ARGUMENTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    # approving is the supervisor's step (the other steps need MANAGE_EVENTS)
    "pr_desk.services.events.events.change_status": lambda _db: {"status": "approved"},
}
# Functions whose permission is chosen at run time: name -> the permissions it may check.
DYNAMIC: dict[str, set[Permission]] = {}
# Functions that let a role through when it has any one of several permissions (checked
# with actor.can before require): a role with none is refused, any other gets past the check.
ANY_OF: dict[str, set[Permission]] = {
    "pr_desk.services.directives.distribution.record_implementation": {Permission.MANAGE_DIRECTIVES, Permission.CHECK_EVIDENCE},
    "pr_desk.services.evaluation.templates.ensure_default_template": {Permission.MANAGE_EVALUATION_TEMPLATES,
                                                                      Permission.MANAGE_EVALUATION_PERIODS},
}
# Functions whose check depends on a file read first, with where their roles are tested.
ELSEWHERE: dict[str, str] = {
    "pr_desk.services.sync.exchange.preview_import": "the package says office or field copy first; tests/services/sync",
    "pr_desk.services.sync.exchange.apply_import": "the package says office or field copy first; tests/services/sync",
}


class _Granted(Exception):
    """The permission check passed: the call stops before it reads or writes anything."""


def _module_names() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(SERVICES)], prefix="pr_desk.services."):
        if info.ispkg:
            continue
        names.append(info.name)
    return sorted(names)


def _checks(module: ModuleType) -> dict[str, set[Permission]]:
    """Public top-level functions of `module` whose body calls require(..., Permission.X)."""
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    found: dict[str, set[Permission]] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        permissions: set[Permission] = set()
        calls_require = False
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "require":
                calls_require = True
                for arg in inner.args[1:]:
                    for sub in ast.walk(arg):
                        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "Permission":
                            permissions.add(Permission[sub.attr])
        if calls_require:
            found[node.name] = permissions
    return found


def _in_matrix(name: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in MODULE_PREFIXES)


def _rows() -> list[tuple[str, str, frozenset[Permission]]]:
    rows = []
    for name in _module_names():
        if not _in_matrix(name):
            continue
        module = importlib.import_module(name)
        for function, permissions in _checks(module).items():
            rows.append((name, function, frozenset(permissions | DYNAMIC.get(f"{name}.{function}", set()))))
    return rows


ROWS = _rows()


def _plain(parameter: inspect.Parameter, tmp: Path) -> Any:
    hint = str(parameter.annotation)
    if "UUID" in hint:
        return uuid.uuid4()
    if "Path" in hint:
        return tmp / "matrix-file.xlsx"
    if "date" in hint and "datetime" not in hint:
        return dt.date(2026, 3, 1)
    if "datetime" in hint:
        return dt.datetime(2026, 3, 1, 9, 0)
    if "Decimal" in hint:
        return Decimal(1)
    if "bool" in hint:
        return False
    if hint.startswith("int") or hint == "int":
        return 1
    if "Sequence" in hint or "list" in hint or "Iterable" in hint:
        return []
    if "dict" in hint or "Mapping" in hint:
        return {}
    if "str" in hint:
        return "x"
    return None


def _arguments(function: Callable[..., Any], db: Any, actor: Any, tmp: Path, qualified: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "actor":  # also where it is optional (a seeding that the system may run too)
            kwargs[name] = actor
            continue
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or parameter.default is not parameter.empty:
            continue
        if name == "db":
            kwargs[name] = db
        elif name == "actor":
            kwargs[name] = actor
        elif name == "params":  # a report's filters, with the database and the user
            kwargs[name] = {"db": db, "actor": actor}
        else:
            kwargs[name] = _plain(parameter, tmp)
    if qualified in ARGUMENTS:
        kwargs.update(ARGUMENTS[qualified](db))
    return kwargs


def _actor(role: Role) -> context.Actor:
    return context.Actor(uuid.uuid4(), f"matrix-{role.value}", f"matrix {role.value}", role)


@pytest.fixture(scope="module")
def matrix_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from pr_desk.services.setup import create_database
    from tests.conftest import ADMIN_PASSWORD

    db, _admin = create_database(str(tmp_path_factory.mktemp("matrix") / "office.sqlite"), admin_username="admin",
                                 admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    yield db
    db.dispose()


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[Permission]:
    """`require` in every service module: the real refusal, or _Granted once it passes."""
    seen: list[Permission] = []
    real = context.require

    def require(actor: context.Actor, permission: Permission, db: Any = None) -> None:
        seen.append(permission)
        real(actor, permission, db)
        raise _Granted

    for name in _module_names():
        module = importlib.import_module(name)
        if getattr(module, "require", None) is real:
            monkeypatch.setattr(module, "require", require)
    return seen


def test_every_service_that_checks_a_permission_is_in_the_matrix() -> None:
    """A service module that calls require() is in MODULE_PREFIXES or named in NOT_YET."""
    missing = []
    for name in _module_names():
        module = importlib.import_module(name)
        if _checks(module) and not _in_matrix(name) and not any(name == p or name.startswith(p + ".") for p in NOT_YET):
            missing.append(name)
    assert missing == []
    assert len(ROWS) > 100  # the matrix found the services (not an empty walk)


@pytest.mark.parametrize(("module_name", "function_name", "permissions"), ROWS,
                         ids=[f"{m.removeprefix('pr_desk.services.')}.{f}" for m, f, _p in ROWS])
def test_each_role_is_refused_or_let_through_as_the_table_says(module_name: str, function_name: str, permissions: frozenset[Permission],
                                                               matrix_db, checked: list[Permission], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    function = getattr(importlib.import_module(module_name), function_name)
    qualified = f"{module_name}.{function_name}"
    if qualified in ELSEWHERE:
        pytest.skip(ELSEWHERE[qualified])
    for role in Role:
        checked.clear()
        actor = _actor(role)
        outcome: str
        try:
            function(**_arguments(function, matrix_db, actor, tmp_path, qualified))
            outcome = "returned without a check"
        except _Granted:
            outcome = "allowed"
        except PermissionDenied:
            outcome = "refused"
        except Exception as exc:  # the first check was not reached with plain arguments
            outcome = f"failed before its check: {exc!r}"
        if qualified in ANY_OF:
            expected = "allowed" if any(role_allows(role, p) for p in ANY_OF[qualified]) else "refused"
            assert (outcome == "refused") == (expected == "refused"), f"{qualified} as {role.value}: {outcome}, the table says {expected}"
            continue
        assert checked, f"{qualified} as {role.value}: {outcome} (give it ARGUMENTS)"
        first = checked[0]
        assert first in permissions, f"{qualified} checked {first}, its source names {sorted(permissions)}"
        expected = "allowed" if role_allows(role, first) else "refused"
        assert outcome == expected, f"{qualified} as {role.value} needing {first.value}: {outcome}, the table says {expected}"


GRANTED_ROWS = [row for row in ROWS if row[2] & GRANTABLE_PERMISSIONS]


@pytest.fixture(scope="module")
def granted_inspectors(matrix_db) -> dict[EventsGrant, context.Actor]:  # type: ignore[no-untyped-def]
    """An inspector given each events grant, in the matrix database."""
    from pr_desk.services.event_grants import set_events_grant
    from pr_desk.services.users import add_user

    admin = _actor(Role.ADMIN)
    found = {}
    for grant in EventsGrant:
        info = add_user(matrix_db, admin, username=f"matrix_inspector_{grant.value}", display_name=f"بازرس {grant.value}",
                        role=Role.INSPECTOR, password="pass-word-1405")
        set_events_grant(matrix_db, admin, info.id, grant)
        found[grant] = context.Actor(info.id, info.username, info.display_name, Role.INSPECTOR)  # no login snapshot
    return found


def test_the_granted_rows_are_the_events_services() -> None:
    assert len(GRANTED_ROWS) > 40
    assert all(m.startswith("pr_desk.services.events.") for m, _f, _p in GRANTED_ROWS)


@pytest.mark.parametrize(("module_name", "function_name", "permissions"), GRANTED_ROWS,
                         ids=[f"{m.removeprefix('pr_desk.services.')}.{f}" for m, f, _p in GRANTED_ROWS])
def test_a_granted_inspector_is_let_through_as_the_grant_says(module_name: str, function_name: str, permissions: frozenset[Permission],
                                                              matrix_db, granted_inspectors, checked: list[Permission],  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    function = getattr(importlib.import_module(module_name), function_name)
    qualified = f"{module_name}.{function_name}"
    for grant, actor in granted_inspectors.items():
        checked.clear()
        try:
            function(**_arguments(function, matrix_db, actor, tmp_path, qualified))
            outcome = "returned without a check"
        except _Granted:
            outcome = "allowed"
        except PermissionDenied:
            outcome = "refused"
        except Exception as exc:
            outcome = f"failed before its check: {exc!r}"
        assert checked, f"{qualified} as an inspector granted {grant.value}: {outcome}"
        first = checked[0]
        allowed = role_allows(Role.INSPECTOR, first) or first in granted_permissions(Role.INSPECTOR, grant)
        expected = "allowed" if allowed else "refused"
        assert outcome == expected, f"{qualified} as an inspector granted {grant.value} needing {first.value}: {outcome}, expected {expected}"
