"""The headless commands, one module per feature; each registers its subcommands."""
