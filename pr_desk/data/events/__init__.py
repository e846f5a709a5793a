"""data/events: event planning's tables and queries."""
