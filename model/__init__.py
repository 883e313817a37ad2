"""kontakt's domain: rules as pure functions over frozen records, and the store. Never imports the UI."""
