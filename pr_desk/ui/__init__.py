"""The desktop UI (PySide6): the only layer that imports Qt."""
