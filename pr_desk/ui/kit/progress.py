"""Long work off the UI thread: a modal progress dialog with Cancel, and a background Worker.

A job is a plain callable `job(progress, cancelled) -> T` that runs on a worker thread:
it reports with `progress(done, total_or_None)` and looks at `cancelled()` where stopping
is safe, then raises `JobCancelled`. It must not touch widgets; it opens its own session.
The outcome comes back as a `JobResult`, so the caller shows a `UserError` nicely with
`show_error(parent, result.error)` and nothing is raised across threads.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pr_desk.domain.text import to_persian_digits
from pr_desk.i18n import _

T = TypeVar("T")
ProgressCallback = Callable[..., None]
"""progress(done: int, total: int | None, message: str | None = None)"""
Job = Callable[[ProgressCallback, Callable[[], bool]], T]

log = logging.getLogger("pr_desk")

# Progress reports are coalesced so a job may call progress() for every row.
_PROGRESS_INTERVAL_S = 0.05
# A job that ends this fast never shows its dialog (no flash for quick work).
DEFAULT_SHOW_DELAY_MS = 400


class JobCancelled(Exception):
    """Raised by a job that saw `cancelled()` and stopped."""


class JobStatus(enum.Enum):
    OK = "ok"
    CANCELLED = "cancelled"
    ERROR = "error"


@dataclass(frozen=True)
class JobResult(Generic[T]):
    """What a job ended with: a value, a cancellation, or an exception (with traceback)."""

    status: JobStatus
    value: T | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.status is JobStatus.OK

    @property
    def cancelled(self) -> bool:
        return self.status is JobStatus.CANCELLED

    def unwrap(self) -> T:
        """The value; re-raises the job's exception, or JobCancelled."""
        if self.status is JobStatus.ERROR:
            assert self.error is not None
            raise self.error
        if self.status is JobStatus.CANCELLED:
            raise JobCancelled()
        return self.value  # type: ignore[return-value]


class _Reporter(QObject):
    """Lives in the UI thread; the job's thread emits through it (queued delivery)."""

    progressed = Signal(int, object, object)  # done, total | None, message | None


class _JobThread(QThread):
    def __init__(self, job: Job[Any], reporter: _Reporter, cancel_event: threading.Event,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._reporter = reporter
        self._cancel_event = cancel_event
        self._last_emit = 0.0
        self.result: JobResult[Any] | None = None

    def _progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if message is None and not final and now - self._last_emit < _PROGRESS_INTERVAL_S:
            return
        self._last_emit = now
        self._reporter.progressed.emit(int(done), total, message)

    def run(self) -> None:
        try:
            value = self._job(self._progress, self._cancel_event.is_set)
        except JobCancelled:
            self.result = JobResult(JobStatus.CANCELLED)
        except BaseException as exc:
            self.result = JobResult(JobStatus.ERROR, error=exc)
        else:
            self.result = JobResult(JobStatus.OK, value=value)


class ProgressDialog(QDialog):
    """Label, progress bar and Cancel. Closing or Escape asks the job to cancel; the dialog
    stays until the job has really stopped, so the window never acts on half-done work."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, title: str, *, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._cancellable = cancellable
        self._finished = False
        self.label = QLabel(title, self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the job reports a total
        self.bar.setTextVisible(True)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.request_cancel)
        self.cancel_button.setVisible(cancellable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(360)

    def set_progress(self, done: int, total: int | None, message: str | None = None) -> None:
        from pr_desk.ui.kit.formatting import persian_on_screen

        if message:
            self.label.setText(message)
        if total is None or total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        percent = int(100 * min(done, total) / total)
        # Persian uses its own percent sign (٪) with Persian digits.
        self.bar.setFormat(to_persian_digits(f"{percent}\u066a") if persian_on_screen() else f"{percent}%")

    def request_cancel(self) -> None:
        if not self._cancellable or not self.cancel_button.isEnabled():
            return
        self.cancel_button.setEnabled(False)
        self.label.setText(_("Cancelling…"))
        self.cancel_requested.emit()

    def mark_finished(self) -> None:
        self._finished = True

    def reject(self) -> None:
        # Escape / the window's close button: cancel, but only close once the job is over.
        if self._finished:
            super().reject()
        else:
            self.request_cancel()

    def closeEvent(self, event: Any) -> None:
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()
            self.request_cancel()


def run_with_progress(
    parent: QWidget | None,
    title: str,
    job: Job[T],
    *,
    cancellable: bool = True,
    show_delay_ms: int = DEFAULT_SHOW_DELAY_MS,
) -> JobResult[T]:
    """Run `job` on a worker thread behind a window-modal progress dialog; wait for it
    (the event loop keeps running, so the window repaints) and return its JobResult.

    `title` is already translated. Input to the window is held back until the dialog
    shows (after `show_delay_ms`), so the user cannot start a second action meanwhile.
    """
    reporter = _Reporter()
    cancel_event = threading.Event()
    thread = _JobThread(job, reporter, cancel_event)
    dialog = ProgressDialog(parent, title, cancellable=cancellable)
    reporter.progressed.connect(dialog.set_progress)
    dialog.cancel_requested.connect(cancel_event.set)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    try:
        thread.start()
        if show_delay_ms > 0:
            delay = QTimer()
            delay.setSingleShot(True)
            delay.timeout.connect(loop.quit)
            delay.start(show_delay_ms)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            delay.stop()
        if not thread.isFinished():
            dialog.show()
            while not thread.isFinished():
                loop.exec()
        thread.wait()
    finally:
        dialog.mark_finished()
        dialog.close()
        dialog.deleteLater()
        reporter.deleteLater()
    result = thread.result
    thread.deleteLater()
    assert result is not None
    if result.status is JobStatus.ERROR:
        log.debug("job %r failed", title, exc_info=result.error)
    return result


class Worker(QObject):
    """A non-modal background task: start it, listen to its signals, cancel it if needed.

        worker = Worker(job, parent=self)
        worker.finished.connect(self._on_export_finished)   # JobResult
        worker.start()

    Keep the Worker (its parent keeps it alive); call `cancel_and_wait()` before closing
    a window whose worker may still run.
    """

    progressed = Signal(int, object, object)  # done, total | None, message | None
    finished = Signal(object)  # JobResult

    def __init__(self, job: Job[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel_event = threading.Event()
        self._reporter = _Reporter(self)
        self._reporter.progressed.connect(self.progressed)
        self._thread: _JobThread | None = None
        self._result: JobResult[Any] | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a Worker runs once")
        self._thread = _JobThread(self._job, self._reporter, self._cancel_event, self)
        self._thread.finished.connect(self._on_thread_finished)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread is not None and self._result is None

    def result(self) -> JobResult[Any] | None:
        return self._result

    def cancel(self) -> None:
        """Ask the job to stop; `finished` still comes, with the job's own outcome."""
        self._cancel_event.set()

    def cancel_and_wait(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and block until the thread ends; True if it ended."""
        self.cancel()
        if self._thread is None:
            return True
        return self._thread.wait(timeout_ms)

    def _on_thread_finished(self) -> None:
        assert self._thread is not None
        self._result = self._thread.result
        self.finished.emit(self._result)
