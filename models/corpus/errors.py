"""The corpus generator's own error type."""


class CorpusError(RuntimeError):
    """Corpus generation or loading failed; the message says what to fix."""
