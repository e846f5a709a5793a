"""data/directives: the directive register's tables and queries."""
