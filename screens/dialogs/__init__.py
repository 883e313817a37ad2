"""Modal dialogs that return a typed result."""
