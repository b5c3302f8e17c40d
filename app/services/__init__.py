"""Services: the only door from the UI into the client core (Anki's operations)."""
