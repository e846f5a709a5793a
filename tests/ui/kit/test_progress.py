"""run_with_progress and Worker: results, cancellation and errors, never blocking the UI."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from pr_desk.domain.errors import UserError
from pr_desk.ui.kit import JobCancelled, JobStatus, ProgressDialog, Worker, run_with_progress


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_success_returns_the_value_and_reports_progress(qtbot, window):
    def job(progress, cancelled):
        for i in range(1, 101):
            progress(i, 100)
        return sum(range(101))

    result = run_with_progress(window, "Summing", job)
    assert result.ok and result.status is JobStatus.OK
    assert result.value == 5050
    assert result.unwrap() == 5050
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()]


def test_cancel_stops_the_job(qtbot, window):
    started = threading.Event()
    release = threading.Event()
    steps: list[int] = []

    def job(progress, cancelled):
        started.set()
        deadline = time.monotonic() + NEVER
        for i in range(1_000_000):
            if cancelled():
                raise JobCancelled()
            if time.monotonic() > deadline:
                raise AssertionError("Cancel never reached the job")
            steps.append(i)
            progress(i, 1_000_000)
            release.wait(0.001)
        return "finished"

    def press_cancel(dialog):
        assert started.is_set()
        qtbot.mouseClick(dialog.cancel_button, qtbot_button())

    pressed = when_shown(window, press_cancel)
    result = run_with_progress(window, "Long", job, show_delay_ms=10)
    assert pressed and result.cancelled
    assert result.value is None
    assert len(steps) < 1_000_000
    with pytest.raises(JobCancelled):
        result.unwrap()


NEVER = 120  # seconds: a job waiting to be cancelled fails past this instead of hanging the suite


def when_shown(parent, action) -> list[ProgressDialog]:  # type: ignore[no-untyped-def]
    """`action(dialog)` once, as soon as the progress dialog shows; the dialog is then in the
    list returned. Polled by a timer, so a slow machine only makes it later: a wait inside a
    single timer's callback timed out under load, the action was never taken, and the job
    waited for ever."""
    done: list[ProgressDialog] = []
    timer = QTimer(parent)

    def poll() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()), None)
        if dialog is not None and not done:
            done.append(dialog)
            timer.stop()
            action(dialog)

    timer.timeout.connect(poll)
    timer.start(10)
    return done


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_error_comes_back_to_the_ui_thread(window):
    def job(progress, cancelled):
        raise UserError("The file is locked by another program.")

    result = run_with_progress(window, "Import", job)
    assert result.status is JobStatus.ERROR
    assert isinstance(result.error, UserError)
    assert result.error.__traceback__ is not None
    with pytest.raises(UserError):
        result.unwrap()


def test_escape_asks_to_cancel_without_closing_early(qtbot, window):
    gate = threading.Event()
    still_open: list[bool] = []

    def job(progress, cancelled):
        deadline = time.monotonic() + NEVER
        while not cancelled():
            if time.monotonic() > deadline:
                raise AssertionError("Escape never reached the job")
            gate.wait(0.001)
        raise JobCancelled()

    def press_escape(dialog):
        dialog.reject()
        still_open.append(dialog.isVisible() and not dialog.cancel_button.isEnabled())

    pressed = when_shown(window, press_escape)
    result = run_with_progress(window, "Wait", job, show_delay_ms=5)
    assert pressed and still_open == [True]  # asked to cancel, the dialog waits for the job
    assert result.cancelled


def test_not_cancellable_hides_the_button(qtbot):
    dialog = ProgressDialog(None, "x", cancellable=False)
    qtbot.addWidget(dialog)
    assert dialog.cancel_button.isHidden()
    dialog.request_cancel()
    assert dialog.cancel_button.isEnabled()


def test_worker_runs_in_the_background(qtbot):
    main = threading.get_ident()
    where: list[int] = []

    def job(progress, cancelled):
        where.append(threading.get_ident())
        progress(1, 2, "halfway")
        progress(2, 2)
        return "done"

    worker = Worker(job)
    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        worker.start()
    result = blocker.args[0]
    assert result.ok and result.value == "done"
    assert where and where[0] != main
    assert worker.result() is result
    assert not worker.is_running()
    with pytest.raises(RuntimeError):
        worker.start()


def test_worker_progress_signal(qtbot):
    def job(progress, cancelled):
        progress(1, 3, "step one")

    worker = Worker(job)
    reports: list[tuple] = []
    worker.progressed.connect(lambda *args: reports.append(args))
    with qtbot.waitSignal(worker.finished, timeout=5000):
        worker.start()
    assert reports == [(1, 3, "step one")]


def test_worker_cancel(qtbot):
    def job(progress, cancelled):
        gate = threading.Event()
        while not cancelled():
            gate.wait(0.001)
        raise JobCancelled()

    worker = Worker(job)
    worker.start()
    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        worker.cancel()
    assert blocker.args[0].cancelled
    assert worker.cancel_and_wait()


def test_dialog_shows_persian_percent(qtbot):
    dialog = ProgressDialog(None, "x")
    qtbot.addWidget(dialog)
    dialog.set_progress(37, 100, "step")
    assert dialog.bar.format() == "۳۷٪"
    assert dialog.label.text() == "step"
    dialog.set_progress(1, None)
    assert dialog.bar.maximum() == 0  # busy indicator without a total
