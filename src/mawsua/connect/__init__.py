"""connect stage."""
