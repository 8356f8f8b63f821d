"""Where files live, how they are written, and logging."""
