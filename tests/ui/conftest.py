"""UI tests run headless: the offscreen platform unless the caller chose another."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
