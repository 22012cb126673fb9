"""arabic stage."""
