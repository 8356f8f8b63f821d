"""Plain domain vocabulary, time, validation and errors: no I/O, no other layer."""
