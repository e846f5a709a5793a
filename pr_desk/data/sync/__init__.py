"""Offline field sync (SYNC.md): trigger change capture, packages, the office merge.

The office is the hub and the only place where merging happens; field copies
(replicas) exchange packages with it, never with each other."""
