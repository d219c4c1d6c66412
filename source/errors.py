"""The parser's domain error: its message names the file and line and says what is wrong."""

from __future__ import annotations


class SourceParseError(ValueError):
    """The review text cannot be read as a review (names the line where it went wrong)."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        where = path or "<text>"
        if line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
