"""The kit's BackgroundRunner (used by the dashboard and the search box): the value comes
back on the UI thread with its key, a failure answers None, and nothing is delivered after
the runner is closed or its owner deleted."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from pr_desk.ui.kit.background import BackgroundRunner, named_pool


def test_the_answer_comes_back_on_the_ui_thread_with_its_key(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = BackgroundRunner(owner, pool="test-kit", threads=2, what="test")
    worker: list[object] = []
    got: list[tuple[object, object, bool]] = []
    runner.finished.connect(lambda key, value: got.append((key, value, QThread.currentThread() is owner.thread())))
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start("a", lambda: worker.append(threading.current_thread()) or 42)
    assert got == [("a", 42, True)] and worker[0] is not threading.main_thread()

    def fails() -> int:
        raise ValueError("boom")

    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start(7, fails)
    assert blocker.args == [7, None]  # logged, answered None
    assert named_pool("test-kit", 9) is named_pool("test-kit", 1)  # one pool per name


def test_nothing_comes_after_close_or_after_the_owner_is_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    runner = BackgroundRunner(owner, pool="test-kit-close", threads=1, what="test")
    got: list[object] = []
    runner.finished.connect(lambda key, value: got.append(key))
    release = threading.Event()
    ran = threading.Event()

    def slow() -> str:
        release.wait(5)
        ran.set()
        return "late"

    runner.start("one", slow)
    runner.close()
    release.set()
    assert ran.wait(5)
    qtbot.wait(50)
    runner.start("two", lambda: "never run")
    named_pool("test-kit-close", 1).waitForDone(5000)
    qtbot.wait(50)
    assert got == [] and runner.closed

    # the owner deleted while a function runs: its answer is dropped, nothing raises
    owner2 = QWidget()
    runner2 = BackgroundRunner(owner2, pool="test-kit-close", threads=1, what="test")
    runner2.finished.connect(lambda key, value: got.append(key))
    release.clear()
    ran.clear()
    runner2.start("three", slow)
    owner2.deleteLater()
    qtbot.waitUntil(lambda: not _alive(runner2), timeout=5000)
    release.set()
    named_pool("test-kit-close", 1).waitForDone(5000)
    qtbot.wait(50)
    assert got == []
    owner.deleteLater()


def _alive(obj) -> bool:  # type: ignore[no-untyped-def]
    from shiboken6 import isValid

    return bool(isValid(obj))
