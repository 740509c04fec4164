"""What annotators and maintainers run: the `edition` command and its subcommands (check,
fmt, diff, reports, annotate, serve, schema)."""
