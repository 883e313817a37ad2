"""Self-contained widgets and small helpers shared by the screens."""
