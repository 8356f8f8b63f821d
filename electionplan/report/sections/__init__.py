"""One small builder per section of the plan document (see report.document)."""
